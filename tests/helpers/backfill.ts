/**
 * Synthetic Kimberly history backfilled into a real Prometheus: raw series with
 * `promtool tsdb create-blocks-from openmetrics`, then the generated recording rules with
 * `promtool tsdb create-blocks-from rules`, one pass per dependency level (a rule that reads
 * another rule's output needs that output in the TSDB first).
 */
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { RecordingRule } from '../../src/emitters/prometheus/rule-types.js';
import { startPrometheus, stopProcess, type RunningProcess } from './servers.js';
import { run } from './tools.js';

export interface Series {
  family: string;
  type: 'counter' | 'gauge' | 'histogram';
  name: string;
  labels: Record<string, string>;
  /** One value per minute from the start. */
  values: number[];
}

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');

export function openMetrics(series: Series[], startSeconds: number): string {
  const lines: string[] = [];
  const families = [...new Set(series.map((s) => s.family))];
  for (const family of families) {
    const members = series.filter((s) => s.family === family);
    lines.push(`# TYPE ${family} ${members[0].type}`);
    for (const s of members) {
      s.values.forEach((value, minute) => lines.push(`${s.name}{${labelText(s.labels)}} ${value} ${startSeconds + minute * 60}`));
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

export function createBlocksFromOpenMetrics(file: string, dataDir: string): void {
  const result = run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir]);
  if (result.status !== 0) throw new Error(`promtool create-blocks-from openmetrics failed: ${result.stdout}${result.stderr}`);
}

/** Evaluates one level of rules over [start, end] against a running Prometheus, and moves the blocks into its data dir. */
function backfillRules(level: RecordingRule[], index: number, workDir: string, prometheusUrl: string, dataDir: string, start: number, end: number): void {
  const file = path.join(workDir, `level-${index}.rules.yml`);
  writeFileSync(file, stringify({ groups: [{ name: `backfill-level-${index}`, rules: level }] }));
  const out = path.join(workDir, `blocks-${index}`);
  mkdirSync(out, { recursive: true });
  const result = run('promtool', [
    'tsdb',
    'create-blocks-from',
    'rules',
    `--start=${start}`,
    `--end=${end}`,
    `--url=${prometheusUrl}`,
    `--output-dir=${out}`,
    '--eval-interval=60s',
    '--quiet',
    file,
  ]);
  if (result.status !== 0) throw new Error(`promtool create-blocks-from rules failed: ${result.stdout}${result.stderr}`);
  for (const block of readdirSync(out)) renameSync(path.join(out, block), path.join(dataDir, block));
}

/**
 * Backfills every level of rules over [start, end] into a running Prometheus's TSDB, restarting it
 * after each level so that the next one reads the blocks just written. Returns the running server.
 */
export async function backfillAllLevels(
  levels: RecordingRule[][],
  prometheus: RunningProcess,
  config: string,
  work: string,
  start: number,
  end: number,
): Promise<RunningProcess> {
  let running = prometheus;
  for (const [index, level] of levels.entries()) {
    backfillRules(level, index, work, running.url, path.join(running.dataDir, 'data'), start, end);
    await stopProcess(running, { keepData: true });
    running = await startPrometheus(config, running.dataDir);
  }
  return running;
}
