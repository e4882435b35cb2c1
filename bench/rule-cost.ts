/**
 * What the rules cost a real Prometheus, and how right their period SLI is, for one 99.9%/30d
 * availability SLO over 120 series (4 routes × 5 codes × 6 instances) with day-heavy traffic and
 * errors at night: sloforge's rules against Sloth's two forms. Raw history is backfilled
 * (promtool), the recorded series the rules read over long windows are replayed over it, and
 * every rule is then evaluated once at the end with Prometheus's query statistics: samples read
 * and evaluation time per minute of rule evaluation (a rule in a 5m group counts a fifth).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sloRuleGroups } from '../src/emitters/prometheus/rule-groups.js';
import type { AlertingRule, RecordingRule } from '../src/emitters/prometheus/rule-types.js';
import { recordLevel } from '../src/history/replay-engine.js';
import { resolveCatalog } from '../src/model/resolve.js';
import { prometheusClient } from '../src/prometheus-api/client.js';
import { availabilityCatalog } from './availability.js';
import { prefixRules, ruleLevels, startPrometheus, stopPrometheus } from './prometheus.js';
import { slothRules } from './sloth-forms.js';
import { UNTILED_NAME, untiledPlan } from './variants.js';

/**
 * One block per day file, not promtool's 2h blocks: a running Prometheus compacts its blocks (up to
 * 31d), and a query looks each selector up in every block its time range spans, so 2h blocks would
 * charge a rule that reads 30 days back for 360 lookups a long-running server does not make.
 */
const BLOCK_DURATION = '744h';

const ROUTES = ['/a', '/b', '/c', '/d'];
const CODES = ['200', '201', '404', '500', '503'];
const INSTANCES = 6;
const DAY_MINUTES = 1440;

interface RuleSet {
  name: string;
  /** Rules with the evaluation interval of their group, in seconds. */
  rules: Array<{ rule: RecordingRule | AlertingRule; intervalSeconds: number }>;
  /** The recorded error ratio over the period. */
  periodRecord: string;
}

export interface RuleCostRow {
  generator: string;
  rules: number;
  samplesPerMinute: number;
  evalSecondsPerMinute: number;
  periodErrorRatio: number;
  exactErrorRatio: number;
  /** (measured − exact) / exact of the period's error ratio. */
  relativeError: number;
}

/** Requests per minute of one route/instance at minute m: busy days, quiet nights; errors mostly at night. */
function traffic(m: number): { requests: number; errorShare: number } {
  const hour = (m % DAY_MINUTES) / 60;
  const day = hour >= 8 && hour < 20;
  return { requests: day ? 60 : 6, errorShare: day ? 0.0002 : 0.004 };
}

/**
 * Writes the raw history as TSDB blocks into `dataDir`, one day per OpenMetrics file (promtool reads
 * its input once per 2h block), and returns the exact bad and total counts over the last 30 days.
 */
function backfillHistory(workDir: string, dataDir: string, minutes: number, start: number): { bad: number; total: number } {
  const series = ROUTES.flatMap((route) =>
    Array.from({ length: INSTANCES }, (_, i) => CODES.map((code) => ({ route, instance: `i${i}`, code, value: 0 }))),
  ).flat();
  const periodStart = Math.max(0, minutes - 30 * DAY_MINUTES);
  let bad = 0;
  let total = 0;
  for (let dayStart = 0; dayStart < minutes; dayStart += DAY_MINUTES) {
    const lines: string[] = ['# TYPE http_requests counter'];
    for (const s of series) {
      const isBad = s.code.startsWith('5');
      for (let m = dayStart; m < Math.min(minutes, dayStart + DAY_MINUTES); m += 1) {
        if (m > 0) {
          const { requests, errorShare } = traffic(m);
          const error = requests * errorShare;
          const inc = isBad
            ? error / 2
            : s.code === '200'
              ? (requests - error) * 0.9
              : s.code === '201'
                ? (requests - error) * 0.06
                : (requests - error) * 0.04;
          s.value += inc;
          // The exact count over the period that ends at the last sample: increments of minutes (periodStart, end].
          if (m > periodStart) {
            total += inc;
            if (isBad) bad += inc;
          }
        }
        lines.push(`http_requests_total{job="bench",route="${s.route}",code="${s.code}",instance="${s.instance}"} ${s.value.toFixed(6)} ${start + m * 60}`);
      }
    }
    lines.push('# EOF', '');
    const file = path.join(workDir, `raw-${dayStart}.om`);
    writeFileSync(file, lines.join('\n'));
    const created = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', `--max-block-duration=${BLOCK_DURATION}`, file, dataDir], {
      encoding: 'utf8',
    });
    if (created.status !== 0) throw new Error(created.stderr);
    rmSync(file);
  }
  return { bad, total };
}

/** A rule set with its recorded names prefixed, so that several sets live in one Prometheus. */
function prefixed(set: RuleSet, prefix: string): RuleSet {
  const names = [...new Set(set.rules.flatMap(({ rule }) => ('record' in rule ? [rule.record] : [])))];
  const renamed = prefixRules(
    set.rules.map(({ rule }) => rule),
    prefix,
    names,
  );
  return {
    name: set.name,
    periodRecord: `${prefix}${set.periodRecord}`,
    rules: set.rules.map(({ intervalSeconds }, i) => ({ intervalSeconds, rule: renamed[i] })),
  };
}

