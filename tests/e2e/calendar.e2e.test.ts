/**
 * Calendar periods (issue "What real SLOs need from the catalog", part 2) in a real Prometheus:
 * 2.5 days of backfilled history across the October/November 2026 boundary, and the generated
 * recording rules backfilled over it. Production counts its calendar month in +02:00, staging in
 * UTC. The remaining budget resets at each one's local midnight of the 1st, and the calendar SLI
 * equals the exact ratio of the raw counters since that midnight (computed here, independently).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCatalog } from '../../src/catalog/validate.js';
import { compileCatalog } from '../../src/compile.js';
import type { RecordingRule, RuleGroup } from '../../src/emitters/prometheus/rule-types.js';
import { counter, environment, errorRate } from '../../src/index.js';
import { smallService } from '../helpers/catalogs.js';
import { backfillAllLevels, createBlocksFromOpenMetrics, openMetrics, type Series } from '../helpers/backfill.js';
import { startPrometheus, stopEverything, stopProcess, type RunningProcess } from '../helpers/servers.js';
import { tempDir } from '../helpers/tools.js';
import { scaled } from '../helpers/slowdown.js';

const utc = (iso: string) => Date.parse(iso) / 1000;
const START = utc('2026-10-30T00:00:00Z');
const END = utc('2026-11-01T12:00:00Z');
const MINUTES = (END - START) / 60 + 1;

// 60 requests a minute. October: an hour at 50% errors on Oct 30. November (in either zone): 30 minutes at 10% from 06:00 UTC.
const requests = Array.from({ length: MINUTES }, () => 60);
const errors = Array.from({ length: MINUTES }, (_, m) => {
  const t = START + m * 60;
  if (t >= utc('2026-10-30T10:00:00Z') && t < utc('2026-10-30T11:00:00Z')) return 30;
  if (t >= utc('2026-11-01T06:00:00Z') && t < utc('2026-11-01T06:30:00Z')) return 6;
  return 0;
});
const cumulative = (perMinute: number[]) => perMinute.reduce<number[]>((acc, v, m) => [...acc, m === 0 ? 0 : acc[m - 1] + v], []);

/** Bad over total of the raw counters' increases between two times (the exact calendar SLI's complement). */
function exactErrorRatio(from: number, to: number): number {
  const a = (from - START) / 60;
  const b = (to - START) / 60;
  const sum = (xs: number[]) => xs.slice(a + 1, b + 1).reduce((s, x) => s + x, 0);
  return sum(errors) / sum(requests);
}

const catalog = validateCatalog(
  {
    services: [
      smallService([errorRate({ id: 'api-errors', title: 'API errors', events: counter('shop_requests_total'), bad: { code: /5../ }, below: '1%' })], {
        matchers: [{ label: 'job', op: '=', value: 'shop' }],
        environments: [
          environment('staging', { period: 'calendar-month', timeZone: 'UTC', alerting: 'ticket-only' }),
          environment('production', { period: 'calendar-month', timeZone: '+02:00', alerting: 'page-and-ticket' }),
        ],
      }),
    ],
  },
  'calendar.ts',
);
const rules = compileCatalog(catalog)
  .files.filter((f) => f.path.endsWith('.rules.yml'))
  .flatMap((f) => (parse(f.content) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules))
  .filter((r): r is RecordingRule => 'record' in r);

/** The rules the calendar series need, by dependency level (5m rates, kept rates, calendar ratio, metadata). */
const LEVELS = [
  ['slo:sli_bad_events:rate5m', 'slo:sli_total_events:rate5m'],
  ['slo:sli_bad_events:rate5m_calendar', 'slo:sli_total_events:rate5m_calendar'],
  ['slo:sli_error:ratio_calendar_period'],
  ['slo:sli:ratio_period', 'slo:error_budget_remaining:ratio', 'slo:period:seconds'],
].map((names) => rules.filter((r) => names.includes(r.record)));

let prometheus: RunningProcess | undefined;

