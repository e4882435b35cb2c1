import { describe, expect, it } from 'vitest';
import { Rational } from '../src/core/decimal.js';
import { isDuration, parseDuration, toPromDuration } from '../src/core/duration.js';
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
    expect(Rational.parse('6').mul(Rational.parse('0.001')).toDecimal()).toBe('0.006');
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

/** Hand tables: every value below was worked out on paper, not by the code under test. */
describe('Rational, by hand', () => {
  const r = (text: string) => Rational.parse(text);

  it.each([
    // a, b, a+b, a−b, a×b, a÷b
    ['0.1', '0.2', '0.3', '-0.1', '0.02', '0.5'],
    ['1', '3', '4', '-2', '3', '0.333333333333'],
    ['2', '3', '5', '-1', '6', '0.666666666667'],
    ['-1.5', '0.5', '-1', '-2', '-0.75', '-3'],
    ['0.999', '0.001', '1', '0.998', '0.000999', '999'],
    ['100', '0.0001', '100.0001', '99.9999', '0.01', '1000000'],
  ])('%s and %s: sum %s, difference %s, product %s, quotient %s', (a, b, sum, difference, product, quotient) => {
    expect(r(a).add(r(b)).toDecimal()).toBe(sum);
    expect(r(a).sub(r(b)).toDecimal()).toBe(difference);
    expect(r(a).mul(r(b)).toDecimal()).toBe(product);
    expect(r(a).div(r(b)).toDecimal()).toBe(quotient);
  });

  it('compares: less, equal (written differently), greater; min and max keep the right one', () => {
    expect(r('0.1').cmp(r('0.2'))).toBe(-1);
    expect(r('0.10').cmp(r('1e-1'))).toBe(0);
    expect(r('2').cmp(r('1.999999'))).toBe(1);
    expect(r('-3').cmp(r('-2'))).toBe(-1);
    expect(r('0.5').min(r('0.25')).toDecimal()).toBe('0.25');
    expect(r('0.5').max(r('0.25')).toDecimal()).toBe('0.5');
    // Equal values: either is the answer, and it is equal.
    expect(r('0.5').min(r('0.50')).cmp(r('0.5'))).toBe(0);
    expect(r('0.5').max(r('0.50')).cmp(r('0.5'))).toBe(0);
  });

  it('zero: recognised however written, never negative, and never a divisor', () => {
    expect(r('0').isZero()).toBe(true);
    expect(r('-0.000').isZero()).toBe(true);
    expect(r('0.001').isZero()).toBe(false);
    expect(r('-0').toDecimal()).toBe('0');
    expect(() => r('1').div(r('0'))).toThrow(/division by zero/);
    expect(() => Rational.of(1n, 0n)).toThrow(/division by zero/);
  });

  it('reduces and normalises signs: 2/4 is 1/2, 1/−2 is −1/2', () => {
    expect(Rational.of(2n, 4n)).toMatchObject({ num: 1n, den: 2n });
    expect(Rational.of(1n, -2n)).toMatchObject({ num: -1n, den: 2n });
    expect(Rational.of(-6n, -9n)).toMatchObject({ num: 2n, den: 3n });
    expect(Rational.of(0n, 5n)).toMatchObject({ num: 0n, den: 1n });
  });

  it.each([
    // value, digits, expected: half up at the last digit, trailing zeros trimmed
    [Rational.of(1n, 8n), 2, '0.125'], // terminating: exact whatever the digits
    [Rational.of(2n, 3n), 2, '0.67'],
    [Rational.of(1n, 6n), 1, '0.2'], // 0.1666… → 0.2
    [Rational.of(1n, 7n), 3, '0.143'], // 0.142857… → 0.143
    [Rational.of(1n, 3n), 3, '0.333'],
    [Rational.of(-2n, 3n), 2, '-0.67'],
    [Rational.of(199999n, 300000n), 2, '0.67'], // 0.666663… → 0.67
    [Rational.of(2n, 3n), 0, '1'], // 0.666… rounds up to the unit
    [Rational.of(29999n, 3n), 1, '9999.7'],
    [Rational.of(1n, 30000n), 4, '0'], // 0.0000333… rounds to nothing
    [Rational.of(-1n, 30000n), 4, '0'], // and never to "-0"
    [Rational.of(5n, 6n), 1, '0.8'], // 0.8333…
    [Rational.of(95n, 99n), 1, '1'], // 0.9595… → 1.0 → "1"
  ])('%s to %i digits is %s', (value, digits, expected) => {
    expect(value.toDecimal(digits)).toBe(expected);
  });

  it('terminating decimals: denominators of 2s and 5s only', () => {
    expect(Rational.of(1n, 40n).isTerminating()).toBe(true);
    expect(Rational.of(3n, 1n).isTerminating()).toBe(true);
    expect(Rational.of(1n, 6n).isTerminating()).toBe(false);
    expect(Rational.of(1n, 25n).isTerminating()).toBe(true);
  });

  it('parses every written form: signs, leading dot, exponent either way; numbers by their shortest text', () => {
    expect(r('+5').toDecimal()).toBe('5');
    expect(r('.5').toDecimal()).toBe('0.5');
    expect(r('5.').toDecimal()).toBe('5');
    expect(r('2.5E2').toDecimal()).toBe('250');
    expect(r('25e-3').toDecimal()).toBe('0.025');
    expect(r(' 7 ').toDecimal()).toBe('7');
    expect(Rational.parse(0.1).toDecimal()).toBe('0.1');
    expect(Rational.parse(1e-7).toDecimal()).toBe('0.0000001');
    expect(Rational.parse(-3).toDecimal()).toBe('-3');
    for (const bad of ['', '.', '-', 'e5', '1.2.3', '1e', '0x10']) expect(() => r(bad), bad).toThrow(/not a decimal/);
    expect(() => Rational.parse(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });

  it('differenceEquals: a − b = d exactly', () => {
    expect(r('0.3').differenceEquals(r('0.1'), r('0.2'))).toBe(true);
    expect(r('0.3').differenceEquals(r('0.1'), r('0.21'))).toBe(false);
    expect(r('1').differenceEquals(r('1'), r('0'))).toBe(true);
  });

  it('toNumber and toString', () => {
    expect(Rational.of(1n, 4n).toNumber()).toBe(0.25);
    expect(Rational.of(1n, 3n).toNumber()).toBeCloseTo(1 / 3, 15);
    expect(String(Rational.of(3n, 4n))).toBe('0.75');
  });
});

describe('durations, by hand', () => {
  it.each([
    ['500ms', 0.5],
    ['1s', 1],
    ['90s', 90],
    ['5m', 300],
    ['1h', 3600],
    ['1h30m', 5400],
    ['1d', 86400],
    ['1w', 604800],
    ['2w3d', 1468800], // 14d + 3d = 17 × 86400
    ['1d2h3m4s5ms', 93784.005], // 86400 + 7200 + 180 + 4 + 0.005
    ['0s', 0],
  ])('%s is %f seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it('refuses what Prometheus would: empty, out of order, units it lacks, signs, decimals', () => {
    for (const bad of ['', '1y', '5m1h', '-5m', '1.5h', '5', 'm', '1h 30m']) expect(() => parseDuration(bad), bad).toThrow(/not a duration/);
  });

  it('isDuration agrees with parseDuration, and says no to the empty text', () => {
    for (const good of ['5m', '1h30m', '500ms', '2w']) expect(isDuration(good), good).toBe(true);
    for (const bad of ['', '5', '1y', '-5m']) expect(isDuration(bad), bad).toBe(false);
  });

  it('reads the same duration twice the same (parsed once, then remembered)', () => {
    expect(parseDuration('17m')).toBe(1020);
    expect(parseDuration('17m')).toBe(1020);
    expect(() => parseDuration('17x')).toThrow(/not a duration/);
    expect(() => parseDuration('17x')).toThrow(/not a duration/);
  });

  it.each([
    [0, '0s'],
    [0.5, '500ms'],
    [1, '1s'],
    [59, '59s'],
    [60, '1m'],
    [90, '90s'],
    [3600, '1h'],
    [5400, '90m'],
    [86400, '1d'],
    [604800, '7d'], // days, not weeks: Prometheus writes 7d
    [3661, '3661s'], // a whole number of seconds: one unit, as Prometheus accepts
    [86400 + 0.25, '1d250ms'],
    [93784.005, '1d2h3m4s5ms'],
  ])('%f seconds is written %s', (seconds, text) => {
    expect(toPromDuration(seconds)).toBe(text);
    expect(parseDuration(text)).toBe(seconds); // and reads back
  });
});
