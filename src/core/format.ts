/**
 * The display formatters: every percent, duration, burn rate and percentile that a person reads
 * (annotations, dashboards, BUDGETS.md, budget, report, checklist, list) goes through these.
 */
import { Rational } from './decimal.js';
import { DAY, HOUR, MINUTE } from './time.js';

const HUNDRED = Rational.parse(100);

const exact = (value: Rational | number): Rational => (typeof value === 'number' ? Rational.parse(value) : value);

/** A ratio as a percent, exact up to `digits` decimals and trailing zeros trimmed: 0.999 → "99.9%". */
export function formatPercent(ratio: Rational | number, digits = 4): string {
  return `${exact(ratio).mul(HUNDRED).toDecimal(digits)}%`;
}

/** An upper bound as a percent, rounded down so that it never promises more: 0.9985005 → "99.85%". */
export function formatPercentAtMost(ratio: Rational, digits = 2): string {
  const scale = 10n ** BigInt(digits + 2);
  const floored = (ratio.num * scale) / ratio.den;
  return formatPercent(Rational.parse(`${floored}e-${digits + 2}`), digits);
}

/** A measured ratio as a percent with fixed decimals, so that columns line up: 0.989574 → "98.9574%". */
export function formatMeasuredPercent(ratio: number, digits = 4): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** A burn rate or factor: 14.4 → "14.4×", 1.5 → "1.5×". */
export function formatBurnRate(factor: Rational | number, digits = 4): string {
  return `${exact(factor).toDecimal(digits)}×`;
}

/** A percentile of an objective: 0.57 → "p57", 0.999 → "p99.9". */
export function formatPercentile(ratio: Rational): string {
  return `p${ratio.mul(HUNDRED).toDecimal(4)}`;
}

const UNITS: Array<[string, number]> = [
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
  ['s', 1],
];

/**
 * A duration for people: sub-second values in milliseconds ("500ms", "250ms"), under a minute
 * in seconds ("1.5s", "2s"), longer ones as their two largest units ("7h12m", "43m12s").
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return seconds > 0 ? 'never' : '-';
  // Rounded to 0.1ms and 1ms: measured values carry float noise that nobody should read.
  if (seconds > 0 && seconds < 1) return `${Math.round(seconds * 10000) / 10}ms`;
  if (seconds < MINUTE && !Number.isInteger(seconds)) return `${Math.round(seconds * 1000) / 1000}s`;
  let rest = Math.round(seconds);
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.slice(0, 2).join('');
}

/** A measured burn rate with fixed decimals: 0.6 → "0.60×". */
export function formatMeasuredBurnRate(value: number, digits = 2): string {
  return `${value.toFixed(digits)}×`;
}
