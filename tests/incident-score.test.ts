/**
 * `backtest --incidents`: the score of alert episodes against labelled incidents, on a hand-written
 * table. Every expected number below is counted by hand from the episodes and incidents listed.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/core/errors.js';
import type { BacktestEpisode } from '../src/history/backtest.js';
import { parseIncidents, renderScore, scoreIncidents, type Incident } from '../src/history/incidents.js';

const M = 60;
const incident = (name: string, slo: string, from: number, to: number, deserves: Incident['deserves']): Incident => ({
  name,
  slo,
  start: from * M,
  end: to * M,
  deserves,
});
const INCIDENTS = [
  incident('outage', 'a', 100, 120, 'page'),
  incident('slow burn', 'a', 300, 600, 'ticket'),
  incident('spike', 'a', 800, 802, 'none'),
  incident('missed', 'b', 1000, 1100, 'page'),
];
const episode = (slo: string, alertname: string, severity: string, fired: number, resolved?: number): BacktestEpisode => ({
  labels: { service: 's', slo, env: 'production', alertname },
  activeAt: fired * M,
  firedAt: fired * M,
  ...(resolved === undefined ? {} : { resolvedAt: resolved * M }),
  severity,
});
const EPISODES = [
  episode('a', 'SLOBurnRate1h5m', 'page', 90, 100), // resolved exactly at the outage's start: not the outage's
  episode('a', 'SLOBurnRate1h5m', 'page', 109, 126), // the outage
  episode('a', 'SLOBurnRate6h30m', 'page', 130, 160), // the outage: fired 10 min after its end, within its 30m short window
  episode('a', 'SLOBurnRate1d2h', 'ticket', 450, 700), // the slow burn
  episode('a', 'SLOBurnRate1h5m', 'page', 801, 806), // the spike, which deserves nothing: a false page
  episode('a', 'SLOBurnRate1h5m', 'page', 2000), // no incident: a false page, still firing
  episode('b', 'SLOBurnRate3d6h', 'ticket', 1050), // the missed page got a ticket only, still firing
];
const SHORT_WINDOW: Record<string, number> = { SLOBurnRate1h5m: 5 * M, SLOBurnRate6h30m: 30 * M, SLOBurnRate1d2h: 2 * 3600, SLOBurnRate3d6h: 6 * 3600 };
// Scored inside each test, not at load: a mutation-testing run activates its mutant per test.
const score = () => scoreIncidents(EPISODES, INCIDENTS, (e) => SHORT_WINDOW[e.labels.alertname]);

describe('scoring alert episodes against labelled incidents', () => {
  it('each incident: what it got, whether that meets what it deserves, detection and reset', () => {
    expect(score().incidents).toEqual([
      { name: 'outage', slo: 'a', deserves: 'page', got: 'page', met: true, detectionSeconds: 9 * M, resetSeconds: 40 * M, alerts: 2 },
      { name: 'slow burn', slo: 'a', deserves: 'ticket', got: 'ticket', met: true, detectionSeconds: 150 * M, resetSeconds: 100 * M, alerts: 1 },
      { name: 'spike', slo: 'a', deserves: 'none', got: 'page', met: false, resetSeconds: 4 * M, alerts: 1 },
      { name: 'missed', slo: 'b', deserves: 'page', got: 'ticket', met: false, resetSeconds: null, alerts: 1 },
    ]);
  });

  it('in total: recall 2 of 3, precision 4 of 7, 3 false pages, median detection and reset', () => {
    expect(score().total).toEqual({
      incidents: 3,
      detected: 2,
      recall: 2 / 3,
      alerts: 7,
      explained: 4,
      precision: 4 / 7,
      falsePages: 3,
      medianDetectionSeconds: (9 * M + 150 * M) / 2,
      medianResetSeconds: (40 * M + 100 * M) / 2,
    });
  });

  it('per SLO and per alert', () => {
    expect(score().bySlo.map(({ slo, recall, precision, falsePages }) => ({ slo, recall, precision, falsePages }))).toEqual([
      { slo: 'a', recall: 1, precision: 3 / 6, falsePages: 3 },
      { slo: 'b', recall: 0, precision: 1, falsePages: 0 },
    ]);
    expect(score().byAlert).toEqual([
      { alert: 'SLOBurnRate1d2h', alerts: 1, explained: 1, precision: 1, falsePages: 0 },
      { alert: 'SLOBurnRate1h5m', alerts: 4, explained: 1, precision: 1 / 4, falsePages: 3 },
      { alert: 'SLOBurnRate3d6h', alerts: 1, explained: 1, precision: 1, falsePages: 0 },
      { alert: 'SLOBurnRate6h30m', alerts: 1, explained: 1, precision: 1, falsePages: 0 },
    ]);
  });

  it('an alert that belongs to two incidents counts for the later one, and explains itself through either', () => {
    // A 30-minute outage, then from 4h a slow burn; the 3d/6h ticket fires at 5h, its 6h short window still holding the outage.
    const both = scoreIncidents(
      [episode('a', 'SLOBurnRate1h5m', 'page', 9, 36), episode('a', 'SLOBurnRate3d6h', 'ticket', 300)],
      [incident('outage', 'a', 0, 30, 'page'), incident('burn', 'a', 240, 600, 'ticket')],
      (e) => SHORT_WINDOW[e.labels.alertname],
    );
    expect(both.incidents.map((o) => [o.name, o.got, o.alerts, o.resetSeconds])).toEqual([
      ['outage', 'page', 1, 6 * M],
      ['burn', 'ticket', 1, null],
    ]);
    expect(both.total).toMatchObject({ recall: 1, precision: 1, falsePages: 0 });
  });

  it('no incidents and no alerts: nothing to divide, said as such', () => {
    const empty = scoreIncidents([], [], () => 0);
    expect(empty.total).toMatchObject({ recall: null, precision: null, medianDetectionSeconds: null });
    expect(renderScore(empty, 'markdown')).toContain('| all | - (0 of 0) | - (0 of 0) | 0 |');
  });

  it('renders the totals and each incident in Markdown', () => {
    const text = renderScore(score(), 'markdown');
    expect(text).toContain('### Scored against 4 labelled incidents');
    expect(text).toContain('| all | 67% (2 of 3) | 57% (4 of 7) | 3 | 1h19m | 1h10m |');
    expect(text).toContain('| missed | b | page | ticket | NO | - | - | still firing |');
    // b's one incident still fires: no median reset to give, which is not "still firing".
    expect(text).toContain('| b | 0% (0 of 1) | 100% (1 of 1) | 0 | - | - |');
  });
});

describe('reading an incidents file', () => {
  it('takes YAML with RFC 3339 or Unix times, and optional service and env', () => {
    const text = `incidents:
  - { name: outage, slo: api, start: "2026-11-01T10:00:00Z", end: 1793530800, deserves: page, env: production }
`;
    expect(parseIncidents(text, 'pm.yml')).toEqual([{ name: 'outage', slo: 'api', start: 1793527200, end: 1793530800, deserves: 'page', env: 'production' }]);
  });

  it.each([
    ['incidents: 3', 'pm.yml: field "incidents"'],
    ['incidents: [{ name: x, slo: a, start: 1, end: 2, deserves: maybe }]', 'pm.yml: incidents[0] ("x"): field "deserves"'],
    [
      'incidents: [{ name: x, slo: a, start: 1, end: 2, deserves: page }, { name: y, slo: a, start: soon, end: 2, deserves: page }]',
      'pm.yml: incidents[1] ("y"): field "start": not a time',
    ],
    ['incidents: [{ name: x, slo: a, start: 5, end: 2, deserves: page }]', 'pm.yml: incidents[0] ("x"): field "end": before the start'],
    ['incidents: [{ name: x, start: 1, end: 2, deserves: page }]', 'pm.yml: incidents[0] ("x"): field "slo"'],
    ['incidents: [{ name: x, slo: a, start: 1, end: 2, deserves: page, severity: 1 }]', 'pm.yml: incidents[0] ("x"): field "(the incident)"'],
    ['a: [', 'pm.yml: not YAML or JSON'],
  ])('refuses %j naming the file, the incident and the field', (text, message) => {
    expect(() => parseIncidents(text, 'pm.yml')).toThrow(UserError);
    expect(() => parseIncidents(text, 'pm.yml')).toThrow(message);
  });
});

describe('scoring at the edges (each case counted by hand)', () => {
  const aftermath = (e: BacktestEpisode) => SHORT_WINDOW[e.labels.alertname];
  const withBudget = (e: BacktestEpisode, budgetSpent: number): BacktestEpisode => ({ ...e, budgetSpent });

  it('an alert firing exactly at the end plus its short window belongs; a minute later it does not', () => {
    const at = (fired: number) => scoreIncidents([episode('a', 'SLOBurnRate1h5m', 'page', fired, fired + 10)], [incident('x', 'a', 0, 30, 'page')], aftermath);
    expect(at(35).incidents[0]).toMatchObject({ got: 'page', met: true });
    expect(at(36).incidents[0]).toMatchObject({ got: 'none', met: false });
    expect(at(36).total.falsePages).toBe(1);
  });

  it("an incident's service and env, when given, must be the alert's", () => {
    const e = episode('a', 'SLOBurnRate1h5m', 'page', 10, 20);
    const scored = (extra: Partial<Incident>) => scoreIncidents([e], [{ ...incident('x', 'a', 0, 30, 'page'), ...extra }], aftermath).incidents[0].met;
    expect(scored({ service: 's', env: 'production' })).toBe(true);
    expect(scored({ service: 'other' })).toBe(false);
    expect(scored({ env: 'staging' })).toBe(false);
  });

  it('the strongest alert counts, detection is the first of the deserved severity, and reset waits for every alert', () => {
    const scored = scoreIncidents(
      // Listed out of time order on purpose.
      [
        withBudget(episode('a', 'SLOBurnRate6h30m', 'page', 40, 90), 0.05),
        episode('a', 'SLOBurnRate1d2h', 'ticket', 20),
        withBudget(episode('a', 'SLOBurnRate1h5m', 'page', 25, 50), 0.025),
      ],
      [incident('x', 'a', 0, 30, 'page')],
      aftermath,
    );
    expect(scored.incidents[0]).toEqual({
      name: 'x',
      slo: 'a',
      deserves: 'page',
      got: 'page',
      met: true,
      detectionSeconds: 25 * M,
      budgetSpentAtDetection: 0.025,
      resetSeconds: null,
      alerts: 3,
    });
    expect(renderScore(scored, 'markdown')).toContain('| x | a | page | page | yes | 25m | 2.5% | still firing |');
  });

  it('an alert of two incidents, listed latest first, counts for the one that began last before it fired', () => {
    const scored = scoreIncidents(
      [episode('a', 'SLOBurnRate3d6h', 'ticket', 300, 900)],
      [incident('burn', 'a', 240, 600, 'ticket'), incident('outage', 'a', 0, 30, 'page')],
      aftermath,
    );
    expect(scored.incidents.map((o) => [o.name, o.alerts])).toEqual([
      ['burn', 1],
      ['outage', 0],
    ]);
  });

  it('the median of three detections is the middle one, whatever their order; SLOs are listed by name', () => {
    const scored = scoreIncidents(
      [
        episode('b', 'SLOBurnRate1h5m', 'page', 1030, 1040),
        episode('b', 'SLOBurnRate1h5m', 'page', 2005, 2010),
        episode('b', 'SLOBurnRate1h5m', 'page', 3050, 3060),
      ],
      [
        incident('one', 'b', 1000, 1100, 'page'),
        incident('two', 'b', 2000, 2100, 'page'),
        incident('three', 'b', 3000, 3100, 'page'),
        incident('none here', 'a', 0, 10, 'none'),
      ],
      aftermath,
    );
    expect(scored.total.medianDetectionSeconds).toBe(30 * M);
    expect(scored.total.medianResetSeconds).toBe(-60 * M);
    expect(scored.bySlo.map((s) => s.slo)).toEqual(['a', 'b']);
    expect(scored.incidents[3]).toMatchObject({ deserves: 'none', got: 'none', met: true });
  });

  it('tierAftermath: each burn-rate tier its short window, under either identity; other alerts none', async () => {
    const { validateCatalog } = await import('../src/catalog/validate.js');
    const { resolveCatalog } = await import('../src/model/resolve.js');
    const { tierAftermath } = await import('../src/history/incidents.js');
    const { checkoutErrors, checkoutLatency, testService } = await import('./helpers/catalogs.js');
    const model = resolveCatalog(
      validateCatalog({ services: [testService([checkoutErrors(), { ...checkoutLatency(), alertIdentity: { style: 'sloth', alertName: 'Slow' } }])] }, 't.ts'),
    );
    const of = tierAftermath(model.instances.filter((i) => i.env === 'production'));
    const labels = (slo: string, alertname: string, extra: Record<string, string> = {}) =>
      ({ labels: { service: 'shop', slo, env: 'production', alertname, ...extra } }) as unknown as BacktestEpisode;
    expect(of(labels('checkout-errors', 'SLOBurnRate1h5m'))).toBe(5 * M);
    expect(of(labels('checkout-errors', 'SLOBurnRate3d6h'))).toBe(6 * 3600);
    expect(of(labels('checkout-latency', 'Slow', { long_window: '6h', short_window: '30m' }))).toBe(30 * M);
    expect(of(labels('checkout-errors', 'SLODataMissing'))).toBe(0);
  });

  it('reads quoted Unix times, an incident that starts and ends at once, and names an incident without a name by its index', () => {
    expect(parseIncidents('incidents: [{ name: x, slo: a, start: "1793527200", end: 1793527200, deserves: none }]', 'pm.yml')[0]).toMatchObject({
      start: 1793527200,
      end: 1793527200,
    });
    expect(() => parseIncidents('incidents: [{ slo: a, start: 1, end: 2, deserves: page }]', 'pm.yml')).toThrow('pm.yml: incidents[0]: field "name"');
  });
});
