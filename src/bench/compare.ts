/**
 * The regression gate: compares a current run with its baseline, per benchmark or metric, with
 * a noise check so that a difference inside the run-to-run spread is not called a regression.
 *
 * Rule: the configured statistic (median by default, robust to outliers) must grow by more than
 * the gate's threshold, AND, when both runs carry at least MIN_ROUNDS samples, the growth must
 * stand out of the noise:
 *  - with raw samples on both sides (pytest-benchmark --benchmark-save-data, or a list of values
 *    in a metrics file): a one-sided Mann-Whitney U test says the current samples are larger
 *    (p < 0.01). It compares whole distributions by rank, so one slow outlier or a noisy tail
 *    (p95 of a few rounds) does not make a regression;
 *  - with summary statistics only: the absolute growth exceeds the larger interquartile range.
 * With fewer samples, the threshold alone decides.
 */
import type { RegressionGateSpec } from '../catalog/schema.js';
import type { BenchInput } from './formats.js';

const MIN_ROUNDS = 5;

export type Verdict = 'ok' | 'regression' | 'improvement' | 'within noise' | 'new' | 'gone' | 'not gated';

export interface Measurement {
  value: number;
  samples: number;
  /** Interquartile range of the samples, when known. */
  iqr?: number;
  /** The raw samples, when known. */
  raw?: number[];
}

/** z of a one-sided Mann-Whitney U test that `current` is stochastically larger than `baseline` (normal approximation, ties averaged). */
export function mannWhitneyZ(baseline: number[], current: number[]): number {
  const all = [...baseline.map((v) => ({ v, current: false })), ...current.map((v) => ({ v, current: true }))].sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(all.length);
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].v === all[i].v) j += 1;
    for (let k = i; k <= j; k += 1) ranks[k] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const n1 = current.length;
  const n2 = baseline.length;
  const rankSum = all.reduce((sum, item, i) => (item.current ? sum + ranks[i] : sum), 0);
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  return (u - (n1 * n2) / 2) / Math.sqrt((n1 * n2 * (n1 + n2 + 1)) / 12);
}

/** One-sided p < 0.01. */
const SIGNIFICANT_Z = 2.326;

export interface ComparisonRow {
  gate: string | null;
  name: string;
  statistic: string;
  baseline: number | null;
  current: number | null;
  /** Relative change, +0.25 = 25% more. */
  change: number | null;
  threshold: number | null;
  noise: number | null;
  verdict: Verdict;
}

export interface BenchCheckResult {
  kind: BenchInput['kind'];
  rows: ComparisonRow[];
  warnings: string[];
  regressions: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 1) return sorted[0];
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** Statistic of raw samples: median/mean/min/max/p95, and their IQR. */
export function summarize(samples: number[], statistic: RegressionGateSpec['statistic']): Measurement {
  const sorted = [...samples].sort((a, b) => a - b);
  const value =
    statistic === 'median'
      ? quantile(sorted, 0.5)
      : statistic === 'p95'
        ? quantile(sorted, 0.95)
        : statistic === 'min'
          ? sorted[0]
          : statistic === 'max'
            ? sorted.at(-1)!
            : sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { value, samples: sorted.length, iqr: quantile(sorted, 0.75) - quantile(sorted, 0.25), raw: sorted };
}

function benchmarkMeasurement(
  stats: Extract<BenchInput, { kind: 'pytest-benchmark' }>['data']['benchmarks'][number]['stats'],
  statistic: RegressionGateSpec['statistic'],
  name: string,
): Measurement {
  if (stats.data && stats.data.length > 0) return summarize(stats.data, statistic);
  if (statistic === 'p95') throw new Error(`benchmark "${name}" has no raw rounds for p95: run pytest with --benchmark-save-data`);
  return { value: stats[statistic], samples: stats.rounds, iqr: stats.iqr };
}

