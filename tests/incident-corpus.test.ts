/**
 * The incident corpus (bench/incidents/) and the peers' rule shapes the benchmark scores, checked
 * against sources other than the code: Pyrra's own test expectations for its windows, the
 * Workbook's rule for what an incident deserves and its detection times worked by hand, and the
 * statistics of the drawn traffic.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildScenario, corpusSpecs, deserved, INCIDENT_KINDS, OBJECTIVES, PERIOD_MINUTES, shapeAt } from '../bench/incidents/corpus.js';
import { workbookMinutes } from '../bench/incidents/score.js';
import { inlineRecorded } from '../bench/prometheus.js';
import { pyrraRules, pyrraWindows } from '../bench/pyrra-forms.js';
import { backtestIncidents, corpusLabels } from '../bench/incidents/run.js';

describe("Pyrra's windows", () => {
  it('are the ones its tests state for a 28-day window', () => {
    // slo/rules_test.go: for 2m/15m/1h/3h; burn rates over 5m, 30m, 1h, 2h, 6h, 1d, 4d; factors 14, 7, 2, 1.
    expect(pyrraWindows(28)).toEqual([
      { severity: 'critical', forMinutes: 2, longMinutes: 60, shortMinutes: 5, factor: 14 },
      { severity: 'critical', forMinutes: 15, longMinutes: 360, shortMinutes: 30, factor: 7 },
      { severity: 'warning', forMinutes: 60, longMinutes: 1440, shortMinutes: 120, factor: 2 },
      { severity: 'warning', forMinutes: 180, longMinutes: 5760, shortMinutes: 360, factor: 1 },
    ]);
  });

  it('scale with a 30-day window, rounded to the minute as Go rounds durations', () => {
    // 30d = 43,200 min: 43200/20160 = 2.14 → 2m; /672 = 64.3 → 64m; /8064 = 5.36 → 5m; /2688 = 16.07 → 16m;
    // /112 = 385.7 → 386m; /1344 = 32.1 → 32m; /28 = 1542.9 → 1543m; /336 = 128.6 → 129m; /224 = 192.9 → 193m; /7 = 6171.4 → 6171m.
    expect(pyrraWindows(30).map((w) => [w.forMinutes, w.longMinutes, w.shortMinutes])).toEqual([
      [2, 64, 5],
      [16, 386, 32],
      [64, 1543, 129],
      [193, 6171, 386],
    ]);
  });

  it('write the alert as Pyrra does: both burn rates over factor × (1 − target), with its for', () => {
    const rules = pyrraRules({ name: 'x', errors: (w) => `e[${w}]`, total: (w) => `t[${w}]`, totalSelector: 't', target: 0.99, periodDays: 28 });
    const fast = rules.find((r) => 'alert' in r && r.for === '2m');
    expect(fast && 'alert' in fast ? fast.expr : '').toBe('pyrra:burnrate5m{slo="x"} > (14 * (1-0.99)) and pyrra:burnrate1h{slo="x"} > (14 * (1-0.99))');
    // The absent alert waits 14 × 1% of 1h (8.4 min) plus the fast burn's 2m: 10m, rounded to the minute.
    const absent = rules.find((r) => 'alert' in r && r.alert === 'SLOMetricAbsent');
    expect(absent && 'alert' in absent ? absent.for : '').toBe('10m');
  });
});

describe('what an incident deserves (the Workbook: page at 2% of the budget in 1h or 5% in 6h, ticket at 10% in 1d or 3d)', () => {
  const at = (w: Partial<Record<'1h' | '6h' | '1d' | '3d', number>>) => deserved({ '1h': 0, '6h': 0, '1d': 0, '3d': 0, ...w });
  it.each([
    [{ '1h': 0.02 }, 'page'],
    [{ '1h': 0.0199, '6h': 0.0499, '1d': 0.0999, '3d': 0.0999 }, 'none'],
    [{ '1h': 0.0199, '6h': 0.05 }, 'page'],
    [{ '6h': 0.0499, '1d': 0.1 }, 'ticket'],
    [{ '3d': 0.1 }, 'ticket'],
    [{ '3d': 0.0999 }, 'none'],
  ] as const)('%j → %s', (worst, expected) => expect(at(worst)).toBe(expected));
});

describe("the Workbook's detection time on the incident's own counts", () => {
  /** Steady traffic of 1,000 events a minute, bad at `share` from minute 1440 for `minutes` (whole counts: no float edge). */
  const steady = (share: number, minutes: number, before = 0) => {
    const total = Array.from({ length: 1440 + minutes + 1440 }, () => 1000);
    const bad = total.map((n, m) => (m >= 1440 && m < 1440 + minutes ? n * share : n * before));
    return { counts: { total, bad }, incident: { start: 1440, end: 1440 + minutes } };
  };
  it.each([
    // Full outage at 99.9%: the first minute holds 1,000 bad of 60,000 in 1h (1.67% > 1.44%) and 100% of 5m: minute 0.
    [1, 60, 0.001, 'page', 0],
    // 2% at 99.9%: 1h ratio 0.02 k / 60 > 0.0144 once k > 43.2, so at the 44th minute (43 after the start);
    // 6h tier: 0.02 k / 360 > 0.006 once k > 108.
    [0.02, 180, 0.001, 'page', 43],
    // 2% for 30 minutes: 1h ratio at most 0.01, never above 1.44%; 6h never above 0.6%.
    [0.02, 30, 0.001, 'page', undefined],
    // 20% slow at 99%: 0.2 k / 60 > 0.144 once k > 43.2.
    [0.2, 60, 0.01, 'page', 43],
    // 3× for a day, a ticket: 1d tier needs more than 3× (never); 3d tier: 0.003 k / 4320 > 0.001 once k > 1440,
    // but the day of counts before the incident is all the 3d window holds: 0.003 k / (1440 + k) > 0.001 once k > 720.
    [0.003, 1440, 0.001, 'ticket', 720],
  ] as const)('bad share %f for %i min at budget %f, deserves %s → %s', (share, minutes, budget, deserves, expected) => {
    const { counts, incident } = steady(share, minutes);
    expect(workbookMinutes(counts, { ...incident, deserves }, budget)).toBe(expected);
  });

  it('counts the noise already in the windows, as the rules do', () => {
    // 0.5× noise before a 2% incident: 20 k + 0.5 (60 − k) bad of 60,000 in 1h is above 864 once k > 42.8: the 43rd minute.
    const { counts, incident } = steady(0.02, 180, 0.0005);
    expect(workbookMinutes(counts, { ...incident, deserves: 'page' }, 0.001)).toBe(42);
  });

  it('deserving nothing, it is undefined', () => {
    const { counts, incident } = steady(1, 60);
    expect(workbookMinutes(counts, { ...incident, deserves: 'none' }, 0.001)).toBeUndefined();
  });
});

