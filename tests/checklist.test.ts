/**
 * The release checklist in process (the real server is in tests/e2e/live-report.e2e.test.ts): each
 * line's pass, fail, cannot tell or manual from answers written by hand, with the PromQL it asks
 * written out by hand too, and the measurement worked out beside each expectation.
 */
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { gauge, uptime } from '../src/index.js';
import { resolveCatalog } from '../src/model/resolve.js';
import type { PrometheusClient, Sample } from '../src/prometheus-api/client.js';
import { evaluateChecklist, renderChecklist, type CheckLine } from '../src/reports/checklist.js';
import { checkoutErrors, checkoutLatency, testService } from './helpers/catalogs.js';

// shop: checkout errors under 1%, checkout latency 99% under 1s, uptime 99.5%; development, staging (7d) and production (30d).
const model = resolveCatalog(
  validateCatalog(
    {
      services: [
        testService([checkoutErrors('1%'), checkoutLatency(99, '1s'), uptime({ id: 'up', title: 'Up', probe: gauge('probe_success'), objective: 99.5 })]),
      ],
    },
    'checklist.test.ts',
  ),
);

const AT = 1_800_000_000;
const id = (slo: string, env = 'production') => ({ service: 'shop', slo, env });
const s = (labels: Record<string, string>, value: number): Sample => ({ labels, value });

// The queries, by hand, for production over 1d.
const LATENCY = 'histogram_quantile(0.99, sum by (le) (rate(shop_request_duration_seconds_bucket{job="shop",env="production"}[1d])))';
const MEMORY_SERIES = 'process_resident_memory_bytes{job="shop",env="production"}';
const MEMORY = `max((avg_over_time(${MEMORY_SERIES}[10m]) - avg_over_time(${MEMORY_SERIES}[10m] offset 50m)) / avg_over_time(${MEMORY_SERIES}[10m] offset 50m))`;
const ERRORS = 'slo:sli_error:ratio_rate1d{service="shop",slo="checkout-errors",env="production"}';
const ALERTS = 'ALERTS{alertstate="firing"}';
const BUDGET = 'slo:error_budget_remaining:ratio{service="shop",slo="up",env="production"}';
const STAGING = 'time() - min(min_over_time(timestamp(up{job="shop",env="staging"})[25h:5m]))';

function client(answers: Record<string, Sample[]>): PrometheusClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    url: 'http://p',
    asked,
    query: (expr, at) => {
      expect(at).toBe(AT);
      asked.push(expr);
      return Promise.resolve(answers[expr] ?? []);
    },
    queryRange: () => Promise.reject(new Error('no range query')),
  };
}

const healthy: Record<string, Sample[]> = {
  [LATENCY]: [s({}, 0.8)],
  [MEMORY]: [s({}, 0.01)],
  [ERRORS]: [s(id('checkout-errors'), 0.004)],
  [BUDGET]: [s(id('up'), 0.6)],
  [STAGING]: [s({}, 30 * 3600)],
};
const check = (answers: Record<string, Sample[]>, options: Partial<Parameters<typeof evaluateChecklist>[2]> = {}) =>
  evaluateChecklist(model, client(answers), { env: 'production', window: '1d', memoryGrowth: 0.05, at: AT, ...options });
const line = (lines: CheckLine[], item: string) => lines.find((l) => l.item.startsWith(item))!;

