/**
 * The live report's judgement, in process, on Prometheus answers written by hand in the shape the
 * HTTP API returns them (labels and a value per series). The real server is in
 * tests/e2e/live-report.e2e.test.ts; this file pins the arithmetic and the verdicts row by row so
 * that mutation testing can see them (a mutant of src/ never reaches the CLI). Every expected
 * number is worked out in the comment beside it from the answer above it.
 */
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { counter, environment, errorRate } from '../src/index.js';
import { resolveCatalog } from '../src/model/resolve.js';
import type { PrometheusClient, Sample } from '../src/prometheus-api/client.js';
import { liveReport, renderReport } from '../src/reports/live.js';
import { fivexx, smallService } from './helpers/catalogs.js';

// Two SLOs of one service in production (30d): e (99%: a budget of 1%) and a grouped one by route (99.9%).
const model = resolveCatalog(
  validateCatalog(
    {
      services: [
        smallService(
          [
            fivexx('e', '1%'),
            errorRate({ id: 'routes', title: 'Routes', events: counter('routes_total'), bad: { code: /5../ }, below: '0.1%', groupBy: ['route'] }),
          ],
          {
            environments: [
              environment('production', { period: '30d', alerting: 'page-and-ticket' }),
              environment('staging', { period: '7d', alerting: 'ticket-only' }),
            ],
          },
        ),
      ],
    },
    'live-report.test.ts',
  ),
);

const AT = 1_800_000_000; // 2027-01-15T08:00:00Z
const id = (slo: string, env = 'production') => ({ service: 'shop', slo, env });
const s = (labels: Record<string, string>, value: number): Sample => ({ labels, value });

/** A client that answers each query from a table and refuses any other: a new query must be added here on purpose. */
function client(answers: Record<string, Sample[]>): PrometheusClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    url: 'http://prometheus.test:9090',
    asked,
    query: (expr, at) => {
      expect(at).toBe(AT);
      asked.push(expr);
      if (expr.startsWith('count(')) return Promise.resolve(answers[expr] ?? []);
      if (!(expr in answers)) return Promise.resolve([]);
      return Promise.resolve(answers[expr]);
    },
    queryRange: () => Promise.reject(new Error('the report makes no range query')),
  };
}

const report = (answers: Record<string, Sample[]>, filter = { env: 'production', slo: 'e' }) => liveReport(model, client(answers), AT, filter);
const only = async (answers: Record<string, Sample[]>) => {
  const r = await report(answers);
  expect(r.rows).toHaveLength(1);
  return r.rows[0];
};

