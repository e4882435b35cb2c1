/**
 * What the generated rules cost the engines that run them: the scale catalog (bench/scale.ts) at
 * each size, generated for Prometheus and for vmalert, and Sloth's default rules for the same
 * SLOs, evaluated by real Prometheus 2.42 and VictoriaMetrics 1.79 + vmalert processes scraping a
 * synthetic exporter. After a warm-up, each engine's own metrics are read over the measured minutes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeScaleCatalog } from '../scale.js';
import { startPrometheusEngine, startVictoriaMetricsEngine, stopProcess, type EngineProcess } from './engines.js';
import { startSyntheticExporter } from './exporter.js';
import { median, queryScalar, readMetrics, total, type MetricSample } from './measure.js';
import { slothScaleRuleFile } from './sloth-catalog.js';

type Generator = 'sloforge' | 'Sloth';
type Engine = 'Prometheus' | 'vmalert';

export interface EvalCostRow {
  instances: number;
  generator: Generator;
  engine: Engine;
  /** Rules in the loaded files, and the raw series the exporter serves. */
  rules: number;
  rawSeries: number;
  /** Seconds the ruler spent evaluating rules per minute (its groups' duration sums). */
  evalSecondsPerMinute: number;
  /** Prometheus: the median over the window of the sum of every group's last evaluation time. */
  lastDurationSumSeconds?: number;
  /** CPU seconds per minute of the ruler, and of the store that answers its queries (vmalert's VictoriaMetrics). */
  rulerCpuPerMinute: number;
  storeCpuPerMinute?: number;
  /** Peak resident memory of the ruler and of its store, in MiB. */
  rulerRssMiB: number;
  storeRssMiB?: number;
  /** Series the rules recorded (slo:* and sloth_*) and, in Prometheus, the head's series in all. */
  recordedSeries: number;
  headSeries?: number;
  missedIterations: number;
  failedEvaluations: number;
  /** Minutes measured, and the engines that shared the machine's cores meanwhile. */
  minutes: number;
  sharedWith: number;
}

interface Setup {
  generator: Generator;
  engine: Engine;
  ruleFiles: string[];
  rules: number;
}

interface Running {
  setup: Setup;
  ruler: EngineProcess;
  store?: EngineProcess;
}

