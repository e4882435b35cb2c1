import { describe, expect, it } from 'vitest';
import { Rational } from '../src/core/decimal.js';
import { parseDuration, toPromDuration } from '../src/core/duration.js';
import { formatDuration } from '../src/core/format.js';

describe('Rational', () => {
  it('parses decimals exactly and prints them back', () => {
    expect(Rational.parse('99.9').toDecimal()).toBe('99.9');
    expect(Rational.parse(0.1).add(Rational.parse(0.2)).toDecimal()).toBe('0.3');
    expect(Rational.parse('1e-3').toDecimal()).toBe('0.001');
    expect(Rational.parse('-2.50').toDecimal()).toBe('-2.5');
  });

  it('computes Workbook thresholds without float noise', () => {
    const budget = Rational.parse(1).sub(Rational.parse('0.999'));
    expect(Rational.parse('14.4').mul(budget).toDecimal()).toBe('0.0144');
    expect(14.4 * 0.001).not.toBe(0.0144); // what plain floats would print
  });

  it('rounds non-terminating decimals half up at the given precision', () => {
    expect(Rational.of(7n, 30n).toDecimal(4)).toBe('0.2333');
    expect(Rational.of(2n, 3n).toDecimal(3)).toBe('0.667');
    expect(Rational.of(1n, 3n).isTerminating()).toBe(false);
    expect(Rational.of(1n, 8n).isTerminating()).toBe(true);
  });

  it('rejects what is not a decimal', () => {
    expect(() => Rational.parse('12abc')).toThrow(/not a decimal/);
    expect(() => Rational.parse(Number.NaN)).toThrow(/finite/);
  });
});

describe('durations', () => {
  it('parses and formats Prometheus durations', () => {
    expect(parseDuration('30d')).toBe(2592000);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(toPromDuration(604800)).toBe('7d');
    expect(toPromDuration(5400)).toBe('90m');
    expect(formatDuration(0.01 * 2592000)).toBe('7h12m');
    expect(formatDuration(0.001 * 2592000)).toBe('43m12s');
    expect(() => parseDuration('thirty days')).toThrow(/not a duration/);
  });
});