describe('the live report, row by row', () => {
  it('asks for the period SLI, the budget, the burn rates, the firing alerts and the SLI times, at the time given', async () => {
    const c = client({});
    await liveReport(model, c, AT, { env: 'production', slo: 'e' });
    expect(c.asked.slice(0, 6)).toEqual([
      'slo:sli:ratio_period',
      'slo:error_budget_remaining:ratio',
      'slo:current_burn_rate:ratio',
      'ALERTS{alertstate="firing"}',
      'timestamp(slo:sli:ratio_period)',
      // The fastest tier's long window of a 30-day period: 1h (the Workbook's 14.4× tier).
      'slo:sli_error:ratio_rate1h',
    ]);
  });

  it('met: SLI 99.5% against 99%, half the budget left, burn 2× from the 1h error ratio 2% over the 1% budget', async () => {
    const row = await only({
      'slo:sli:ratio_period': [s(id('e'), 0.995)],
      'slo:error_budget_remaining:ratio': [s(id('e'), 0.5)],
      'slo:current_burn_rate:ratio': [s(id('e'), 7)], // ignored: the 1h error ratio is there
      'slo:sli_error:ratio_rate1h': [s(id('e'), 0.02)],
      'timestamp(slo:sli:ratio_period)': [s(id('e'), AT - 120)],
    });
    expect(row).toMatchObject({
      service: 'shop',
      slo: 'e',
      env: 'production',
      group: null,
      objective: 0.99,
      futureObjective: null,
      period: '30d',
      sli: 0.995,
      errorBudgetRemaining: 0.5,
      burnRateWindow: '1h',
      firingAlerts: [],
      status: 'met',
      duplicates: null,
      dataProblems: [],
      sliEvaluatedAt: '2027-01-15T07:58:00.000Z',
    });
    expect(row.burnRate).toBeCloseTo(2, 12);
  });

  it('the recorded burn rate when the error ratio has no sample', async () => {
    const row = await only({ 'slo:sli:ratio_period': [s(id('e'), 0.995)], 'slo:current_burn_rate:ratio': [s(id('e'), 3.5)] });
    expect(row.burnRate).toBe(3.5);
  });

  it.each([
    ['exactly at the objective: met', 0.99, 'met'],
    ['a hair under the float noise: met', 0.99 - 1e-13, 'met'],
    ['0.01% under: missed', 0.9899, 'missed'],
    ['100%: met', 1, 'met'],
  ] as const)('%s', async (_, sli, status) => {
    expect((await only({ 'slo:sli:ratio_period': [s(id('e'), sli)] })).status).toBe(status);
  });

  it('burning: met so far while an alert of the SLO fires; the alert is named with its tier, once', async () => {
    const alert = (tier: string) => s({ ...id('e'), alertname: 'ShopEHighErrorRate', severity: tier, alertstate: 'firing' }, 1);
    const row = await only({
      'slo:sli:ratio_period': [s(id('e'), 0.999)],
      'ALERTS{alertstate="firing"}': [alert('page'), alert('page'), alert('ticket'), s({ ...id('other'), alertname: 'X', severity: 'page' }, 1)],
    });
    expect(row.firingAlerts).toEqual(['ShopEHighErrorRate(page)', 'ShopEHighErrorRate(ticket)']);
    expect(row.status).toBe('burning');
  });

  it("an alert with Sloth's identity is named by sloth_severity", async () => {
    const row = await only({
      'slo:sli:ratio_period': [s(id('e'), 0.98)],
      'ALERTS{alertstate="firing"}': [s({ ...id('e'), alertname: 'SLOBurn', severity: 'critical', sloth_severity: 'page' }, 1)],
    });
    expect(row.firingAlerts).toEqual(['SLOBurn(page)']);
    expect(row.status).toBe('missed'); // missed stays missed while an alert fires
  });

  it('no data: nothing recorded; a warning names the raw selector when it matches no series, none when it does', async () => {
    const none = await report({});
    expect(none.rows[0]).toMatchObject({ status: 'no data', sli: null, errorBudgetRemaining: null, burnRate: null, sliEvaluatedAt: null });
    expect(none.warnings).toEqual([
      'shop e (production): no series match e_total{env="production"}. Every selector carries the environment label env="production": metrics without it match nothing.',
    ]);
    const some = await report({ 'count(e_total{env="production"})': [s({}, 3)] });
    expect(some.warnings).toEqual([]);
  });

  it('two series for one SLO (two replicas): the worst is shown, the labels that differ are named, and whether they disagree', async () => {
    const a = { ...id('e'), replica: 'a' };
    const b = { ...id('e'), replica: 'b' };
    const r = await report({
      'slo:sli:ratio_period': [s(a, 0.995), s(b, 0.985)],
      'slo:error_budget_remaining:ratio': [s(a, 0.5), s(b, -0.5)],
      'slo:sli_error:ratio_rate1h': [s(a, 0.001), s(b, 0.05)],
    });
    const row = r.rows[0];
    expect(row.sli).toBe(0.985);
    expect(row.errorBudgetRemaining).toBe(-0.5);
    expect(row.burnRate).toBeCloseTo(5, 12); // 5% over the 1% budget, the worse replica
    expect(row.status).toBe('missed');
    expect(row.duplicates).toEqual({ count: 2, differingLabels: ['replica'], verdictsDiffer: true, best: { sli: 0.995, errorBudgetRemaining: 0.5 } });
    expect(r.warnings).toEqual([
      'shop e (production): 2 series differing in replica (the recorded series were not aggregated over it): shown is the worst; they disagree on met or missed',
    ]);
  });

  it('two replicas that agree: duplicates without disagreement, and two differing labels are named as them', async () => {
    const r = await report({
      'slo:sli:ratio_period': [
        s({ ...id('e'), replica: 'a', zone: 'x' }, 0.995),
        s({ ...id('e'), replica: 'b', zone: 'y' }, 0.996),
        s({ ...id('e'), replica: 'c', zone: 'x' }, 0.999),
      ],
    });
    expect(r.rows[0].status).toBe('met');
    expect(r.rows[0].duplicates).toMatchObject({
      count: 3,
      differingLabels: ['replica', 'zone'],
      verdictsDiffer: false,
      best: { sli: 0.999, errorBudgetRemaining: null },
    });
    expect(r.warnings[0]).toBe(
      'shop e (production): 3 series differing in replica, zone (the recorded series were not aggregated over them): shown is the worst',
    );
  });

  it.each([
    [
      'an SLI above 100%',
      { 'slo:sli:ratio_period': [s(id('e'), 1.2)] },
      'an SLI outside 0-100%: a counter went backwards or the good events outnumber the total',
    ],
    [
      'an SLI below 0',
      { 'slo:sli:ratio_period': [s(id('e'), -0.1)] },
      'an SLI outside 0-100%: a counter went backwards or the good events outnumber the total',
    ],
    [
      'a negative burn rate',
      { 'slo:sli:ratio_period': [s(id('e'), 0.995)], 'slo:current_burn_rate:ratio': [s(id('e'), -2)] },
      'a negative burn rate (-2.00×): a counter went backwards or a series was rewritten',
    ],
  ])('bad data: %s', async (_, answers, problem) => {
    const r = await report(answers);
    expect(r.rows[0].status).toBe('bad data');
    expect(r.rows[0].dataProblems).toEqual([problem]);
    expect(r.warnings).toEqual([`shop e (production): bad data: ${problem}`]);
  });

  it('a NaN sample counts as no value', async () => {
    expect((await only({ 'slo:sli:ratio_period': [s(id('e'), Number.NaN)] })).status).toBe('no data');
  });

  it('selects by environment, SLO and service, and keeps series of other environments apart', async () => {
    const answers = { 'slo:sli:ratio_period': [s(id('e'), 0.995), s(id('e', 'staging'), 0.5)] };
    const staging = await liveReport(model, client(answers), AT, { env: 'staging', slo: 'e' });
    expect(staging.rows.map((r) => [r.env, r.period, r.sli, r.status])).toEqual([['staging', '7d', 0.5, 'missed']]);
    const all = await liveReport(model, client(answers), AT, { slo: 'e' });
    expect(all.rows.map((r) => r.env)).toEqual(['production', 'staging']);
    expect((await liveReport(model, client(answers), AT, { service: 'elsewhere' })).rows).toEqual([]);
  });

  it('a grouped SLO: one row per group Prometheus knows, sorted; one row without data when it knows none', async () => {
    const route = (r: string) => ({ ...id('routes'), route: r });
    const r = await report(
      {
        'slo:sli:ratio_period': [s(route('/pay'), 0.9995), s(route('/cart'), 0.998)],
        'slo:error_budget_remaining:ratio': [s(route('/pay'), 0.5), s(route('/search'), 1)],
        // 0.05% over the 0.1% budget: 0.5×.
        'slo:sli_error:ratio_rate1h': [s(route('/pay'), 0.0005)],
      },
      { env: 'production', slo: 'routes' },
    );
    expect(r.rows.map((x) => [x.group, x.sli, x.errorBudgetRemaining, x.status])).toEqual([
      ['route=/cart', 0.998, null, 'missed'],
      ['route=/pay', 0.9995, 0.5, 'met'],
      ['route=/search', null, 1, 'no data'],
    ]);
    expect(r.rows[1].burnRate).toBeCloseTo(0.5, 12);
    const empty = await report({}, { env: 'production', slo: 'routes' });
    expect(empty.rows.map((x) => [x.group, x.status])).toEqual([['-', 'no data']]);
  });
});