/** Compares two measurements against a gate's threshold, with the noise rule. */
export function judge(baseline: Measurement, current: Measurement, maxIncrease: number): { verdict: Verdict; change: number; noise: number | null } {
  const change = baseline.value === 0 ? (current.value === 0 ? 0 : Infinity) : current.value / baseline.value - 1;
  const enough = baseline.samples >= MIN_ROUNDS && current.samples >= MIN_ROUNDS;
  const noise = enough && baseline.iqr !== undefined && current.iqr !== undefined ? Math.max(baseline.iqr, current.iqr) : null;
  const ranked = enough && baseline.raw && current.raw ? mannWhitneyZ(baseline.raw, current.raw) : undefined;
  const larger = ranked !== undefined ? ranked > SIGNIFICANT_Z : noise === null || current.value - baseline.value > noise;
  const smaller = ranked !== undefined ? ranked < -SIGNIFICANT_Z : noise === null || baseline.value - current.value > noise;
  if (change > maxIncrease) return { verdict: larger ? 'regression' : 'within noise', change, noise };
  if (change < -maxIncrease) return { verdict: smaller ? 'improvement' : 'within noise', change, noise };
  return { verdict: 'ok', change, noise };
}

function machineWarnings(baseline: Record<string, unknown>, current: Record<string, unknown>): string[] {
  const fields = ['node', 'machine', 'processor', 'system', 'release', 'python_implementation', 'python_version'];
  const cpu = (info: Record<string, unknown>) => {
    const c = info.cpu as { brand_raw?: string; brand?: string } | undefined;
    return c?.brand_raw ?? c?.brand;
  };
  const differing = fields.filter((f) => baseline[f] !== undefined && current[f] !== undefined && baseline[f] !== current[f]);
  if (cpu(baseline) && cpu(current) && cpu(baseline) !== cpu(current)) differing.push('cpu');
  if (differing.length === 0) return [];
  return [
    `the runs come from different machines (${differing.map((f) => (f === 'cpu' ? `cpu: ${cpu(baseline)} vs ${cpu(current)}` : `${f}: ${String(baseline[f])} vs ${String(current[f])}`)).join('; ')}): differences may not be regressions`,
  ];
}

export function benchCheck(gates: RegressionGateSpec[], baseline: BenchInput, current: BenchInput): BenchCheckResult {
  if (baseline.kind !== current.kind) throw new Error(`the baseline is a ${baseline.kind} file but the current one is a ${current.kind} file`);
  const rows: ComparisonRow[] = [];
  const entries = (input: BenchInput): Map<string, (statistic: RegressionGateSpec['statistic']) => Measurement> =>
    input.kind === 'pytest-benchmark'
      ? new Map(input.data.benchmarks.map((b) => [b.name, (s: RegressionGateSpec['statistic']) => benchmarkMeasurement(b.stats, s, b.name)]))
      : new Map(
          Object.entries(input.data.metrics).map(([k, v]) => [
            k,
            (s: RegressionGateSpec['statistic']) => (Array.isArray(v) ? summarize(v, s === 'p95' ? 'median' : s) : { value: v, samples: 1 }),
          ]),
        );
  const before = entries(baseline);
  const after = entries(current);
  const gateFor = (name: string) =>
    gates.find((g) => (baseline.kind === 'metrics' ? g.metric === name : g.benchmarks !== undefined && new RegExp(`^(?:${g.benchmarks})$`).test(name)));
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const gate = gateFor(name);
    const statistic = gate?.statistic ?? 'median';
    const b = before.get(name)?.(statistic);
    const c = after.get(name)?.(statistic);
    const base = { gate: gate?.id ?? null, name, statistic, baseline: b?.value ?? null, current: c?.value ?? null, threshold: gate?.maxIncrease ?? null };
    if (!b) rows.push({ ...base, change: null, noise: null, verdict: 'new' });
    else if (!c) rows.push({ ...base, change: null, noise: null, verdict: 'gone' });
    else if (!gate) rows.push({ ...base, change: c.value / b.value - 1, noise: null, verdict: 'not gated' });
    else rows.push({ ...base, ...judge(b, c, gate.maxIncrease) });
  }
  return {
    kind: baseline.kind,
    rows,
    warnings: machineWarnings(baseline.data.machine_info, current.data.machine_info),
    regressions: rows.filter((r) => r.verdict === 'regression').length,
  };
}
