/**
 * Boundaries pinned with hand-written tables (issue "Tests that test the source"): the expected
 * values are worked out by hand from the Workbook's tiers (budget share × period / long window),
 * never read from the code under test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import { Rational } from '../src/core/decimal.js';
import { statThresholds } from '../src/emitters/grafana/service-dashboard.js';
import { burnRateTiers } from '../src/model/burn-rate.js';
import { resolveCatalog } from '../src/model/resolve.js';
import { evaluateGate } from '../src/reports/gate.js';
import type { LiveReport } from '../src/reports/live.js';
import { counter, environment, errorRate, service } from '../src/index.js';

const DAY = 86_400;
const tiersOf = (objectivePercent: number, periodDays: number) =>
  burnRateTiers(Rational.parse(100 - objectivePercent).div(Rational.parse(100)), periodDays * DAY, 'page-and-ticket');

describe('saturation: a tier whose Workbook factor equals the highest burn rate is replaced', () => {
  // Objective, period, the tier whose factor is exactly 1 / budget (worked out by hand):
  // 6h/30m: 5% × P×24h/6h = 0.2P; 1d/2h: 10% × P = 0.1P; 3d/6h: 10% × P/3.
  const exact: Array<[number, number, string, string]> = [
    [75, 20, '6h', '0.2 × 20 = 4 = 1 / 25%'],
    [80, 25, '6h', '0.2 × 25 = 5 = 1 / 20%'],
    [50, 10, '6h', '0.2 × 10 = 2 = 1 / 50%'],
    [90, 50, '6h', '0.2 × 50 = 10 = 1 / 10%'],
    [75, 40, '1d', '0.1 × 40 = 4'],
    [95, 200, '1d', '0.1 × 200 = 20'],
    [96, 250, '1d', '0.1 × 250 = 25'],
    [75, 120, '3d', '0.1 × 120 / 3 = 4'],
    [90, 300, '3d', '0.1 × 300 / 3 = 10'],
  ];
  it.each(exact)('%s%% over %sd: the %s tier (%s)', (objective, days, window) => {
    const tier = tiersOf(objective, days).find((t) => t.longWindow === window)!;
    expect(tier.saturated, 'replaced').toBeDefined();
    expect(tier.threshold.toNumber()).toBeLessThan(1);
    // The replacement fires halfway between the budget and a full outage: (1 + budget) / 2.
    expect(tier.threshold.toNumber()).toBeCloseTo((1 + (100 - objective) / 100) / 2, 12);
  });

  it('no dead tier for any whole-day period from 7 to 366 days and any objective from 50% to 99.999%', () => {
    fc.assert(
      fc.property(fc.integer({ min: 7, max: 366 }), fc.integer({ min: 50_000, max: 99_999 }), (days, milli) => {
        for (const tier of tiersOf(milli / 1000, days)) expect(tier.threshold.toNumber(), `${milli / 1000}% ${days}d ${tier.longWindow}`).toBeLessThan(1);
      }),
      { seed: 20261207, numRuns: 3000 },
    );
  });
});

type Row = LiveReport['rows'][number];
const POLICY = { blockBelow: 10, warnBelow: 25 };
const model = resolveCatalog(
  validateCatalog(
    {
      services: [
        service({
          name: 'shop',
          owner: 'o',
          runbookBaseUrl: 'https://r.example.com',
          dashboardBaseUrl: 'https://g.example.com',
          environments: [environment('production', { period: '30d', alerting: 'page-and-ticket', budgetPolicy: POLICY })],
          slos: [errorRate({ id: 'e', title: 'E', events: counter('x_total'), bad: { code: /5../ }, below: '1%' })],
        }),
      ],
    },
    'boundaries.ts',
  ),
);
const row = (left: number): Row => ({
  service: 'shop',
  slo: 'e',
  env: 'production',
  group: null,
  objective: 0.99,
  futureObjective: null,
  period: '30d',
  sli: 0.99 + 0.01 * left,
  errorBudgetRemaining: left,
  burnRate: null,
  burnRateWindow: '1h',
  firingAlerts: [],
  status: left < 0 ? 'missed' : 'met',
  duplicates: null,
  dataProblems: [],
  sliEvaluatedAt: null,
});

describe('the gate exactly at its policy (block below 10%, warn below 25%)', () => {
  // Budget left, decision, warnings: "below" is strict, so exactly 10% is a go and exactly 25% warns not.
  const table: Array<[number, string, number]> = [
    [1, 'go', 0],
    [0.25, 'go', 0],
    [0.2499, 'go', 1],
    [0.1, 'go', 1],
    [0.0999, 'no-go', 0],
    [0, 'no-go', 0],
    [-0.01, 'no-go', 0],
  ];
  it.each(table)('%s of the budget left: %s with %i warnings', (left, decision, warnings) => {
    const result = evaluateGate(
      model,
      { prometheus: 'http://p', at: '2026-12-07T00:00:00Z', rows: [row(left)], warnings: [] },
      { service: 'shop', env: 'production' },
    );
    expect(result.decision).toBe(decision);
    expect(result.warnings).toHaveLength(warnings);
  });
});

describe('dashboard colour steps come from the plan', () => {
  const dashboardSteps = (period: string, policy = { blockBelow: 0, warnBelow: 25 }) => {
    const files = compileCatalog(
      validateCatalog(
        {
          services: [
            service({
              name: 'web',
              owner: 'o',
              runbookBaseUrl: 'https://r.example.com',
              dashboardBaseUrl: 'https://g.example.com',
              environments: [environment('production', { period, alerting: 'page-and-ticket', budgetPolicy: policy })],
              slos: [errorRate({ id: 'e', title: 'E', events: counter('x_total'), bad: { code: /5../ }, below: '1%' })],
            }),
          ],
        },
        'steps.ts',
      ),
    ).files;
    const dashboard = JSON.parse(files.find((f) => f.path === 'generated/grafana/dashboards/web/web-slos.json')!.content) as {
      panels: Array<{ title: string; fieldConfig?: { defaults?: { thresholds?: { steps: Array<{ color: string; value: number | null }> } } } }>;
    };
    const steps = (title: string) => dashboard.panels.find((p) => p.title.startsWith(title))!.fieldConfig!.defaults!.thresholds!.steps;
    return { burn: steps('Burn rate'), budget: steps('Error budget remaining') };
  };

  // The lowest page factor: the 6h tier's, 5% × period / 6h (by hand: 30d → 6, 7d → 1.4, 28d → 5.6).
  it.each([
    ['30d', 6],
    ['7d', 1.4],
    ['28d', 5.6],
  ])('burn rate red at the lowest paging factor: %s → %s×', (period, red) => {
    expect(dashboardSteps(period).burn.find((s) => s.color === 'red')!.value).toBeCloseTo(red, 12);
  });

  it('budget amber below warnBelow and red below blockBelow, as the policy says', () => {
    expect(dashboardSteps('30d', { blockBelow: 10, warnBelow: 40 }).budget).toEqual([
      { color: 'red', value: null },
      { color: 'orange', value: 0.1 },
      { color: 'green', value: 0.4 },
    ]);
    expect(statThresholds([], [])).toEqual({ burnRateRed: undefined, budgetRed: 0, budgetGreen: 0 });
  });
});