describe('the live report, rendered', () => {
  const rows = async () =>
    liveReport(
      model,
      client({
        'slo:sli:ratio_period': [s(id('e'), 0.995), s({ ...id('routes'), route: '/pay' }, 0.99)],
        'slo:error_budget_remaining:ratio': [s(id('e'), 0.5)],
        'slo:sli_error:ratio_rate1h': [s(id('e'), 0.02)],
        'timestamp(slo:sli:ratio_period)': [s(id('e'), AT - 150), s({ ...id('routes'), route: '/pay' }, AT - 30)],
      }),
      AT,
      { env: 'production' },
    );

  it('a table with a group column, the verdicts, and a summary that says how old the recorded SLI is', async () => {
    const text = renderReport(await rows(), 'table');
    const lines = text.split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['service', 'slo', 'env', 'group', 'objective', 'period', 'SLI', 'budget left', 'burn rate', 'firing', 'status']);
    // Measured values print with fixed digits (4 for an SLI, 1 for the budget, 2 for a burn rate).
    expect(text).toMatch(/shop\s+e\s+production\s+99%\s+30d\s+99\.5000%\s+50\.0%\s+2\.00× \(1h\)\s+-\s+met\n/);
    expect(text).toMatch(/shop\s+routes\s+production\s+route=\/pay\s+99\.9%\s+30d\s+99\.0000%\s+-\s+-\s+-\s+MISSED\n/);
    // The oldest SLI read is 150 s before the report's time: 2m30s.
    expect(text).toContain(
      '2 SLO instances and groups at 2027-01-15T08:00:00.000Z from http://prometheus.test:9090: 1 met, 1 missed, 0 without data. SLI and budget left as recorded up to 2m30s before 2027-01-15T08:00:00.000Z (they are evaluated every 4m); burn rates and alerts as of 2027-01-15T08:00:00.000Z.',
    );
  });

  it('markdown: a heading, the summary and a table; json: the report itself', async () => {
    const report = await rows();
    const markdown = renderReport(report, 'markdown');
    expect(markdown.startsWith('# SLO report\n\n2 SLO instances and groups at ')).toBe(true);
    expect(markdown).toContain('| service | slo | env | group | objective | period | SLI | budget left | burn rate | firing | status |');
    expect(JSON.parse(renderReport(report, 'json'))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('without groups there is no group column; no data, bad data and burning are counted and explained', async () => {
    const report = await liveReport(
      model,
      client({
        'slo:sli:ratio_period': [s(id('e', 'staging'), 1.5)],
        'ALERTS{alertstate="firing"}': [s({ ...id('e'), alertname: 'A', severity: 'page' }, 1)],
      }),
      AT,
      { slo: 'e' },
    );
    const text = renderReport(report, 'table');
    expect(text.split('\n')[0]).not.toContain('group');
    expect(text).toMatch(/production.*NO DATA \(no SLI recorded yet; alert firing\)/);
    expect(text).toMatch(/staging.*BAD DATA/);
    expect(text).toContain(': 0 met, 0 missed, 1 without data (no data is not 100%: those SLOs are unknown), 1 with bad data.\n');
    expect(text).toContain('warning: shop e (staging): bad data: an SLI outside 0-100%');
    const burning = await liveReport(
      model,
      client({ 'slo:sli:ratio_period': [s(id('e'), 0.995)], 'ALERTS{alertstate="firing"}': [s({ ...id('e'), alertname: 'A', severity: 'ticket' }, 1)] }),
      AT,
      { env: 'production', slo: 'e' },
    );
    const burningText = renderReport(burning, 'table');
    expect(burningText).toContain('BURNING (met so far, alert firing)');
    expect(burningText).toContain(': 0 met, 1 burning (met so far, an alert firing), 0 missed, 0 without data.\n');
  });
});