describe('the release checklist', () => {
  it('asks exactly these queries, and passes a healthy release line by line', async () => {
    const c = client(healthy);
    const lines = await evaluateChecklist(model, c, { env: 'production', window: '1d', memoryGrowth: 0.05, at: AT });
    expect([...c.asked].sort()).toEqual([ALERTS, BUDGET, ERRORS, LATENCY, MEMORY, STAGING].sort());
    expect(lines.map((l) => [l.item, l.status, l.measured])).toEqual([
      ['All latency targets met under expected load', 'pass', '1 of 1 met'],
      // 1% growth against 5% allowed.
      ['No memory leaks detected (stable memory over 1h run)', 'pass', '1.00% growth over 1h (largest instance)'],
      ['Error rates within acceptable thresholds', 'pass', '1 of 1 met'],
      ['Availability within budget', 'pass', '1 of 1 met'],
      ['CI benchmark tests passing without regressions', 'manual', '-'],
      ['Profiling completed for new features', 'manual', '-'],
      // 30 hours of scrapes: more than 24h.
      ['Staging environment tested for at least 24h', 'pass', 'staging scraped for 1d6h'],
    ]);
    expect(line(lines, 'All latency').details).toEqual(['pass: checkout-latency: p99 < 1s, measured 800ms over 1d']);
    expect(line(lines, 'Error rates').details).toEqual(['pass: checkout-errors: < 1%, measured 0.4000% over 1d']);
    expect(line(lines, 'Availability').details).toEqual(['pass: up: 60.0% of the 30d budget left (objective 99.5%)']);
    expect(line(lines, 'No memory').details).toEqual(['allowed: 5%']);
  });

  it.each([
    ['latency over its threshold', { [LATENCY]: [s({}, 1.2)] }, 'All latency', 'fail', '0 of 1 met, 1 not'],
    ['latency exactly at its threshold', { [LATENCY]: [s({}, 1)] }, 'All latency', 'pass', '1 of 1 met'],
    ['no latency data', { [LATENCY]: [] }, 'All latency', 'cannot tell', '0 of 1 met, 1 without data'],
    ['an infinite quantile (no buckets filled)', { [LATENCY]: [s({}, Infinity)] }, 'All latency', 'cannot tell', '0 of 1 met, 1 without data'],
    ['errors over the budget', { [ERRORS]: [s(id('checkout-errors'), 0.011)] }, 'Error rates', 'fail', '0 of 1 met, 1 not'],
    ['errors exactly at the budget', { [ERRORS]: [s(id('checkout-errors'), 0.01)] }, 'Error rates', 'pass', '1 of 1 met'],
    ['memory growing 6% against 5% allowed', { [MEMORY]: [s({}, 0.06)] }, 'No memory', 'fail', '6.00% growth over 1h (largest instance)'],
    ['memory growing exactly 5%', { [MEMORY]: [s({}, 0.05)] }, 'No memory', 'pass', '5.00% growth over 1h (largest instance)'],
    ['no memory series', { [MEMORY]: [] }, 'No memory', 'cannot tell', 'no process_resident_memory_bytes over the last hour'],
    [
      'a NaN memory growth (an instance without history)',
      { [MEMORY]: [s({}, Number.NaN)] },
      'No memory',
      'cannot tell',
      'no process_resident_memory_bytes over the last hour',
    ],
    ['the budget overspent', { [BUDGET]: [s(id('up'), -0.1)] }, 'Availability', 'fail', '0 of 1 met, 1 not'],
    ['the budget exactly spent', { [BUDGET]: [s(id('up'), 0)] }, 'Availability', 'pass', '1 of 1 met'],
    ['no budget recorded', { [BUDGET]: [] }, 'Availability', 'cannot tell', '0 of 1 met, 1 without data'],
    // 24h less one 5m subquery step is enough: the first sample may fall up to a step after the start.
    ['staging scraped for 23h55m', { [STAGING]: [s({}, 24 * 3600 - 300)] }, 'Staging', 'pass', 'staging scraped for 23h55m'],
    ['staging scraped for 23h54m59s', { [STAGING]: [s({}, 24 * 3600 - 301)] }, 'Staging', 'fail', 'staging scraped for 23h54m'],
    ['no staging scrapes', { [STAGING]: [] }, 'Staging', 'cannot tell', 'no staging scrape data in the last 25h'],
  ])('%s', async (_, change, item, status, measured) => {
    const l = line(await check({ ...healthy, ...change }), item);
    expect([l.status, l.measured]).toEqual([status, measured]);
  });

  it('a page firing for the uptime SLO fails availability whatever the budget says; a ticket or another SLO does not', async () => {
    const page = s({ ...id('up'), alertname: 'ShopUpDown', severity: 'page' }, 1);
    const slothPage = s({ ...id('up'), alertname: 'SLOBurn', severity: 'critical', sloth_severity: 'page' }, 1);
    const ticket = s({ ...id('up'), alertname: 'ShopUpSlow', severity: 'ticket' }, 1);
    const elsewhere = s({ ...id('up', 'staging'), alertname: 'ShopUpDown', severity: 'page' }, 1);
    const failing = line(await check({ ...healthy, [ALERTS]: [page, page, ticket] }), 'Availability');
    expect([failing.status, failing.details]).toEqual(['fail', ['fail: up: a page fires now (ShopUpDown)']]);
    expect(line(await check({ ...healthy, [ALERTS]: [slothPage] }), 'Availability').status).toBe('fail');
    expect(line(await check({ ...healthy, [ALERTS]: [ticket, elsewhere] }), 'Availability').status).toBe('pass');
  });

  it('a grouped answer: the worst group is judged and named', async () => {
    const l = line(
      await check({ ...healthy, [ERRORS]: [s({ ...id('checkout-errors'), route: '/a' }, 0.002), s({ ...id('checkout-errors'), route: '/b' }, 0.03)] }),
      'Error rates',
    );
    expect(l.status).toBe('fail');
    expect(l.details[0]).toBe('fail: checkout-errors: < 1%, measured 3.0000% over 1d');
  });

  it('combining: a fail wins over no data; no data beside a pass cannot tell', async () => {
    // Two environments' worth of SLOs are not combined: staging is judged on its own series.
    const staging = await check({}, { env: 'staging' });
    expect(line(staging, 'All latency').status).toBe('cannot tell');
    expect(line(staging, 'Error rates').measured).toBe('0 of 1 met, 1 without data');
  });

  it('without a staging environment the soak is manual', async () => {
    const noStaging = resolveCatalog(
      validateCatalog(
        {
          services: [
            testService([checkoutErrors('1%')], {
              environments: [{ name: 'production', period: '30d', alerting: 'page-and-ticket' }] as never,
            }),
          ],
        },
        'checklist.test.ts',
      ),
    );
    const lines = await evaluateChecklist(noStaging, client({}), { env: 'production', window: '1d', memoryGrowth: 0.05, at: AT });
    expect(line(lines, 'Staging')).toEqual({
      item: 'Staging environment tested for at least 24h',
      status: 'manual',
      measured: 'no staging environment in the catalog',
      details: [],
    });
  });

  it('renders a table with the details under it, Markdown with a heading, and JSON with the context', async () => {
    const lines = await check(healthy);
    const table = renderChecklist(lines, 'table', { env: 'production', prometheus: 'http://p' });
    expect(table.split('\n')[0].split(/\s{2,}/)).toEqual(['status', 'item', 'measured']);
    expect(table).toMatch(/^PASS\s+All latency targets met under expected load\s+1 of 1 met$/m);
    expect(table).toMatch(/^MANUAL\s+Profiling completed for new features\s+-$/m);
    expect(table).toContain('\n  All latency targets met under expected load: pass: checkout-latency: p99 < 1s, measured 800ms over 1d\n');
    const markdown = renderChecklist(lines, 'markdown', { env: 'production', prometheus: 'http://p' });
    expect(markdown.startsWith('# Release validation checklist (production)\n\n| status | item | measured |')).toBe(true);
    expect(markdown).toContain('\n- All latency targets met under expected load: pass: checkout-latency');
    expect(JSON.parse(renderChecklist(lines, 'json', { env: 'production', prometheus: 'http://p' }))).toEqual({
      env: 'production',
      prometheus: 'http://p',
      items: JSON.parse(JSON.stringify(lines)),
    });
  });
});