describe('the drawn traffic', () => {
  it('is deterministic: the same scenario twice is the same, another id draws differently', () => {
    const spec = { sli: 'errors', shape: 'bursty', level: 1, noise: 0.5, kind: 'partial-2pct' } as const;
    const a = buildScenario(spec);
    expect(buildScenario(spec)).toEqual(a);
    expect(buildScenario({ ...spec, level: 1.0001 }).total.slice(0, 100)).not.toEqual(a.total.slice(0, 100));
  });

  it('has the mean rate and the noise it states (Poisson events, binomial bad events)', () => {
    const healthy = buildScenario({ sli: 'errors', shape: 'diurnal', level: 1, noise: 0.5 });
    const events = healthy.total.reduce((x, y) => x + y, 0);
    const bad = healthy.bad.reduce((x, y) => x + y, 0);
    // 1 event/s for 33 days is 2,851,200 events (sd 1,700); bad at 0.05% is 1,426 (sd 38).
    expect(events / (60 * healthy.minutes)).toBeGreaterThan(0.99);
    expect(events / (60 * healthy.minutes)).toBeLessThan(1.01);
    expect(bad / events).toBeGreaterThan(0.0005 * 0.9);
    expect(bad / events).toBeLessThan(0.0005 * 1.1);
  });

  it('is diurnal by a factor of 10 between 04:00 and 16:00', () => {
    const noRandom = () => 0.5;
    expect(shapeAt('diurnal', 16 * 60, noRandom, { until: 0 }) / shapeAt('diurnal', 4 * 60, noRandom, { until: 0 })).toBeCloseTo(10, 9);
    const day = Array.from({ length: 1440 }, (_, m) => shapeAt('diurnal', m, noRandom, { until: 0 }));
    expect(day.reduce((x, y) => x + y, 0) / 1440).toBeCloseTo(1, 3);
  });

  it("labels each incident from its own bad events over a period's budget at the mean traffic", () => {
    const s = buildScenario({ sli: 'errors', shape: 'steady', level: 100, noise: 0.5, kind: 'full-outage' });
    const incident = s.incident!;
    const bad = s.bad.slice(incident.start, incident.end).reduce((x, y) => x + y, 0);
    expect(incident.end - incident.start).toBe(INCIDENT_KINDS['full-outage'].minutes);
    // Every event fails for 20 minutes at 6,000 a minute, about 120,000, of a budget of 0.1% × 6,000 × 43,200 = 259,200.
    expect(incident.budgetSpent).toBeCloseTo(bad / ((1 - OBJECTIVES.errors) * 100 * 60 * PERIOD_MINUTES), 12);
    expect(incident.budgetSpent).toBeGreaterThan(0.45);
    expect(incident.budgetSpent).toBeLessThan(0.48);
    expect(incident.deserves).toBe('page');
  });

  it('gives each kind the alert its name promises at 10 events/s and more, and to probes (below 10/s, Poisson noise can tip a 3× burn over 5% in six busy hours)', () => {
    const promised: Record<string, string> = {
      'full-outage': 'page',
      'partial-10pct': 'page',
      'partial-2pct': 'page',
      'slow-burn-3x': 'ticket',
      'slow-burn-1.5x': 'ticket',
      flapping: 'page',
      'short-spike': 'none',
      'latency-degradation': 'page',
      'latency-slow-burn': 'ticket',
      'probe-outage': 'page',
      'probe-flapping': 'page',
      'probe-blip': 'none',
    };
    for (const spec of corpusSpecs('full').filter((x) => x.kind && (x.level >= 10 || x.sli === 'uptime')))
      expect([spec.kind, buildScenario(spec).incident!.deserves]).toEqual([spec.kind, promised[spec.kind!]]);
  });

  it('names the source and licence of the real traffic shape, and keeps its mean at 1', () => {
    const nab = JSON.parse(readFileSync('bench/incidents/nab-elb-request-count.json', 'utf8')) as { source: string; licence: string; shape: number[] };
    expect(nab.source).toMatch(/NAB.*elb_request_count_8c0756/);
    expect(nab.licence).toMatch(/^MIT\. Copyright 2014-2024 Numenta/);
    expect(nab.shape).toHaveLength(4032);
    expect(nab.shape.reduce((x, y) => x + y, 0) / nab.shape.length).toBeCloseTo(1, 2);
  });
});

