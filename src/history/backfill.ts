/**
 * Backfill: the recording rules' history for new or changed SLOs, written as TSDB blocks in
 * dependency order (5m rates first, then the windows built on them), ready to move into
 * Prometheus's data directory.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { toYaml } from '../core/yaml.js';
import { SERIES } from '../model/conventions.js';
import type { ResolvedCatalog, SloPlan } from '../model/types.js';
import { prometheusClient } from '../prometheus-api/client.js';
import { recordLevel, startReplayEngine } from './replay-engine.js';
import { replayRules } from './replay-rules.js';

export interface BackfillResult {
  from: number;
  to: number;
  /** Set when the source already records these SLOs: the backfill stops where that data begins. */
  liveSince?: number;
  levels: Array<{ level: number; rules: number; blocks: string[] }>;
  tsdb: string;
}

/** The first time the source holds a recorded sample of any selected SLO (its rules already run), if any. */
async function liveSince(sourceUrl: string, selected: SloPlan[], from: number, to: number): Promise<number | undefined> {
  const client = prometheusClient(sourceUrl, 60_000);
  const range = Math.max(60, Math.ceil(to - from));
  const times: number[] = [];
  for (const plan of selected) {
    const samples = await client.query(`min_over_time(timestamp(${SERIES.info}${plan.selector})[${range}s:1m])`, to);
    times.push(...samples.map((s) => s.value));
  }
  return times.length ? Math.min(...times) : undefined;
}

export async function backfill(
  model: ResolvedCatalog,
  selected: SloPlan[],
  sourceUrl: string,
  options: { from: number; to: number; stepSeconds: number; tsdb: string },
): Promise<BackfillResult> {
  if (!(options.to > options.from)) throw new UserError('--to must be after --from');
  if (existsSync(options.tsdb) && readdirSync(options.tsdb).length > 0) {
    throw new UserError(`--tsdb ${options.tsdb}: not empty; give a new folder (the blocks are moved from there into Prometheus's data directory)`);
  }
  const live = await liveSince(sourceUrl, selected, options.from, options.to);
  // Live samples and backfilled ones in the same range would be counted twice by every window.
  const to = live !== undefined ? Math.min(options.to, Math.floor(live / options.stepSeconds) * options.stepSeconds - options.stepSeconds) : options.to;
  if (!(to > options.from))
    throw new UserError(`the source already records these SLOs since ${new Date(live! * 1000).toISOString()}, before --from: nothing to backfill`);
  const rules = replayRules(model, selected, { what: 'all' });
  mkdirSync(options.tsdb, { recursive: true });
  const workDir = mkdtempSync(path.join(tmpdir(), 'sloforge-backfill-'));
  const engine = await startReplayEngine(sourceUrl, workDir);
  const levels: BackfillResult['levels'] = [];
  try {
    for (const [level, levelRules] of rules.levels.entries()) {
      const blocks = await recordLevel(
        levelRules,
        level,
        prometheusClient(engine.url, { timeoutMs: 300_000, warningsAreErrors: true }),
        workDir,
        options.from,
        to,
        options.stepSeconds,
      );
      await engine.addBlocks(blocks);
      for (const block of blocks) cpSync(block, path.join(options.tsdb, path.basename(block)), { recursive: true });
      levels.push({ level, rules: levelRules.length, blocks: blocks.map((b) => path.basename(b)) });
    }
  } finally {
    await engine.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  return { from: options.from, to, liveSince: live, levels, tsdb: options.tsdb };
}

export function renderBackfill(result: BackfillResult, sloCount: number): string {
  const iso = (t: number) => new Date(t * 1000).toISOString();
  const blocks = result.levels.reduce((n, l) => n + l.blocks.length, 0);
  const lines = [
    `Backfilled ${sloCount} SLO instance${sloCount === 1 ? '' : 's'} from ${iso(result.from)} to ${iso(result.to)}: ${blocks} blocks in ${result.tsdb}`,
    ...(result.liveSince !== undefined ? [`(stopped where the live rules' data begins, ${iso(result.liveSince)})`] : []),
    ...result.levels.map((l) => `  level ${l.level}: ${l.rules} recording rules, ${l.blocks.length} blocks`),
    '',
    'Next steps:',
    `  1. Copy the blocks into Prometheus's data directory (--storage.tsdb.path), e.g.: cp -r ${result.tsdb}/* /var/lib/prometheus/metrics2/`,
    '  2. Prometheus 2.39 and later load overlapping blocks; older versions need --storage.tsdb.allow-overlapping-blocks.',
    '  3. Restart Prometheus (or wait for its next compaction) so that it loads them.',
    `  4. Keep --storage.tsdb.retention.time longer than the backfilled range (${Math.ceil((Date.now() / 1000 - result.from) / 86_400)}d from now), or the blocks are deleted at once.`,
    '',
  ];
  return lines.join('\n');
}

const VMALERT = process.env.SLOFORGE_VMALERT_BIN ?? 'vmalert';

/**
 * VictoriaMetrics: vmalert's replay mode evaluates the recording rules over [from, to] against
 * VictoriaMetrics and writes the results back (remote write), one dependency level per run. Between
 * levels the written samples are flushed and the query cache dropped: a rule that reads the level
 * before would otherwise read nothing (vmalert's -replay.rulesDelay only waits a fixed time).
 */
export async function backfillVictoriaMetrics(
  model: ResolvedCatalog,
  selected: SloPlan[],
  url: string,
  options: { from: number; to: number; stepSeconds: number },
): Promise<{ from: number; to: number; rules: number; output: string }> {
  if (!(options.to > options.from)) throw new UserError('--to must be after --from');
  const levels = replayRules(model, selected, { what: 'all' }).levels;
  const workDir = mkdtempSync(path.join(tmpdir(), 'sloforge-vmalert-replay-'));
  const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
  const base = url.replace(/\/+$/, '');
  let output = '';
  try {
    for (const [level, rules] of levels.entries()) {
      const file = path.join(workDir, `replay-${level}.rules.yml`);
      writeFileSync(file, toYaml({ groups: [{ name: `sloforge-backfill-${level}`, interval: `${options.stepSeconds}s`, rules }] }));
      const result = spawnSync(
        VMALERT,
        [
          `-rule=${file}`,
          `-datasource.url=${base}`,
          `-remoteWrite.url=${base}`,
          `-replay.timeFrom=${iso(options.from)}`,
          `-replay.timeTo=${iso(options.to)}`,
          '-replay.rulesDelay=0s',
          `-datasource.queryStep=${options.stepSeconds}s`,
          '-remoteWrite.flushInterval=1s',
          '-replay.disableProgressBar',
          '-loggerLevel=ERROR',
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      if (result.error)
        throw new UserError(`vmalert not found: the VictoriaMetrics backfill runs vmalert's replay mode (Debian: apt-get install victoria-metrics)`);
      if (result.status !== 0) throw new UserError(`vmalert -replay failed: ${result.stdout}${result.stderr}`.trim());
      output += `${result.stdout}${result.stderr}`;
      // Make the written samples searchable now, and drop cached results of the past that lack them.
      await fetch(`${base}/internal/force_flush`).catch(() => undefined);
      await fetch(`${base}/internal/resetRollupResultCache`).catch(() => undefined);
    }
    return { from: options.from, to: options.to, rules: levels.flat().length, output };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
