/**
 * Table tests of the Prometheus emitter, one per rule group function, with whole expected outputs
 * written out by hand (after Pyrra's slo/rules_test.go). Thresholds are the Workbook's numbers.
 */
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../../src/catalog/validate.js';
import { burnRateAlerts } from '../../src/emitters/prometheus/alert-rules.js';
import { burnRateThresholdRules, errorRatioRules, eventRateRules, metadataRules } from '../../src/emitters/prometheus/sli-rules.js';
import { resolveCatalog } from '../../src/model/resolve.js';
import { checkoutErrors, checkoutLatency, testCatalog } from '../helpers/catalogs.js';

function plan(slo: Parameters<typeof testCatalog>[0][number], env: string) {
  return resolveCatalog(validateCatalog(testCatalog([slo]), 'test-catalog.ts')).instances.find((i) => i.env === env)!;
}

const PROD = '{service="shop",slo="checkout-errors",env="production"}';
const labels = { service: 'shop', slo: 'checkout-errors', env: 'production' };
const BAD = 'shop_requests_total{job="shop",env="production",code=~"5.."}';
const TOTAL = 'shop_requests_total{job="shop",env="production"}';

describe('SLI recording rules', () => {
  const errors = plan(checkoutErrors('0.1%'), 'production');

  // A window of n tiles: the source's rate now, and at offsets of one to n − 1 tile lengths (0 before it existed).
  const tiles = (name: string, offsets: string[]) =>
    [`${name}${PROD}`, ...offsets.map((o) => `(${name}${PROD} offset ${o} or ${name}${PROD} * 0)`)].join(' + ');
  const bad = (w: string) => `slo:sli_bad_events:rate${w}`;
  const total = (w: string) => `slo:sli_total_events:rate${w}`;

  it('event rates: raw series over 5m and 30m (0 rather than absent), each longer source tiled from the next shorter', () => {
    const tiled = (kind: (w: string) => string, window: string, source: string, offsets: string[]) => ({
      record: kind(window),
      expr: `(${tiles(kind(source), offsets)}) / ${offsets.length + 1}`,
      labels,
    });
    expect(eventRateRules(errors)).toEqual([
      { record: bad('5m'), expr: `(sum(rate(${BAD}[5m]))) or vector(0)`, labels },
      { record: total('5m'), expr: `(sum(rate(${TOTAL}[5m]))) or vector(0)`, labels },
      { record: bad('30m'), expr: `(sum(rate(${BAD}[30m]))) or vector(0)`, labels },
      { record: total('30m'), expr: `(sum(rate(${TOTAL}[30m]))) or vector(0)`, labels },
      tiled(bad, '1h', '30m', ['30m']),
      tiled(total, '1h', '30m', ['30m']),
      tiled(bad, '2h', '1h', ['1h']),
      tiled(total, '2h', '1h', ['1h']),
      tiled(bad, '6h', '2h', ['2h', '4h']),
      tiled(total, '6h', '2h', ['2h', '4h']),
      tiled(bad, '1d', '6h', ['6h', '12h', '18h']),
      tiled(total, '1d', '6h', ['6h', '12h', '18h']),
      tiled(bad, '3d', '1d', ['1d', '2d']),
      tiled(total, '3d', '1d', ['1d', '2d']),
    ]);
  });

  it('error ratios: bad over total of the recorded rates; the period summed from ten 3d tiles', () => {
    const recorded = (w: string) => `${bad(w)}${PROD} / (${total(w)}${PROD} > 0)`;
    const days = ['3d', '6d', '9d', '12d', '15d', '18d', '21d', '24d', '27d'];
    expect(errorRatioRules(errors)).toEqual([
      ...['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => ({ record: `slo:sli_error:ratio_rate${w}`, expr: recorded(w), labels })),
      { record: 'slo:sli_error:ratio_rate30d', expr: `(${tiles(bad('3d'), days)}) / ((${tiles(total('3d'), days)}) > 0)`, labels },
    ]);
  });

  it('metadata: info, objective, budget, period, SLI, remaining budget, 1h burn rate', () => {
    expect(metadataRules(errors)).toEqual([
      { record: 'slo:info', expr: 'vector(1)', labels: { ...labels, owner: 'shop-sre', dashboard_uid: 'slo-shop', kind: 'slo' } },
      { record: 'slo:objective:ratio', expr: 'vector(0.999)', labels },
      { record: 'slo:error_budget:ratio', expr: 'vector(0.001)', labels },
      { record: 'slo:period:seconds', expr: 'vector(2592000)', labels },
      { record: 'slo:sli:ratio_period', expr: `1 - slo:sli_error:ratio_rate30d${PROD}`, labels },
      { record: 'slo:error_budget_remaining:ratio', expr: `1 - slo:sli_error:ratio_rate30d${PROD} / 0.001`, labels },
      { record: 'slo:current_burn_rate:ratio', expr: `slo:sli_error:ratio_rate1h${PROD} / 0.001`, labels },
    ]);
  });

  it('tier thresholds as series, for the dashboard', () => {
    const tier = (factor: string, severity: string, long: string, short: string) => ({
      record: 'slo:burn_rate_threshold:ratio',
      expr: `vector(${factor})`,
      labels: { ...labels, severity, long_window: long, short_window: short },
    });
    expect(burnRateThresholdRules(errors)).toEqual([
      tier('14.4', 'page', '1h', '5m'),
      tier('6', 'page', '6h', '30m'),
      tier('3', 'ticket', '1d', '2h'),
      tier('1', 'ticket', '3d', '6h'),
    ]);
  });
});

describe('burn-rate alerts', () => {
  const ratio = (w: string, slo = 'checkout-errors', env = 'production') => `slo:sli_error:ratio_rate${w}{service="shop",slo="${slo}",env="${env}"}`;
  const id = (slo = 'checkout-errors', env = 'production') => `{service="shop",slo="${slo}",env="${env}"}`;
  const SECONDS: Record<string, number> = { '1h': 3600, '6h': 21600, '1d': 86400, '3d': 259200 };
  // ln(365d / long window), rounded up at the third decimal: ln 8760 = 9.07795, ln 1460 = 7.28619,
  // ln 365 = 5.89990, ln 121.667 = 4.80128 (one false alert a tier a year at the budget's rate).
  const CRITICAL: Record<string, string> = { '1h': '9.078', '6h': '7.287', '1d': '5.9', '3d': '4.802' };
  /**
   * Both windows above the threshold; for a page, the long window's ratio weighed by its observed age;
   * the guard's test against `rate` (the budget's, or the tier's line where lower), on the recorded events.
   */
  const both = (long: string, short: string, threshold: string, slo?: string, env?: string, guard?: { rate: string; page: boolean; events?: string }) => {
    const r = ratio(long, slo, env);
    const lines = [`${r} > ${threshold}`, `${ratio(short, slo, env)} > ${threshold}`];
    if (guard?.page) lines.push(`${r} * clamp_max(slo:sli_observed:seconds${id(slo, env)} / ${SECONDS[long]}, 1) > ${threshold}`);
    if (guard)
      lines.push(
        `(${r} * ln(${r} / ${guard.rate}) - ${r} + ${guard.rate}) * ${guard.events ?? `slo:sli_total_events:rate${long}${id(slo, env)} * ${SECONDS[long]}`} >= ${CRITICAL[long]}`,
      );
    return lines.join('\nand\n');
  };
  const page = (rate: string) => ({ rate, page: true });
  const day = `slo:sli_total_events:rate1d${id('checkout-errors', 'staging')}`;
  const ticket = (rate: string) => ({ rate, page: false });

  it.each([
    // 99.9% over 30d, pages and tickets: the Workbook's 14.4, 6, 3 and 1 × 0.1%.
    [
      'checkout-errors 99.9% production',
      plan(checkoutErrors('0.1%'), 'production'),
      [
        ['SLOBurnRate1h5m', both('1h', '5m', '0.0144', undefined, undefined, page('0.001')), 'page'],
        ['SLOBurnRate6h30m', both('6h', '30m', '0.006', undefined, undefined, page('0.001')), 'page'],
        ['SLOBurnRate1d2h', both('1d', '2h', '0.003', undefined, undefined, ticket('0.001')), 'ticket'],
        ['SLOBurnRate3d6h', both('3d', '6h', '0.001', undefined, undefined, ticket('0.001')), 'ticket'],
      ],
    ],
    // 99.9% over 7d, tickets only: 14.4 × 7/30 = 3.36, 1.4, 0.7, 0.2333.
    [
      'checkout-errors 99.9% staging',
      plan(checkoutErrors('0.1%'), 'staging'),
      [
        ['SLOBurnRate1h5m', both('1h', '5m', '0.00336', undefined, 'staging', ticket('0.001')), 'ticket'],
        ['SLOBurnRate6h30m', both('6h', '30m', '0.0014', undefined, 'staging', ticket('0.001')), 'ticket'],
        ['SLOBurnRate1d2h', both('1d', '2h', '0.0007', undefined, 'staging', ticket('0.0007')), 'ticket'],
        [
          'SLOBurnRate3d6h',
          both('3d', '6h', '0.000233333333', undefined, 'staging', {
            ...ticket('0.000233333333'),
            // 7d records no 3d rate: three 1d tiles, a young one read as 0.
            events: `(${day} + (${day} offset 1d or ${day} * 0) + (${day} offset 2d or ${day} * 0)) * 86400`,
          }),
          'ticket',
        ],
      ],
    ],
    // p50: a full outage burns at most 2×, so the first three tiers fire above 75% slow requests.
    [
      'checkout-latency 50% production',
      plan(checkoutLatency(50, '500ms'), 'production'),
      [
        ['SLOBurnRate1h5m', both('1h', '5m', '0.75', 'checkout-latency', undefined, page('0.5')), 'page'],
        ['SLOBurnRate6h30m', both('6h', '30m', '0.75', 'checkout-latency', undefined, page('0.5')), 'page'],
        ['SLOBurnRate1d2h', both('1d', '2h', '0.75', 'checkout-latency', undefined, ticket('0.5')), 'ticket'],
        ['SLOBurnRate3d6h', both('3d', '6h', '0.5', 'checkout-latency', undefined, ticket('0.5')), 'ticket'],
      ],
    ],
  ])('%s', (_name, instance, expected) => {
    expect(burnRateAlerts(instance).map((a) => [a.alert, a.expr, a.labels.severity])).toEqual(expected);
    for (const alert of burnRateAlerts(instance)) expect(Object.keys(alert.labels)).toEqual(['severity', 'service', 'slo', 'env']);
  });
});
