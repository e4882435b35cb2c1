/**
 * Backtest: the catalog's generated rules replayed over past raw data, evaluated at every step as
 * Prometheus would have, and the alerts they would have fired.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDuration } from '../core/duration.js';
import { UserError } from '../core/errors.js';
import type { ResolvedCatalog, SloPlan } from '../model/types.js';
import type { PrometheusClient } from '../prometheus-api/client.js';
import { prometheusClient } from '../prometheus-api/client.js';
import { alertEpisodes, type AlertEpisode, type AlertSeries } from './alert-states.js';
import { MAX_POINTS, recordLevel, startReplayEngine } from './replay-engine.js';
import { instanceKey, replayRules } from './replay-rules.js';
import { alertTier } from '../core/labels.js';

/** Recorded series of a replay carry this prefix: they never mix with what a live Prometheus records. */
const REPLAY_PREFIX = 'sloforge_replay:';

export interface BacktestEpisode extends AlertEpisode {
  severity: string;
  /** Share of the period's error budget spent when the alert fired (measured from the replay's start). */
  budgetSpent?: number;
}

interface DayCount {
  day: string;
  pages: number;
  tickets: number;
}

export interface BacktestResult {
  from: number;
  to: number;
  stepSeconds: number;
  /** Recorded history starts this much before `from`, so that every alert window is full at `from`. */
  warmupSeconds: number;
  instances: string[];
  recordingRules: number;
  levels: number;
  episodes: BacktestEpisode[];
  days: DayCount[];
  pages: number;
  tickets: number;
  /** Instances whose raw series hold no sample in [from, to]: for them "no alerts" would mean nothing. */
  noData: string[];
}

export interface BacktestOptions {
  from: number;
  to: number;
  stepSeconds: number;
}

/** The longest window any selected alert reads: the replay records that much history before `from`. */
function warmupOf(selected: SloPlan[]): number {
  const windows = selected.flatMap((plan) =>
    plan.alertPolicy.kind === 'burn-rate' ? plan.alertPolicy.tiers.map((t) => parseDuration(t.longWindow)) : [parseDuration('1d')],
  );
  return Math.max(parseDuration('1h'), ...windows);
}

/** Pages and tickets that fired on each UTC day of [from, to]. */
function countByDay(episodes: BacktestEpisode[], from: number, to: number): DayCount[] {
  const days: DayCount[] = [];
  for (let day = Math.floor(from / 86_400) * 86_400; day < to; day += 86_400) {
    const fired = episodes.filter((e) => e.firedAt >= day && e.firedAt < day + 86_400);
    days.push({
      day: new Date(day * 1000).toISOString().slice(0, 10),
      pages: fired.filter((e) => e.severity === 'page').length,
      tickets: fired.filter((e) => e.severity === 'ticket').length,
    });
  }
  return days;
}

async function seriesOf(client: PrometheusClient, expr: string, start: number, end: number, step: number): Promise<AlertSeries[]> {
  const byLabels = new Map<string, AlertSeries>();
  for (let chunkStart = start; chunkStart <= end; chunkStart += MAX_POINTS * step) {
    const chunkEnd = Math.min(end, chunkStart + (MAX_POINTS - 1) * step);
    for (const s of await client.queryRange(expr, chunkStart, chunkEnd, step)) {
      const key = JSON.stringify(Object.entries(s.labels).sort());
      const entry = byLabels.get(key) ?? { labels: s.labels, times: [] };
      entry.times.push(...s.points.map(([t]) => t));
      byLabels.set(key, entry);
    }
  }
  return [...byLabels.values()];
}

/** Replays `selected` over [from, to] against the raw series in `sourceUrl`; needs the local prometheus and promtool. */
export async function backtest(model: ResolvedCatalog, selected: SloPlan[], sourceUrl: string, options: BacktestOptions): Promise<BacktestResult> {
  if (!(options.to > options.from)) throw new UserError('--to must be after --from');
  const { stepSeconds } = options;
  const warmupSeconds = warmupOf(selected);
  const rules = replayRules(model, selected, { what: 'alerts', rename: (name) => `${REPLAY_PREFIX}${name}` });
  // The evaluation grid: every step from the start of the warm-up, as promtool's rule backfill evaluates.
  const gridStart = Math.floor((options.from - warmupSeconds) / stepSeconds) * stepSeconds;
  const firstEvaluation = gridStart + Math.ceil((options.from - gridStart) / stepSeconds) * stepSeconds;
  const lastEvaluation = gridStart + Math.floor((options.to - gridStart) / stepSeconds) * stepSeconds;

  const workDir = mkdtempSync(path.join(tmpdir(), 'sloforge-backtest-'));
  const engine = await startReplayEngine(sourceUrl, workDir);
  try {
    for (const [level, levelRules] of rules.levels.entries()) {
      await engine.addBlocks(
        await recordLevel(
          levelRules,
          level,
          prometheusClient(engine.url, { timeoutMs: 300_000, warningsAreErrors: true }),
          workDir,
          gridStart,
          lastEvaluation,
          stepSeconds,
        ),
      );
    }
    const client = prometheusClient(engine.url, { timeoutMs: 120_000, warningsAreErrors: true });
    // An instance without raw samples in the window has no alerts because it has no data: say so.
    const noData: string[] = [];
    for (const plan of selected) {
      const found = await client.query(`count(count_over_time(${plan.rawSeries}[${lastEvaluation - firstEvaluation + stepSeconds}s]))`, lastEvaluation);
      if (found.length === 0 || !(found[0].value > 0)) noData.push(instanceKey(plan.labels));
    }
    const episodes: BacktestEpisode[] = [];
    for (const alert of rules.alerts) {
      const forSeconds = alert.for ? parseDuration(alert.for) : 0;
      const keepFiringForSeconds = alert.keep_firing_for ? parseDuration(alert.keep_firing_for) : 0;
      // Start early enough that an alert pending before `from` can fire at `from`.
      const start = Math.max(gridStart, firstEvaluation - Math.ceil(forSeconds / stepSeconds) * stepSeconds);
      const series = await seriesOf(client, alert.expr, start, lastEvaluation, stepSeconds);
      const evaluations = Array.from({ length: Math.floor((lastEvaluation - start) / stepSeconds) + 1 }, (_, i) => start + i * stepSeconds);
      for (const episode of alertEpisodes(series, evaluations, { alert: alert.alert, forSeconds, keepFiringForSeconds, labels: alert.labels })) {
        if (episode.firedAt < firstEvaluation) continue;
        const budgetQuery = rules.budgetRemaining.get(instanceKey(episode.labels as never));
        const remaining = budgetQuery ? await client.query(budgetQuery, episode.firedAt) : [];
        episodes.push({ ...episode, severity: alertTier(episode.labels) ?? 'none', budgetSpent: remaining.length ? 1 - remaining[0].value : undefined });
      }
    }
    episodes.sort((a, b) => a.firedAt - b.firedAt || a.labels.alertname.localeCompare(b.labels.alertname));
    return {
      from: firstEvaluation,
      to: lastEvaluation,
      stepSeconds,
      warmupSeconds,
      instances: selected.map((p) => instanceKey(p.labels)),
      recordingRules: rules.levels.flat().length,
      levels: rules.levels.length,
      episodes,
      days: countByDay(episodes, firstEvaluation, lastEvaluation),
      pages: episodes.filter((e) => e.severity === 'page').length,
      tickets: episodes.filter((e) => e.severity === 'ticket').length,
      noData,
    };
  } finally {
    await engine.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}
