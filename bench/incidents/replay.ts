/**
 * The corpus in a real Prometheus: raw counters backfilled as TSDB blocks (promtool), every tool's
 * recording rules evaluated at every minute of each scenario by range queries, one dependency level
 * at a time (recorded and loaded as blocks before the next level reads them), and the alerts'
 * expressions evaluated the same way and run through Prometheus's alert state machine (`for`).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDuration } from '../../src/core/duration.js';
import type { RecordingRule } from '../../src/emitters/prometheus/rule-types.js';
import { alertEpisodes, type AlertEpisode, type AlertSeries } from '../../src/history/alert-states.js';
import { MAX_POINTS } from '../../src/history/replay-engine.js';
import { prometheusClient, type PrometheusClient } from '../../src/prometheus-api/client.js';
import { inlineRecorded, prefixRules, ruleLevels, rulesReadByAlerts, startPrometheus, stopPrometheus } from '../prometheus.js';
import { LATENCY_METRIC, LATENCY_THRESHOLD, ERRORS_METRIC, PROBE_METRIC, type ScenarioRules, type Tool } from './rule-sets.js';
import type { Scenario } from './corpus.js';

/** The corpus's first minute: 2026-01-01T00:00:00Z (a Thursday). */
export const CORPUS_START = 1_767_225_600;
/** Blocks as long as the corpus: a query then looks each selector up in a few blocks, as in a compacted TSDB. */
const BLOCK_DURATION = '1000h';

export interface ReplayedEpisode extends AlertEpisode {
  tool: Tool;
  scenario: string;
  severity: 'page' | 'ticket' | 'none';
  aftermathSeconds: number;
}

/** One OpenMetrics file, turned into blocks when closed (one promtool run: its start-up dominates small files). */
class OmFile {
  private readonly fd: number;
  constructor(private readonly file: string) {
    this.fd = openSync(file, 'w');
  }
  /** One series' samples, in time order, without metadata (type unknown: a name may come back later in the file). */
  writeSeries(name: string, labels: string, points: Array<[number, number]>): void {
    let text = '';
    for (const [t, value] of points)
      text += `${name}{${labels}} ${Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : value} ${t}\n`;
    if (text) writeSync(this.fd, text);
  }
  toBlocks(blocksDir: string): string[] {
    mkdirSync(blocksDir, { recursive: true });
    writeSync(this.fd, '# EOF\n');
    closeSync(this.fd);
    const made = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', `--max-block-duration=${BLOCK_DURATION}`, this.file, blocksDir], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (made.status !== 0) throw new Error(`promtool create-blocks-from openmetrics ${this.file}: ${made.stdout}${made.stderr}`);
    rmSync(this.file);
    return readdirSync(blocksDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(blocksDir, e.name));
  }
}

/** Runs `task` over `items`, `width` at a time (the Prometheus and this process each keep a core busy). */
async function pool<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}

/** The raw series: cumulative counters per minute (OpenMetrics wants each family in one piece per file: one pass per metric). */
function writeRaw(scenarios: Scenario[], files: OmFile): void {
  const counter = (s: Scenario, name: string, labels: string, perMinute: (m: number) => number) => {
    let value = 0;
    const points: Array<[number, number]> = [];
    for (let m = 0; m < s.minutes; m += 1) {
      value += perMinute(m);
      points.push([CORPUS_START + m * 60, value]);
    }
    files.writeSeries(name, [`scenario="${s.id}"`, ...(labels ? [labels] : [])].join(','), points);
  };
  for (const s of scenarios.filter((x) => x.sli === 'errors')) {
    counter(s, ERRORS_METRIC, 'code="200"', (m) => s.total[m] - s.bad[m]);
    counter(s, ERRORS_METRIC, 'code="500"', (m) => s.bad[m]);
  }
  const latency = scenarios.filter((x) => x.sli === 'latency');
  for (const s of latency) {
    counter(s, `${LATENCY_METRIC}_bucket`, `le="${LATENCY_THRESHOLD}"`, (m) => s.total[m] - s.bad[m]);
    counter(s, `${LATENCY_METRIC}_bucket`, 'le="+Inf"', (m) => s.total[m]);
  }
  for (const s of latency) counter(s, `${LATENCY_METRIC}_count`, '', (m) => s.total[m]);
  // Probes: one a minute, 1 when it succeeded.
  for (const s of scenarios.filter((x) => x.sli === 'uptime'))
    files.writeSeries(
      PROBE_METRIC,
      `scenario="${s.id}"`,
      s.total.map((_, m): [number, number] => [CORPUS_START + m * 60, s.bad[m] > 0 ? 0 : 1]),
    );
}

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');

/** A range query at one-minute steps over [start, end], in chunks Prometheus accepts (at most MAX_POINTS points each). */
async function rangeChunks(
  client: PrometheusClient,
  expr: string,
  start: number,
  end: number,
  each: (series: { labels: Record<string, string>; points: Array<[number, number]> }) => void,
): Promise<void> {
  for (let from = start; from <= end; from += MAX_POINTS * 60) {
    const to = Math.min(end, from + (MAX_POINTS - 1) * 60);
    for (const series of await client.queryRange(expr, from, to, 60)) each(series);
  }
}

interface Job {
  tool: Tool;
  scenario: Scenario;
  rules: ScenarioRules;
  levels: RecordingRule[][];
}

export interface ReplayStats {
  rawSamples: number;
  recordingRules: number;
  rangeQueries: number;
  seconds: number;
}

/**
 * Replays every tool's rules over every scenario; returns each alert episode that fired after the
 * warm-up. `rulesOf` gives a tool's rules for a scenario.
 */