async function value(expr: string, at: number): Promise<number | undefined> {
  const response = await fetch(`${prometheus!.url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: expr, time: String(at) }) });
  const body = (await response.json()) as { data: { result: Array<{ value: [number, string] }> } };
  return body.data.result[0] ? Number(body.data.result[0].value[1]) : undefined;
}
const remaining = (env: string, at: number) => value(`slo:error_budget_remaining:ratio{slo="api-errors",env="${env}"}`, at);
const sli = (env: string, at: number) => value(`slo:sli:ratio_period{slo="api-errors",env="${env}"}`, at);

beforeAll(async () => {
  const work = tempDir('sloforge-calendar-');
  const dataDir = tempDir('sloforge-calendar-prometheus-');
  mkdirSync(path.join(dataDir, 'data'));
  const series: Series[] = ['staging', 'production'].flatMap((env) => [
    {
      family: 'shop_requests',
      type: 'counter',
      name: 'shop_requests_total',
      labels: { job: 'shop', env, code: '200' },
      values: cumulative(requests.map((r, i) => r - errors[i])),
    },
    { family: 'shop_requests', type: 'counter', name: 'shop_requests_total', labels: { job: 'shop', env, code: '503' }, values: cumulative(errors) },
  ]);
  const om = path.join(work, 'raw.om');
  writeFileSync(om, openMetrics(series, START));
  createBlocksFromOpenMetrics(om, path.join(dataDir, 'data'));
  const config = path.join(work, 'prometheus.yml');
  writeFileSync(config, stringify({ global: { evaluation_interval: '1m' } }));
  prometheus = await backfillAllLevels(LEVELS, await startPrometheus(config, dataDir), config, work, START, END);
}, scaled(600_000));

afterAll(async () => {
  await stopProcess(prometheus);
  await stopEverything();
});

describe('a calendar-month budget in a real Prometheus', () => {
  it('resets at the local midnight of the 1st: +02:00 at 22:00 UTC on Oct 31, UTC two hours later', async () => {
    const beforeLocal = utc('2026-10-31T21:50:00Z');
    const afterLocal = utc('2026-10-31T22:10:00Z');
    const afterUtc = utc('2026-11-01T00:10:00Z');
    // October's outage spent budget in both zones.
    expect((await remaining('production', beforeLocal))!).toBeLessThan(0.9);
    expect((await remaining('staging', beforeLocal))!).toBeLessThan(0.9);
    // In +02:00 it is November: a full budget again. In UTC it is still October.
    expect(await remaining('production', afterLocal)).toBe(1);
    expect((await remaining('staging', afterLocal))!).toBeLessThan(0.9);
    expect(await remaining('staging', afterUtc)).toBe(1);
  });

  it('counts October from the data, and November from each zone’s midnight, as the raw counters do', async () => {
    // The data starts on Oct 30: October's SLI counts from there (within 1%: the recorded 5m rates need a few minutes of data to start).
    const lateOctober = utc('2026-10-31T20:00:00Z');
    const october = exactErrorRatio(START, lateOctober);
    expect(Math.abs(1 - (await sli('staging', lateOctober))! - october) / october).toBeLessThan(0.01);
    const noon = utc('2026-11-01T12:00:00Z');
    const production = exactErrorRatio(utc('2026-10-31T22:00:00Z'), noon);
    const staging = exactErrorRatio(utc('2026-11-01T00:00:00Z'), noon);
    expect(production).not.toBeCloseTo(staging, 4);
    expect(1 - (await sli('production', noon))!).toBeCloseTo(production, 4);
    expect(1 - (await sli('staging', noon))!).toBeCloseTo(staging, 4);
  });

  it('has the length of the current month: 31 days in October, 30 in November', async () => {
    expect(await value('slo:period:seconds{env="production"}', utc('2026-10-31T21:50:00Z'))).toBe(31 * 86400);
    expect(await value('slo:period:seconds{env="production"}', utc('2026-10-31T22:10:00Z'))).toBe(30 * 86400);
    expect(await value('slo:period:seconds{env="staging"}', utc('2026-10-31T22:10:00Z'))).toBe(31 * 86400);
  });
});