describe('inlining one-level rule sets', () => {
  it("replaces each recorded series by its rule's expression with the rule's labels", () => {
    const alerts = inlineRecorded(
      [{ alert: 'A', expr: 'r:5m{id="x"} > 1 and ignoring (w) r:1h{id="x"} > 1', labels: {}, annotations: {} }],
      [
        { record: 'r:5m', expr: 'sum(rate(m[5m]))', labels: { id: 'x', w: '5m' } },
        { record: 'r:1h', expr: 'sum(rate(m[1h]))', labels: { id: 'x', w: '1h' } },
      ],
    );
    expect(alerts?.[0].expr).toBe(
      'label_replace(label_replace((sum(rate(m[5m]))), "id", "x", "", ""), "w", "5m", "", "") > 1 and ignoring (w) label_replace(label_replace((sum(rate(m[1h]))), "id", "x", "", ""), "w", "1h", "", "") > 1',
    );
  });

  it('refuses rule sets where a rule reads another', () => {
    expect(
      inlineRecorded(
        [],
        [
          { record: 'a', expr: 'b{x="1"}', labels: {} },
          { record: 'b', expr: 'm', labels: { x: '1' } },
        ],
      ),
    ).toBeUndefined();
  });
});

describe('the committed labels', () => {
  it.each(['quick', 'full'] as const)('of the %s corpus are what the generator draws (deterministic), in both forms', (slice) => {
    const scenarios = corpusSpecs(slice).map(buildScenario);
    expect(JSON.parse(readFileSync(`bench/incidents/labels-${slice}.json`, 'utf8'))).toEqual(JSON.parse(JSON.stringify(corpusLabels(scenarios))));
    expect(readFileSync(`bench/incidents/incidents-${slice}.yaml`, 'utf8')).toBe(backtestIncidents(scenarios));
  });
});
