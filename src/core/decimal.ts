/**
 * Exact rational arithmetic on BigInt, so that objectives, budgets and burn-rate
 * thresholds print as the decimals an SRE wrote (0.144, not 0.14400000000000002).
 */
export class Rational {
  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  static of(num: bigint, den: bigint = 1n): Rational {
    if (den === 0n) throw new RangeError('division by zero');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    if (den === 1n) return new Rational(num, den);
    const g = gcd(num < 0n ? -num : num, den);
    return g === 1n ? new Rational(num, den) : new Rational(num / g, den / g);
  }

  /** Parses a finite decimal such as "99.9", "1e-3" or a JS number (via its shortest string form). */
  static parse(value: string | number): Rational {
    // Whole numbers are most of what the scenarios count: no text round trip for them.
    if (typeof value === 'number' && Number.isSafeInteger(value)) return new Rational(BigInt(value), 1n);
    const text = typeof value === 'number' ? numberToString(value) : value.trim();
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
      throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
    }
    const [, sign, intPart, fracPart = '', expPart = '0'] = match;
    let num = BigInt((intPart || '0') + fracPart);
    let den = 10n ** BigInt(fracPart.length);
    const exp = Number(expPart);
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
    return Rational.of(sign === '-' ? -num : num, den);
  }

  add(o: Rational): Rational {
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Rational): Rational {
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  div(o: Rational): Rational {
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  /** this − o == d, without building (and reducing) the difference. */
  differenceEquals(o: Rational, d: Rational): boolean {
    return (this.num * o.den - o.num * this.den) * d.den === d.num * this.den * o.den;
  }
  cmp(o: Rational): number {
    const d = this.num * o.den - o.num * this.den;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }
  min(o: Rational): Rational {
    return this.cmp(o) <= 0 ? this : o;
  }
  max(o: Rational): Rational {
    return this.cmp(o) >= 0 ? this : o;
  }
  isZero(): boolean {
    return this.num === 0n;
  }

  /** True when the decimal expansion terminates (denominator only has factors 2 and 5). */
  isTerminating(): boolean {
    let d = this.den;
    while (d % 2n === 0n) d /= 2n;
    while (d % 5n === 0n) d /= 5n;
    return d === 1n;
  }

  /**
   * Decimal text: exact when the expansion terminates, otherwise rounded half-up
   * to `maxFractionDigits` places (trailing zeros trimmed either way).
   */
  toDecimal(maxFractionDigits = 12): string {
    if (this.den === 1n) return this.num.toString();
    const negative = this.num < 0n;
    let num = negative ? -this.num : this.num;
    const intPart = num / this.den;
    num %= this.den;
    let frac = '';
    const limit = this.isTerminating() ? Number.MAX_SAFE_INTEGER : maxFractionDigits;
    let roundUp = false;
    while (num !== 0n && frac.length < limit) {
      num *= 10n;
      frac += (num / this.den).toString();
      num %= this.den;
    }
    if (num !== 0n) roundUp = num * 2n >= this.den;
    let digits = intPart.toString() + frac;
    if (roundUp) digits = (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
    const intLen = digits.length - frac.length;
    let text = digits.slice(0, intLen) + (frac.length ? '.' + digits.slice(intLen) : '');
    if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
    return (negative && text !== '0' ? '-' : '') + text;
  }

  toNumber(): number {
    return Number(this.toDecimal(17));
  }

  toString(): string {
    return this.toDecimal();
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

function numberToString(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  return String(n);
}

export const ONE = Rational.of(1n);
export const ZERO = Rational.of(0n);