async function queryStats(url: string, expr: string, at: number): Promise<{ samples: number; seconds: number; value?: number }> {
  const body = new URLSearchParams({ query: expr, time: String(at), stats: 'all' });
  const response = await fetch(`${url}/api/v1/query`, { method: 'POST', body });
  const json = (await response.json()) as {
    status: string;
    error?: string;
    data: { result: Array<{ value: [number, string] }>; stats?: { timings: { evalTotalTime: number }; samples: { totalQueryableSamples: number } } };
  };
  if (json.status !== 'success') throw new Error(`${expr}: ${json.error}`);
  return {
    samples: json.data.stats?.samples.totalQueryableSamples ?? 0,
    seconds: json.data.stats?.timings.evalTotalTime ?? 0,
    value: json.data.result[0] ? Number(json.data.result[0].value[1]) : undefined,
  };
}

/** sloforge's rules for the same SLO, with each group's interval. */
function sloforgeSet(variant: 'generated' | 'untiled' = 'generated'): RuleSet {
  const spec = availabilityCatalog({ metric: 'http_requests_total', below: '0.1%', job: 'bench' });
  const plan = resolveCatalog(spec).instances[0]!;
  const groups = sloRuleGroups(variant === 'untiled' ? untiledPlan(plan) : plan);
  return {
    name: variant === 'untiled' ? UNTILED_NAME : 'sloforge',
    periodRecord: 'slo:sli_error:ratio_rate30d',
    rules: groups.flatMap((group) =>
      group.rules.map((rule) => ({ rule, intervalSeconds: group.interval ? Number(group.interval.replace('m', '')) * 60 : 60 })),
    ),
  };
}

function slothSet(form: 'optimized' | 'raw'): RuleSet {
  const rules = slothRules(
    { id: 'availability', bad: 'http_requests_total{job="bench",code=~"5.."}', total: 'http_requests_total{job="bench"}', objective: 0.999, periodDays: 30 },
    form,
  );
  return {
    name: `Sloth (${form === 'optimized' ? 'default, optimized period' : 'raw'})`,
    periodRecord: 'slo:sli_error:ratio_rate30d',
    rules: rules.map((rule) => ({ rule, intervalSeconds: 60 })),
  };
}

export async function ruleCost(options: { days: number }): Promise<{ rows: RuleCostRow[]; series: number; days: number }> {
  const work = mkdtempSync(path.join(tmpdir(), 'sloforge-rule-cost-'));
  const minutes = options.days * DAY_MINUTES;
  const end = Math.floor(Date.now() / 86_400_000) * 86_400 - 86_400;
  const start = end - (minutes - 1) * 60;
  try {
    const dataDir = path.join(work, 'data');
    mkdirSync(dataDir);
    const exact = backfillHistory(work, dataDir, minutes, start);
    const config = path.join(work, 'prometheus.yml');
    writeFileSync(config, 'global:\n  evaluation_interval: 1m\n');
    let prometheus = await startPrometheus(dataDir, config);
    const sets = [
      prefixed(sloforgeSet(), 'sf_'),
      prefixed(sloforgeSet('untiled'), 'sv_'),
      prefixed(slothSet('optimized'), 'so_'),
      prefixed(slothSet('raw'), 'sr_'),
    ];
    // Replay what the rules read: over the whole history where a window or an offset reads it, else the last minutes.
    for (const set of sets) {
      const recording = set.rules.map((r) => r.rule).filter((r): r is RecordingRule => 'record' in r);
      const exprs = set.rules.map((r) => r.rule.expr);
      const readOverWindow = (record: string) =>
        exprs.some((e) => new RegExp(`${record.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\{[^}]*\\}(\\[| offset )`).test(e));
      const readAtAll = (record: string) => exprs.some((e) => e.includes(`${record}{`));
      for (const [index, level] of ruleLevels(recording.filter((r) => readAtAll(r.record))).entries()) {
        const blocks: string[] = [];
        for (const [k, part] of [level.filter((r) => readOverWindow(r.record)), level.filter((r) => !readOverWindow(r.record))].entries()) {
          if (!part.length) continue;
          const from = k === 0 ? start : end - 15 * 60;
          const dir = path.join(work, `${set.name.replace(/\W+/g, '-')}-${index}-${k}`);
          mkdirSync(dir, { recursive: true });
          blocks.push(...(await recordLevel(part, index, prometheusClient(prometheus.url, 600_000), dir, from, end, 60, BLOCK_DURATION)));
        }
        await stopPrometheus(prometheus.child);
        for (const block of blocks) cpSync(block, path.join(dataDir, path.basename(block)), { recursive: true });
        prometheus = await startPrometheus(dataDir, config);
      }
    }
    const exactRatio = exact.bad / exact.total;
    const rows: RuleCostRow[] = [];
    for (const set of sets) {
      let samples = 0;
      let seconds = 0;
      for (const { rule, intervalSeconds } of set.rules) {
        // Twice, keeping the second: the first warms the caches a running server would have warm.
        await queryStats(prometheus.url, rule.expr, end);
        const stats = await queryStats(prometheus.url, rule.expr, end);
        samples += (stats.samples * 60) / intervalSeconds;
        seconds += (stats.seconds * 60) / intervalSeconds;
      }
      const period = set.rules.find(({ rule }) => 'record' in rule && rule.record === set.periodRecord)!.rule;
      const measured = (await queryStats(prometheus.url, period.expr, end)).value ?? NaN;
      rows.push({
        generator: set.name,
        rules: set.rules.length,
        samplesPerMinute: Math.round(samples),
        evalSecondsPerMinute: seconds,
        periodErrorRatio: measured,
        exactErrorRatio: exactRatio,
        relativeError: (measured - exactRatio) / exactRatio,
      });
    }
    await stopPrometheus(prometheus.child);
    return { rows, series: ROUTES.length * CODES.length * INSTANCES, days: options.days };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