function generateRules(dir: string, instances: number): { prometheus: string[]; vmalert: string[] } {
  const catalog = writeScaleCatalog(dir, instances);
  const out = path.join(dir, 'out');
  const result = spawnSync(
    process.execPath,
    ['bin/sloforge.mjs', 'generate', '--catalog', catalog, '--out', out, '--tests', 'none', '--target', 'victoriametrics'],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (result.status !== 0) throw new Error(`generate failed: ${result.stderr}`);
  const vmDir = path.join(out, 'generated/victoriametrics');
  const vmalert = readdirSync(vmDir)
    .filter((f) => f.endsWith('.rules.yml'))
    .map((f) => path.join(vmDir, f));
  const prometheus = readdirSync(path.join(out, 'alerts'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.rules.yml'))
    .map((f) => path.join(out, 'alerts', f));
  return { prometheus, vmalert };
}

const recordedSeriesQuery = 'count({__name__=~"slo:.+|sloth_.+"})';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function start(setup: Setup, dir: string, exporter: string): Promise<Running> {
  const name = `${setup.generator}-${setup.engine}`.toLowerCase();
  if (setup.engine === 'Prometheus') return { setup, ruler: await startPrometheusEngine(name, path.join(dir, name), exporter, setup.ruleFiles) };
  const [store, ruler] = await startVictoriaMetricsEngine(name, path.join(dir, name), exporter, setup.ruleFiles);
  return { setup, ruler, store };
}

/** Evaluation-seconds counters of a ruler: Prometheus's summary over all groups, vmalert's per group. */
function evalSeconds(engine: Engine, samples: MetricSample[]): number {
  return engine === 'Prometheus' ? total(samples, 'prometheus_rule_group_duration_seconds_sum') : total(samples, 'vmalert_iteration_duration_seconds_sum');
}
function missed(engine: Engine, samples: MetricSample[]): number {
  return engine === 'Prometheus' ? total(samples, 'prometheus_rule_group_iterations_missed_total') : total(samples, 'vmalert_iteration_missed_total');
}
function failures(engine: Engine, samples: MetricSample[]): number {
  return engine === 'Prometheus' ? total(samples, 'prometheus_rule_evaluation_failures_total') : total(samples, 'vmalert_execution_errors_total');
}

/** Runs `setups` side by side for warm-up plus `minutes`, and reads each one's cost. */
async function measurePhase(setups: Setup[], dir: string, instances: number, warmupMinutes: number, minutes: number): Promise<EvalCostRow[]> {
  const exporter = await startSyntheticExporter(instances / 10);
  const running: Running[] = [];
  try {
    for (const setup of setups) running.push(await start(setup, dir, exporter.url));
    await sleep(warmupMinutes * 60_000);
    const first = await Promise.all(running.map(async (r) => ({ ruler: await readMetrics(r.ruler.url), store: r.store && (await readMetrics(r.store.url)) })));
    const lastDurationSums: number[][] = running.map(() => []);
    const rss: Array<{ ruler: number; store: number }> = running.map(() => ({ ruler: 0, store: 0 }));
    const started = Date.now();
    while (Date.now() - started < minutes * 60_000) {
      await sleep(Math.min(20_000, Math.max(0, minutes * 60_000 - (Date.now() - started))));
      for (const [i, r] of running.entries()) {
        const ruler = await readMetrics(r.ruler.url);
        rss[i].ruler = Math.max(rss[i].ruler, total(ruler, 'process_resident_memory_bytes'));
        if (r.setup.engine === 'Prometheus') lastDurationSums[i].push(total(ruler, 'prometheus_rule_group_last_duration_seconds'));
        if (r.store) rss[i].store = Math.max(rss[i].store, total(await readMetrics(r.store.url), 'process_resident_memory_bytes'));
      }
    }
    const measuredMinutes = (Date.now() - started) / 60_000;
    const rows: EvalCostRow[] = [];
    for (const [i, r] of running.entries()) {
      const ruler = await readMetrics(r.ruler.url);
      const store = r.store && (await readMetrics(r.store.url));
      const { engine } = r.setup;
      const delta = (f: (s: MetricSample[]) => number) => f(ruler) - f(first[i].ruler);
      const cpu = (now: MetricSample[], then: MetricSample[]) =>
        (total(now, 'process_cpu_seconds_total') - total(then, 'process_cpu_seconds_total')) / measuredMinutes;
      rows.push({
        instances,
        generator: r.setup.generator,
        engine,
        rules: r.setup.rules,
        rawSeries: exporter.series,
        evalSecondsPerMinute: delta((s) => evalSeconds(engine, s)) / measuredMinutes,
        ...(engine === 'Prometheus' ? { lastDurationSumSeconds: median(lastDurationSums[i]), headSeries: total(ruler, 'prometheus_tsdb_head_series') } : {}),
        rulerCpuPerMinute: cpu(ruler, first[i].ruler),
        ...(store && first[i].store ? { storeCpuPerMinute: cpu(store, first[i].store!), storeRssMiB: rss[i].store / 2 ** 20 } : {}),
        rulerRssMiB: rss[i].ruler / 2 ** 20,
        recordedSeries: (await queryScalar((r.store ?? r.ruler).url, recordedSeriesQuery)) ?? 0,
        missedIterations: delta((s) => missed(engine, s)),
        failedEvaluations: delta((s) => failures(engine, s)),
        minutes: measuredMinutes,
        sharedWith: running.length - 1,
      });
    }
    return rows;
  } finally {
    for (const r of running) {
      await stopProcess(r.ruler);
      if (r.store) await stopProcess(r.store);
    }
    await exporter.close();
  }
}

/** Rules in YAML rule files: one `- record:` or `- alert:` line each. */
const countRules = (files: string[]) => files.reduce((n, f) => n + (readFileSync(f, 'utf8').match(/^\s*- (record|alert):/gm)?.length ?? 0), 0);

export interface EvalCostOptions {
  sizes: number[];
  warmupMinutes: number;
  minutes: number;
  /** Sizes up to this run all four setups side by side; larger ones one setup at a time. */
  sideBySideUpTo: number;
  /** Only these setups ("sloforge/Prometheus", "Sloth/vmalert"…); all when absent. */
  only?: string[];
  log?: (line: string) => void;
  /** Called with each phase's rows as soon as they are measured (the whole run takes over an hour). */
  onRows?: (rows: EvalCostRow[]) => void;
}

export async function evalCostBenchmark({
  sizes,
  warmupMinutes,
  minutes,
  sideBySideUpTo,
  only,
  log = console.log,
  onRows,
}: EvalCostOptions): Promise<EvalCostRow[]> {
  const rows: EvalCostRow[] = [];
  for (const instances of sizes) {
    const dir = mkdtempSync(path.join(tmpdir(), `sloforge-eval-cost-${instances}-`));
    const generated = generateRules(dir, instances);
    const sloth = slothScaleRuleFile(instances / 10);
    const slothFile = path.join(dir, 'sloth.rules.yml');
    writeFileSync(slothFile, sloth.content);
    const all: Setup[] = [
      { generator: 'sloforge', engine: 'Prometheus', ruleFiles: generated.prometheus, rules: countRules(generated.prometheus) },
      { generator: 'Sloth', engine: 'Prometheus', ruleFiles: [slothFile], rules: sloth.rules },
      { generator: 'sloforge', engine: 'vmalert', ruleFiles: generated.vmalert, rules: countRules(generated.vmalert) },
      { generator: 'Sloth', engine: 'vmalert', ruleFiles: [slothFile], rules: sloth.rules },
    ];
    const setups = all.filter((s) => !only || only.includes(`${s.generator}/${s.engine}`));
    const phases = instances <= sideBySideUpTo ? [setups] : setups.map((setup) => [setup]);
    for (const phase of phases) {
      const phaseRows = await measurePhase(phase, dir, instances, warmupMinutes, minutes).catch((error: unknown) => {
        log(`eval cost ${instances} instances failed; the engines' files and logs are kept in ${dir}`);
        throw error;
      });
      for (const row of phaseRows)
        log(
          `eval cost ${row.instances} instances, ${row.generator} in ${row.engine}: ${row.rules} rules, ${row.evalSecondsPerMinute.toFixed(2)} s eval/min, ruler CPU ${row.rulerCpuPerMinute.toFixed(2)} s/min${row.storeCpuPerMinute === undefined ? '' : `, store CPU ${row.storeCpuPerMinute.toFixed(2)} s/min`}, ${row.rulerRssMiB.toFixed(0)} MiB, ${row.recordedSeries} recorded series, ${row.missedIterations} missed, ${row.failedEvaluations} failed`,
        );
      rows.push(...phaseRows);
      onRows?.(phaseRows);
    }
    // Kept when a phase fails: the engines' logs say why (a crashed vmalert, a refusing store).
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
