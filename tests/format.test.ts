/** The one set of display formatters, against a hand-written table. */
import { describe, expect, it } from 'vitest';
import { Rational } from '../src/core/decimal.js';
import { formatBurnRate, formatDuration, formatMeasuredBurnRate, formatMeasuredPercent, formatPercent, formatPercentile } from '../src/core/format.js';

describe('display formatters', () => {
  it.each([
    [0.5, '500ms'],
    [0.25, '250ms'],
    [0.2, '200ms'],
    [0.005, '5ms'],
    [0.0125, '12.5ms'],
    [0.17795597355621112, '178ms'],
    [1.3681382426571291, '1.368s'],
    [1, '1s'],
    [1.5, '1.5s'],
    [2.5, '2.5s'],
    [45, '45s'],
    [600, '10m'],
    [25920, '7h12m'],
    [2592, '43m12s'],
    [30240, '8h24m'],
    [93600, '1d2h'],
    [0, '0s'],
    [Infinity, 'never'],
  ])('duration %s s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it.each([
    [Rational.parse('0.999'), '99.9%'],
    [Rational.parse('0.99'), '99%'],
    [Rational.parse('0.005'), '0.5%'],
    [Rational.parse('0.0144'), '1.44%'],
    [0.8, '80%'],
    [0.57, '57%'],
  ])('percent %s → %s', (ratio, text) => {
    expect(formatPercent(ratio)).toBe(text);
  });

  it.each([
    [Rational.parse('0.57'), 'p57'],
    [Rational.parse('0.95'), 'p95'],
    [Rational.parse('0.999'), 'p99.9'],
    [Rational.parse(57).div(Rational.parse(100)), 'p57'],
  ])('percentile %s → %s', (ratio, text) => {
    expect(formatPercentile(ratio)).toBe(text);
  });

  it('burn rates and measured figures', () => {
    expect(formatBurnRate(Rational.parse('14.4'))).toBe('14.4×');
    expect(formatBurnRate(Rational.of(7n, 30n))).toBe('0.2333×');
    expect(formatMeasuredBurnRate(0.6)).toBe('0.60×');
    expect(formatMeasuredPercent(0.989574)).toBe('98.9574%');
    expect(formatMeasuredPercent(0.476, 1)).toBe('47.6%');
  });
});
