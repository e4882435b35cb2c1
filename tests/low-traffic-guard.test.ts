/**
 * The statistical low-traffic guard at its boundary, under promtool (Prometheus's own engine), at
 * three traffic levels. Expected values come from the hand table below, not from the emitter:
 *
 * A 99.9% SLO over 30d, its 1h/5m page at 14.4× (error ratio 1.44%). One false alert a tier a year
 * at the budget's rate: α = 1h / 365d = 1/8760, critical value ln(8760) = 9.078. An hour holding
 * n events, k of them bad (r = k/n), passes the test when n·(r·ln(r/0.001) − r + 0.001) ≥ 9.078.
 *
 *   events an hour  bad k   n     r        statistic   burn rate alone   guard
 *   36 healthy      2       38    5.26%    5.965       pages (> 1.44%)   silent
 *   36 healthy      3       39    7.69%    10.067      pages             pages
 *   120 healthy     3       123   2.44%    6.706       pages             silent
 *   120 healthy     4       124   3.23%    10.019      pages             pages
 *   240 healthy     4       244   1.64%    7.432       pages             silent
 *   240 healthy     5       245   2.04%    10.325      pages             pages
 *
 * (The exact Poisson tail at the line, P(X ≥ 3 | λ = 0.036) = 7.6e-6, is well under α: the Chernoff
 * bound is conservative.) The same traffic with the guard off pages one event earlier, as the
 * Workbook's burn rate alone does: that is the guard's cost, one to two events at these levels.
 */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compileCatalog } from '../src/compile.js';
import { validateCatalog } from '../src/catalog/validate.js';
import { CatalogError } from '../src/catalog/catalog-error.js';
import { errorRate, counter, uptime, gauge } from '../src/index.js';
import { smallService } from './helpers/catalogs.js';
import { promtool, tempDir, writeFiles } from './helpers/tools.js';

const TABLE: Array<{ perHour: number; silentAt: number; pagesAt: number }> = [
  { perHour: 36, silentAt: 2, pagesAt: 3 },
  { perHour: 120, silentAt: 3, pagesAt: 4 },
  { perHour: 240, silentAt: 4, pagesAt: 5 },
];

const slo = (lowTrafficGuard?: false | { falsePagesPerYear: number }) =>
  errorRate({
    id: 'orders',
    title: 'Orders',
    events: counter('orders_total'),
    bad: { code: /5../ },
    below: '0.1%',
    ...(lowTrafficGuard === undefined ? {} : { lowTrafficGuard }),
  });

/** Two hours of healthy traffic at `perHour` events an hour, then `bad` failed events, one a minute, in the last `bad` minutes (extra to the healthy ones). */
function scenario(perHour: number, bad: number) {
  const perMinute = perHour / 60;
  const badValues = Array.from({ length: 121 }, (_, minute) => Math.max(0, Math.min(bad, minute - (120 - bad))));
  return {
    interval: '1m',
    input_series: [
      { series: 'orders_total{env="production",code="200"}', values: `0+${perMinute}x120` },
      { series: 'orders_total{env="production",code="500"}', values: badValues.join(' ') },
    ],
    promql_expr_test: [
      {
        expr: 'count(ALERTS{alertname="SLOBurnRate1h5m",alertstate="firing"}) or vector(0)',
        eval_time: '2h',
        exp_samples: [{ labels: '{}', value: 0 }],
      },
    ],
  };
}

/** Whether the 1h/5m page fires at 2h, per promtool, for each (traffic, bad events) case. */
function pages(guard: boolean, cases: Array<{ perHour: number; bad: number }>): boolean[] {
  const dir = tempDir();
  writeFiles(dir, compileCatalog(validateCatalog({ services: [smallService([slo(guard ? undefined : false)])] }, 'guard.ts')).files);
  return cases.map(({ perHour, bad }) => {
    const file = path.join(dir, `case-${perHour}-${bad}.test.yml`);
    const test = { name: `${perHour}/h, ${bad} bad`, ...scenario(perHour, bad) };
    writeFileSync(file, stringify({ rule_files: [path.join(dir, 'alerts/shop/production/orders.rules.yml')], evaluation_interval: '1m', tests: [test] }));
    const result = promtool(['test', 'rules', file]);
    // Expected 0 firing: success means silent; a failure must be the page, never anything else.
    if (result.status === 0) return false;
    expect(result.stdout + result.stderr).toMatch(/got: \{\} 1E\+00/);
    return true;
  });
}

describe('the statistical low-traffic guard under promtool', () => {
  const cases = TABLE.flatMap(({ perHour, silentAt, pagesAt }) => [
    { perHour, bad: silentAt },
    { perHour, bad: pagesAt },
  ]);

  it('pages one event past the significance line and not before, at 36, 120 and 240 events an hour', () => {
    expect(pages(true, cases)).toEqual(TABLE.flatMap(() => [false, true]));
  });

  it('with the guard off, the burn rate alone pages on the event before the line (the guard’s cost)', () => {
    expect(pages(false, cases)).toEqual(TABLE.flatMap(() => [true, true]));
  });
});

describe('lowTrafficGuard in the catalog', () => {
  it('is refused on a probe SLI, naming the SLO and the field', () => {
    const probe = uptime({ id: 'up', title: 'Up', probe: gauge('probe_success'), objective: 99 });
    const bad = { services: [smallService([{ ...probe, lowTrafficGuard: { falsePagesPerYear: 1 } }])] };
    expect(() => validateCatalog(bad, 'guard.ts')).toThrow(CatalogError);
    expect(() => validateCatalog(bad, 'guard.ts')).toThrow(/up.*lowTrafficGuard|lowTrafficGuard.*ratio and latency/s);
  });

  it('a stricter false-alert rate raises the critical value: ln(365d / (1h × 0.1)) = 11.380', () => {
    const strict = slo({ falsePagesPerYear: 0.1 });
    const files = compileCatalog(validateCatalog({ services: [smallService([strict])] }, 'guard.ts')).files;
    const rules = files.find((f) => f.path === 'alerts/shop/production/orders.rules.yml')!.content;
    // ln(87600) = 11.38053…, rounded up at the third decimal.
    expect(rules).toContain('>= 11.381');
    expect(rules).not.toContain('>= 9.078');
  });
});
