/** promtool's expanding notation for synthetic counters: hand-written expectations, and a decode of what promtool reads. */
import { describe, expect, it } from 'vitest';
import { Rational } from '../src/core/decimal.js';
import { encodeCounter } from '../src/emitters/promtool-tests/sample-encoding.js';
import { probeFailures, probeFailuresInLast } from '../src/emitters/promtool-tests/synthetic-series.js';

const r = (text: string) => Rational.parse(text);

/** promtool's expansion, as its docs state it: "a+bxn" is a, a+b, …, a+n·b; "axn" is a repeated n+1 times. */
function expand(notation: string): number[] {
  return notation.split(' ').flatMap((term) => {
    const match = /^(-?[\d.]+)(?:([+-][\d.]+))?x(\d+)$/.exec(term);
    if (!match) return [Number(term)];
    const [, start, step = '0', count] = match;
    return Array.from({ length: Number(count) + 1 }, (_, k) => Number(start) + k * Number(step));
  });
}

describe('encodeCounter', () => {
  it.each([
    ['3 minutes of 60 a minute', [{ minutes: 3, step: r('60') }], '0+60x2 180'],
    ['2 idle minutes', [{ minutes: 2, step: r('0') }], '0x1 0'],
    [
      'low then high traffic',
      [
        { minutes: 2, step: r('6') },
        { minutes: 2, step: r('600') },
      ],
      '0+6x1 12+600x1 1212',
    ],
    [
      'two runs of one rate, merged',
      [
        { minutes: 2, step: r('5') },
        { minutes: 3, step: r('5') },
      ],
      '0+5x4 25',
    ],
  ])('%s', (_name, runs, expected) => {
    expect(encodeCounter(runs)).toBe(expected);
  });

  it('gives the same text for the same runs and another for other runs (each counter is encoded once and kept)', () => {
    const third = [{ minutes: 4, step: Rational.of(1n, 3n) }];
    const first = encodeCounter(third);
    expect(encodeCounter([{ minutes: 4, step: Rational.of(2n, 3n) }])).not.toBe(first);
    expect(encodeCounter(third)).toBe(first);
    // What promtool reads: 0, 1/3, 2/3, 1 and then the total 4/3, to 9 decimals.
    expect(expand(first).map((v) => v.toFixed(6))).toEqual(['0.000000', '0.333333', '0.666667', '1.000000', '1.333333']);
  });
});

describe('probeFailuresInLast', () => {
  // Expected counts come from a plain walk over the samples (hand-written below), not from the prefix sums under test.
  const countLast = (samples: ReadonlyArray<boolean | undefined>, n: number) => samples.slice(Math.max(samples.length - n, 0)).filter((s) => s === true).length;

  it.each([
    ['no failures', [false, false, false], 2, 0],
    ['a failure outside the window', [true, false, false], 2, 0],
    ['the window covers everything', [true, undefined, true], 5, 2],
    ['the last sample only', [false, false, true], 1, 1],
    ['an empty window', [true, true], 0, 0],
  ] as const)('%s', (_, samples, n, expected) => {
    expect(probeFailuresInLast(samples, n)).toBe(expected);
  });

  it('agrees with a plain count on real probe profiles, every window length', () => {
    for (const badRatio of ['0.001', '0.02', '0.5', '1']) {
      const samples = probeFailures([{ minutes: 1921, eventsPerMinute: r('1'), badRatio: r(badRatio) }]);
      for (const n of [1, 5, 121, 1441, 1921, 5000]) expect(probeFailuresInLast(samples, n), `${badRatio} over ${n}`).toBe(countLast(samples, n));
    }
  });
});
