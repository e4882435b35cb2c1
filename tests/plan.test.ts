/** The plan of an SLO instance: every shared fact, against hand-written expectations. */
import { describe, expect, it } from 'vitest';
import { histogram, percentiles } from '../src/index.js';
import { validateCatalog } from '../src/catalog/validate.js';
import { resolveCatalog } from '../src/model/resolve.js';
import type { SloPlan } from '../src/model/types.js';
import { checkoutErrors, testCatalog } from './helpers/catalogs.js';

const checkoutDuration = histogram('shop_request_duration_seconds', { buckets: [0.1, 0.25, 0.5, 1, 2.5] });

function plans(...slos: Parameters<typeof testCatalog>[0]): SloPlan[] {
  return resolveCatalog(validateCatalog(testCatalog(slos), 'test-catalog.ts')).instances;
}

describe('the SLO plan', () => {
  const [staging, production] = plans(checkoutErrors('0.1%'));

  it('holds the identity, its escaped selector and typed series references', () => {
    expect(production.labels).toEqual({ service: 'shop', slo: 'checkout-errors', env: 'production' });
    expect(production.selector).toBe('{service="shop",slo="checkout-errors",env="production"}');
    expect(production.series.errorRatio('1h')).toBe('slo:sli_error:ratio_rate1h{service="shop",slo="checkout-errors",env="production"}');
    expect(production.series.burnRateThreshold).toBe('slo:burn_rate_threshold:ratio{service="shop",slo="checkout-errors",env="production"}');
    expect(() => production.series.errorRatio('4h')).toThrow(/records no error ratio over 4h/);
  });

  it('derives its windows from the tiers and the period', () => {
    expect(production.windows).toEqual({
      base: '5m',
      recorded: ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'],
      current: '1h',
      // Each window from the longest shorter one it is a whole multiple of; 5m and 30m read raw series.
      tilings: {
        '1h': { source: '30m', count: 2 },
        '2h': { source: '1h', count: 2 },
        '6h': { source: '2h', count: 3 },
        '1d': { source: '6h', count: 4 },
        '3d': { source: '1d', count: 3 },
        '30d': { source: '3d', count: 10 },
      },
      eventRates: ['5m', '30m', '1h', '2h', '6h', '1d', '3d'],
    });
    expect(staging.windows.recorded.at(-1)).toBe('7d');
    // 7d is no whole multiple of 3d: seven days.
    expect(staging.windows.tilings['7d']).toEqual({ source: '1d', count: 7 });
  });

  it('keeps the tiers inside the burn-rate policy, after the paging policy', () => {
    const tiers = (plan: SloPlan) =>
      plan.alertPolicy.kind === 'burn-rate'
        ? plan.alertPolicy.tiers.map((t) => [t.longWindow, t.shortWindow, t.factor.toDecimal(4), t.threshold.toDecimal(), t.severity])
        : [];
    expect(tiers(production)).toEqual([
      ['1h', '5m', '14.4', '0.0144', 'page'],
      ['6h', '30m', '6', '0.006', 'page'],
      ['1d', '2h', '3', '0.003', 'ticket'],
      ['3d', '6h', '1', '0.001', 'ticket'],
    ]);
    expect(tiers(staging).map((t) => t[4])).toEqual(['ticket', 'ticket', 'ticket', 'ticket']);
  });

  it('holds the allowed bad time once, in seconds', () => {
    expect(production.budget.perPeriodSeconds).toBeCloseTo(2592, 6); // 0.1% of 30d = 43m12s
    expect(staging.budget.perPeriodSeconds).toBeCloseTo(604.8, 6); // 0.1% of 7d
    expect(production.target).toBe('< 0.1%');
  });

  it('keeps percentile groups as data, and names sub-second and odd percentiles right', () => {
    const group = plans(
      ...percentiles({ idPrefix: 'checkout-latency', title: 'Checkout', histogram: checkoutDuration, targets: { p57: '250ms', 'p99.9': '2.5s' } }),
    );
    const production57 = group.find((p) => p.sloId === 'checkout-latency-p57' && p.env === 'production')!;
    expect(production57.percentile).toMatchObject({ group: 'checkout-latency', groupTitle: 'Checkout' });
    expect(production57.percentile!.percentile.toDecimal()).toBe('0.57');
    expect(production57.target).toBe('p57 < 250ms');
    expect(group.find((p) => p.sloId === 'checkout-latency-p999')!.target).toBe('p99.9 < 2.5s');
  });
});
