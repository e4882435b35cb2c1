/** Human-readable numbers for annotations, listings and reports. */
import { Rational } from './decimal.js';

const HUNDRED = Rational.parse(100);

/** 0.999 → "99.9%"; exact where the decimal terminates within `digits` places. */
export function percent(ratio: Rational, digits = 4): string {
  return `${ratio.mul(HUNDRED).toDecimal(digits)}%`;
}
