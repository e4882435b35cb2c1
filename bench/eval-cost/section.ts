/** The evaluation-cost benchmark's results file and its section of docs/benchmarks.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { replaceSection } from '../doc-section.js';
import { evalCostBenchmark, type EvalCostRow } from './main.js';

const RESULTS_FILE = 'bench/eval-cost/results.json';
const SECTION_BEGIN = '<!-- eval-cost:start -->';
const SECTION_END = '<!-- eval-cost:end -->';

export interface EvalCostResults {
  date: string;
  machine: string;
  warmupMinutes: number;
  minutes: number;
  /** What the reader must know about this run (rows rebuilt from a log, say). */
  note?: string;
  rows: EvalCostRow[];
}

const envNumber = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

/** A quarter of the one-minute interval: the share of it a ruler may spend evaluating and keep headroom. */
const BUDGET_SECONDS_PER_MINUTE = 15;

/**
 * The instances one core evaluates within a quarter of the interval: from the largest size that ran
 * without a missed iteration or a failed evaluation, its instances scaled by 15 s over the CPU
 * seconds a minute it took (Prometheus: the whole process, scraping included; vmalert: vmalert and
 * the VictoriaMetrics that runs its queries). CPU seconds, not evaluation seconds: evaluation time
 * is wall time, which grows with whatever else shares the cores.
 */
export function instancesPerCore(rows: EvalCostRow[], generator: string, engine: string): { instances: number; from: EvalCostRow } | undefined {
  const from = rows
    .filter((r) => r.generator === generator && r.engine === engine && r.missedIterations === 0 && r.failedEvaluations === 0)
    .sort((a, b) => b.instances - a.instances)[0];
  if (!from) return undefined;
  const cpuSeconds = from.rulerCpuPerMinute + (from.storeCpuPerMinute ?? 0);
  return { instances: Math.floor((from.instances * BUDGET_SECONDS_PER_MINUTE) / cpuSeconds), from };
}

const f = (x: number | undefined, digits = 2) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits));

export function renderEvalCostSection(r: EvalCostResults): string {
  const sizes = [...new Set(r.rows.map((row) => row.instances))];
  const perCore = (['Prometheus', 'vmalert'] as const).flatMap((engine) =>
    (['sloforge', 'Sloth'] as const).map((generator) => {
      const estimate = instancesPerCore(r.rows, generator, engine);
      return estimate
        ? `- ${generator} in ${engine}: about **${estimate.instances.toLocaleString('en-US')} instances** per core (from the ${estimate.from.instances.toLocaleString('en-US')}-instance run).`
        : `- ${generator} in ${engine}: cannot tell (every run missed iterations or failed).`;
    }),
  );
  return [
    SECTION_BEGIN,
    '## Evaluation cost in real engines',
    '',
    `Measured by \`make bench\` (or \`npm run bench:eval-cost\` alone) on ${r.date}, on ${r.machine}.`,
    `The scale catalog above (N/10 services × 5 SLOs × 2 environments) at ${sizes.map((s) => s.toLocaleString('en-US')).join(', ')} instances, generated with`,
    '`--tests none`, evaluated by a real Prometheus 2.42 (the `alerts/` files) and by a real vmalert 1.79 on',
    "VictoriaMetrics 1.79 (the `generated/victoriametrics/` files). Beside them, Sloth's default rules for the same",
    'SLOs (bench/eval-cost/sloth-catalog.ts: 7 raw windows, the period from the 5m ratios, metadata, 2 alerts, in',
    "Sloth's three groups per SLO). Each engine scrapes a synthetic exporter every 30 s (31 raw series per service",
    `and environment: 3 pods × requests by code and the latency histogram, and a probe) and evaluates every minute.`,
    `After ${r.warmupMinutes} minutes of warm-up, each engine's own metrics are read over ${r.minutes} minutes.`,
    ...(r.note ? ['', `Note: ${r.note}`] : []),
    '',
    "- **eval s/min**: seconds spent evaluating rule groups per minute (Prometheus: `prometheus_rule_group_duration_seconds_sum`; vmalert: `vmalert_iteration_duration_seconds_sum`). Groups run concurrently and each one's time includes its wait for a core, so the sum passes 60 when the cores are short: CPU s/min is the cost.",
    '- **Σ last**: Prometheus only, the median over the window of `prometheus_rule_group_last_duration_seconds` summed over the groups.',
    "- **CPU s/min**: the ruler's `process_cpu_seconds_total` per minute; for vmalert, + the VictoriaMetrics store that answers its queries (and ingests the scrapes).",
    '- **RSS**: peak resident memory of the ruler (+ the store).',
    '- **recorded**: series named `slo:*` or `sloth_*` at the end; **head**: all series in the Prometheus head (the raw ones included).',
    '- **missed / failed**: `prometheus_rule_group_iterations_missed_total` or `vmalert_iteration_missed_total`, and failed evaluations (`prometheus_rule_evaluation_failures_total`, `vmalert_execution_errors_total`), over the window.',
    '- **beside**: how many other engines ran at the same time on the 2 cores (the small sizes side by side; 10,000 one at a time).',
    '',
    '| instances | rules from | engine | rules | raw series | eval s/min | Σ last (s) | CPU s/min | RSS (MiB) | recorded | head | missed | failed | beside |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.rows.map(
      (row) =>
        `| ${row.instances.toLocaleString('en-US')} | ${row.generator} | ${row.engine} | ${row.rules.toLocaleString('en-US')} | ${row.rawSeries.toLocaleString('en-US')} | ${f(row.evalSecondsPerMinute)} | ${f(row.lastDurationSumSeconds)} | ${f(row.rulerCpuPerMinute)}${row.storeCpuPerMinute === undefined ? '' : ` + ${f(row.storeCpuPerMinute)}`} | ${f(row.rulerRssMiB, 0)}${row.storeRssMiB === undefined ? '' : ` + ${f(row.storeRssMiB, 0)}`} | ${row.recordedSeries.toLocaleString('en-US')} | ${row.headSeries?.toLocaleString('en-US') ?? '-'} | ${row.missedIterations} | ${row.failedEvaluations} | ${row.sharedWith} |`,
    ),
    '',
    '**How many instances one core evaluates within a quarter of the one-minute interval**: 15 CPU seconds a',
    'minute, scaled from the largest size that missed no iteration (Prometheus: its whole process, scraping',
    'included; vmalert: vmalert and the VictoriaMetrics that runs its queries). A straight-line estimate: the',
    'cost per instance held steady between sizes (compare the rows).',
    '',
    ...perCore,
    '',
    'What this does not show: the engines hold only the last minutes of data, so a rule over 3 or 30 days reads',
    "minutes, not days. That favours rules that read raw samples over long windows, which Sloth's do (its 1d and 3d",
    "windows, and the 30d average of its 5m ratios) and sloforge's do not (it tiles long windows from recorded",
    'shorter ones). Over a 31-day history the cost per SLO turns around: see "Rule cost and accuracy" above, where',
    "sloforge's rules read a small fraction of Sloth's samples and take a fraction of its evaluation time. Here,",
    "with minutes of data, the cost is mostly per rule, and sloforge writes about twice Sloth's rules per SLO",
    '(the tiles, the low-traffic guard, the reporting group).',
    SECTION_END,
  ].join('\n');
}

