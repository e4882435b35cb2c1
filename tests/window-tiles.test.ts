/** How windows are tiled: a hand-written table of periods and the tiles each window is built from. */
import { describe, expect, it } from 'vitest';
import { eventRateWindows, windowTilings } from '../src/model/window-tiles.js';

const TIERS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

describe('window tilings', () => {
  it.each([
    // period, its tiles (source × count), the event-rate windows recorded
    ['30d', { source: '3d', count: 10 }, ['5m', '30m', '1h', '2h', '6h', '1d', '3d']],
    ['28d', { source: '1d', count: 28 }, ['5m', '30m', '1h', '2h', '6h', '1d']],
    ['7d', { source: '1d', count: 7 }, ['5m', '30m', '1h', '2h', '6h', '1d']],
    ['90d', { source: '3d', count: 30 }, ['5m', '30m', '1h', '2h', '6h', '1d', '3d']],
    // 365 days are 365 tiles of 1d or 121⅔ of 3d: no tiling, the period keeps summing 5m rates.
    ['365d', undefined, ['5m', '30m', '1h', '2h', '6h', '1d']],
  ])('a %s period: the tier windows tile 30m → 1h → 2h → 6h → 1d → 3d, the period %o', (period, periodTiling, eventRates) => {
    const tilings = windowTilings([...TIERS, period], '5m');
    expect(tilings['1h']).toEqual({ source: '30m', count: 2 });
    expect(tilings['2h']).toEqual({ source: '1h', count: 2 });
    expect(tilings['6h']).toEqual({ source: '2h', count: 3 });
    expect(tilings['1d']).toEqual({ source: '6h', count: 4 });
    expect(tilings['3d']).toEqual({ source: '1d', count: 3 });
    expect(tilings[period]).toEqual(periodTiling);
    // 5m and 30m read raw series.
    expect(tilings['5m']).toBeUndefined();
    expect(tilings['30m']).toBeUndefined();
    expect(eventRateWindows('5m', tilings)).toEqual(eventRates);
  });

  it('leaves a window that no shorter one divides to the older forms', () => {
    expect(windowTilings(['5m', '30m', '1h', '1h30m', '7h'], '5m')).toEqual({
      '1h': { source: '30m', count: 2 },
      '1h30m': { source: '30m', count: 3 },
      // 7h: 1h30m does not divide it; seven tiles of 1h.
      '7h': { source: '1h', count: 7 },
    });
    // 17h would be 34 tiles of 30m and 16d 768: more than 31, so neither is tiled.
    expect(windowTilings(['5m', '30m', '17h', '16d'], '5m')).toEqual({});
  });
});
