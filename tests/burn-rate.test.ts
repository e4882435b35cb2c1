import { describe, expect, it } from 'vitest';
import { burnRateTiers, currentBurnRateWindow, maxBurnRate, recordedWindows } from '../src/model/burn-rate.js';
import { Rational } from '../src/core/decimal.js';

const budget = (objective: string) => Rational.parse(1).sub(Rational.parse(objective));
const DAY = 86400;

describe('burn-rate tiers', () => {
  it('reproduces the SRE Workbook factors for a 30d period', () => {
    const tiers = burnRateTiers(budget('0.999'), 30 * DAY, 'page-and-ticket');
    expect(tiers.map((t) => [t.longWindow, t.shortWindow, t.factor.toDecimal(), t.severity])).toEqual([
      ['1h', '5m', '14.4', 'page'],
      ['6h', '30m', '6', 'page'],
      ['1d', '2h', '3', 'ticket'],
      ['3d', '6h', '1', 'ticket'],
    ]);
    expect(tiers[0].threshold.toDecimal()).toBe('0.0144');
  });

  it('scales factors to a 7d period (budget share × period / long window)', () => {
    const tiers = burnRateTiers(budget('0.99'), 7 * DAY, 'ticket-only');
    expect(tiers.map((t) => t.factor.toDecimal(4))).toEqual(['3.36', '1.4', '0.7', '0.2333']);
    expect(tiers.every((t) => t.severity === 'ticket')).toBe(true);
  });

  it('has no tiers without alerting', () => {
    expect(burnRateTiers(budget('0.99'), 30 * DAY, 'none')).toEqual([]);
  });

  it('replaces tiers a full outage cannot reach (p50: at most 2×)', () => {
    const b = budget('0.5');
    expect(maxBurnRate(b).toDecimal()).toBe('2');
    const tiers = burnRateTiers(b, 30 * DAY, 'page-and-ticket');
    const [fast, slow, day, threeDay] = tiers;
    for (const tier of [fast, slow, day]) {
      expect(tier.saturated).toBeDefined();
      expect(tier.factor.toDecimal()).toBe('1.5');
      expect(tier.threshold.toDecimal()).toBe('0.75');
      expect(tier.threshold.cmp(Rational.parse(1))).toBeLessThan(0); // a full outage (ratio 1) trips it
    }
    expect(threeDay.saturated).toBeUndefined();
    expect(threeDay.factor.toDecimal()).toBe('1');
  });

  it('keeps every tier reachable, whatever the objective', () => {
    for (const objective of ['0.5', '0.8', '0.9', '0.93', '0.95', '0.99', '0.999', '0.99999']) {
      for (const days of [7, 28, 30]) {
        for (const tier of burnRateTiers(budget(objective), days * DAY, 'page-and-ticket')) {
          expect(tier.threshold.cmp(Rational.parse(1)), `${objective} ${days}d ${tier.longWindow}`).toBeLessThan(0);
        }
      }
    }
  });

  it('derives the recorded windows from the tiers and the period', () => {
    expect(recordedWindows(30 * DAY)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']);
    expect(recordedWindows(2 * DAY)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '2d']);
    expect(currentBurnRateWindow(7 * DAY)).toBe('1h');
  });
});