export function replaceEvalCostSection(doc: string, section: string): string {
  return replaceSection(doc, { begin: SECTION_BEGIN, end: SECTION_END }, section);
}

/** Measures the evaluation cost (the windows and sizes from the environment) and writes the results file. */
const rowKey = (r: EvalCostRow) => `${r.instances}/${r.generator}/${r.engine}`;

/**
 * Measures the evaluation cost (sizes, windows and setups from the environment) and writes the
 * results file after every phase; with BENCH_EVAL_ONLY (e.g. "sloforge/vmalert,Sloth/vmalert") only
 * those setups run, and their rows replace the same rows of the results file.
 */
async function measureEvalCost(): Promise<EvalCostResults> {
  const warmupMinutes = envNumber('BENCH_EVAL_WARMUP_MINUTES', 2);
  const minutes = envNumber('BENCH_EVAL_MINUTES', 10);
  const sizes = (process.env.BENCH_EVAL_SIZES ?? '100,1000,10000').split(',').map(Number);
  const only = process.env.BENCH_EVAL_ONLY?.split(',');
  const earlier = only && existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as EvalCostResults) : undefined;
  const results: EvalCostResults = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    warmupMinutes,
    minutes,
    ...(earlier?.note ? { note: earlier.note } : {}),
    rows: earlier?.rows ?? [],
  };
  const save = (rows: EvalCostRow[]) => {
    const fresh = new Set(rows.map(rowKey));
    results.rows = [...results.rows.filter((r) => !fresh.has(rowKey(r))), ...rows].sort(
      (a, b) => a.instances - b.instances || a.engine.localeCompare(b.engine) || Number(a.generator !== 'sloforge') - Number(b.generator !== 'sloforge'),
    );
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  };
  await evalCostBenchmark({ sizes, warmupMinutes, minutes, sideBySideUpTo: 1000, only, onRows: save });
  return results;
}

/** The results of the last measurement (BENCH_EVAL_RENDER_ONLY=1), or a new one. */
export async function evalCostResults(): Promise<EvalCostResults> {
  return process.env.BENCH_EVAL_RENDER_ONLY && existsSync(RESULTS_FILE)
    ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as EvalCostResults)
    : await measureEvalCost();
}

/** Measures (or re-reads, see evalCostResults), then writes the section into docs/benchmarks.md. */
export async function runEvalCost(): Promise<EvalCostResults> {
  const results = await evalCostResults();
  writeFileSync('docs/benchmarks.md', replaceEvalCostSection(readFileSync('docs/benchmarks.md', 'utf8'), renderEvalCostSection(results)));
  return results;
}