export async function replayCorpus(
  scenarios: Scenario[],
  rulesOf: (tool: Tool, scenario: Scenario) => ScenarioRules,
  tools: Tool[],
  warmupMinutes: number,
): Promise<{ episodes: ReplayedEpisode[]; stats: ReplayStats }> {
  const started = Date.now();
  // Gigabytes of OpenMetrics pass through the work folder: in memory where the machine has it.
  const work = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'sloforge-incidents-'));
  const stats: ReplayStats = { rawSamples: 0, recordingRules: 0, rangeQueries: 0, seconds: 0 };
  try {
    const dataDir = path.join(work, 'data');
    const raw = new OmFile(path.join(work, 'raw.om'));
    writeRaw(scenarios, raw);
    stats.rawSamples = scenarios.reduce((n, s) => n + s.minutes * { errors: 2, latency: 3, uptime: 1 }[s.sli], 0);
    for (const block of raw.toBlocks(path.join(work, 'raw-blocks'))) cpSync(block, path.join(dataDir, path.basename(block)), { recursive: true });
    const config = path.join(work, 'prometheus.yml');
    writeFileSync(config, 'global:\n  evaluation_interval: 1m\n');
    let prometheus = await startPrometheus(dataDir, config);
    const client = () => prometheusClient(prometheus.url, { timeoutMs: 600_000, warningsAreErrors: true });

    const jobs: Job[] = [];
    for (const tool of tools)
      for (const scenario of scenarios) {
        const own = rulesOf(tool, scenario);
        const names = own.recording.map((r) => r.record);
        const prefix = `${tool.replace(/\W/g, '_')}_`;
        const rules: ScenarioRules = {
          ...own,
          recording: prefixRules(own.recording, prefix, names),
          alerts: prefixRules(own.alerts, prefix, names),
        };
        const read = rulesReadByAlerts(rules.recording, rules.alerts);
        stats.recordingRules += read.length;
        // A rule set of one level (Sloth's, Pyrra's) is evaluated inline; deeper ones are recorded level by level.
        const inline = inlineRecorded(rules.alerts, read);
        jobs.push(inline ? { tool, scenario, rules: { ...rules, alerts: inline }, levels: [] } : { tool, scenario, rules, levels: ruleLevels(read) });
      }
    const depth = Math.max(0, ...jobs.map((j) => j.levels.length));
    for (let level = 0; level < depth; level += 1) {
      const levelStarted = Date.now();
      const files = new OmFile(path.join(work, `level-${level}.om`));
      await pool(jobs, 3, async (job) => {
        const end = CORPUS_START + (job.scenario.minutes - 1) * 60;
        for (const rule of job.levels[level] ?? []) {
          stats.rangeQueries += Math.ceil(job.scenario.minutes / MAX_POINTS);
          await rangeChunks(client(), rule.expr, CORPUS_START, end, (series) => {
            files.writeSeries(rule.record, labelText({ ...series.labels, ...rule.labels }), series.points);
          });
        }
      });
      const queried = Date.now();
      const blocks = files.toBlocks(path.join(work, `level-${level}-blocks`));
      if (process.env.BENCH_VERBOSE)
        console.error(`level ${level}: queries ${((queried - levelStarted) / 1000).toFixed(1)} s, blocks ${((Date.now() - queried) / 1000).toFixed(1)} s`);
      await stopPrometheus(prometheus.child);
      for (const block of blocks) cpSync(block, path.join(dataDir, path.basename(block)), { recursive: true });
      prometheus = await startPrometheus(dataDir, config);
    }

    const episodes: ReplayedEpisode[] = [];
    await pool(jobs, 3, async (job) => {
      const first = CORPUS_START + warmupMinutes * 60;
      const end = CORPUS_START + (job.scenario.minutes - 1) * 60;
      for (const alert of job.rules.alerts) {
        const forSeconds = alert.for ? parseDuration(alert.for) : 0;
        const start = first - Math.ceil(forSeconds / 60) * 60;
        const bySeries = new Map<string, AlertSeries>();
        stats.rangeQueries += Math.ceil((end - start) / 60 / MAX_POINTS);
        await rangeChunks(client(), alert.expr, start, end, (series) => {
          const key = labelText(series.labels);
          const entry = bySeries.get(key) ?? { labels: series.labels, times: [] };
          entry.times.push(...series.points.map(([t]) => t));
          bySeries.set(key, entry);
        });
        const evaluations = Array.from({ length: (end - start) / 60 + 1 }, (_, i) => start + i * 60);
        const fired = alertEpisodes([...bySeries.values()], evaluations, {
          alert: alert.alert,
          forSeconds,
          keepFiringForSeconds: alert.keep_firing_for ? parseDuration(alert.keep_firing_for) : 0,
          labels: alert.labels,
        });
        for (const e of fired) {
          if (e.firedAt < first) continue;
          episodes.push({
            ...e,
            // The scenario is the SLO the incidents name, whatever the tool calls it.
            labels: { ...e.labels, slo: job.scenario.id },
            tool: job.tool,
            scenario: job.scenario.id,
            severity: job.rules.severityOf(e.labels),
            aftermathSeconds: job.rules.aftermathSecondsOf(e.labels),
          });
        }
      }
    });
    await stopPrometheus(prometheus.child);
    // The pool finishes jobs in any order: sorted, the result is the same every run.
    episodes.sort(
      (a, b) =>
        a.tool.localeCompare(b.tool) || a.scenario.localeCompare(b.scenario) || a.firedAt - b.firedAt || a.labels.alertname.localeCompare(b.labels.alertname),
    );
    stats.seconds = (Date.now() - started) / 1000;
    return { episodes, stats };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
