/**
 * Hand-worked tables for the model's small arithmetic that mutation testing found untested in
 * process: the error budget and time to exhaustion (the SRE Workbook's definitions), the
 * low-traffic guard's critical values (ln(1/α), the values docs/low-traffic-guard.md states) and
 * the ladder of ages its observed-seconds series reads.
 */
import { describe, expect, it } from 'vitest';
import { Rational } from '../src/core/decimal.js';
import { allowedBudget, timeToExhaustion } from '../src/model/budget.js';
import { ageRungs, criticalStatistic, DEFAULT_LOW_TRAFFIC_GUARD } from '../src/model/low-traffic-guard.js';

const M = 60;
const H = 3600;
const D = 86_400;

describe('allowed budget (share of a period, a calendar month, a week, a day)', () => {
  it.each([
    // 99.9% over 30d: 0.1% of 2,592,000 s is 2,592 s (43m12s); of a week 604.8 s; of a day 86.4 s;
    // of the average Gregorian month (365.2425 d / 12 = 2,629,746 s) 2,629.746 s.
    ['0.999', 30 * D, 0.001, 2592, 2629.746, 604.8, 86.4],
    // 95% over 7d: 5% of 604,800 s is 30,240 s (8h24m); of a day 4,320 s; of a month 131,487.3 s.
    ['0.95', 7 * D, 0.05, 30_240, 131_487.3, 30_240, 4320],
    // 100%: nothing is allowed.
    ['1', 28 * D, 0, 0, 0, 0, 0],
  ] as const)('%s over %i s', (objective, period, share, perPeriod, perMonth, perWeek, perDay) => {
    const budget = allowedBudget(Rational.parse(objective), period);
    expect(budget.share).toBeCloseTo(share, 12);
    expect(budget.perPeriodSeconds).toBeCloseTo(perPeriod, 6);
    expect(budget.perCalendarMonthSeconds).toBeCloseTo(perMonth, 6);
    expect(budget.perWeekSeconds).toBeCloseTo(perWeek, 6);
    expect(budget.perDaySeconds).toBeCloseTo(perDay, 6);
  });
});

describe('time to exhaustion (period / burn rate)', () => {
  it.each([
    [1, 30 * D, 30 * D],
    [1000, 30 * D, 2592], // 43m12s, the docs' example
    [14.4, 30 * D, 180_000], // 2d2h
    [0.5, 7 * D, 14 * D],
    [0, 30 * D, Infinity],
    [-1, 30 * D, Infinity],
    [Number.NaN, 30 * D, Infinity],
  ])('%f× over %i s → %f s', (burnRate, period, expected) => {
    expect(timeToExhaustion(burnRate, period)).toBeCloseTo(expected, 6);
  });
});

describe("the guard's critical value ln(1/α), α = false alerts a year × long window / 365 days, rounded up at the third decimal", () => {
  it.each([
    // One a year: the 1h tier's α is 1/8,760, ln 8760 = 9.07795 → 9.078; 6h: ln 1460 = 7.28619 → 7.287;
    // 1d: ln 365 = 5.89990 → 5.9; 3d: ln 121.667 = 4.80128 → 4.802 (docs/low-traffic-guard.md).
    [1, H, 9.078],
    [1, 6 * H, 7.287],
    [1, D, 5.9],
    [1, 3 * D, 4.802],
    // 0.1 a year: ln 87,600 = 11.38053 → 11.381 (the docs' stricter option).
    [0.1, H, 11.381],
    // α is capped at one half: 1,000 a year over a day would be 2.7; ln 2 = 0.693147 → 0.694.
    [1000, D, 0.694],
  ])('%f a year, long window %i s → %f', (falsePagesPerYear, window, expected) => {
    expect(criticalStatistic({ falsePagesPerYear }, window)).toBe(expected);
  });

  it('defaults to one false alert a year', () => {
    expect(DEFAULT_LOW_TRAFFIC_GUARD).toEqual({ falsePagesPerYear: 1 });
  });
});

describe('ages the observed-seconds series tells apart', () => {
  it('for 1h and 6h tiers: every 5 minutes to the hour, then 1h to 5h in steps, and each long window, longest first', () => {
    expect(ageRungs([H, 6 * H])).toEqual([
      6 * H,
      5 * H,
      4 * H,
      3 * H,
      2.5 * H,
      2 * H,
      1.5 * H,
      H,
      55 * M,
      50 * M,
      45 * M,
      40 * M,
      35 * M,
      30 * M,
      25 * M,
      20 * M,
      15 * M,
      10 * M,
      5 * M,
    ]);
  });

  it('for the Workbook tiers up to 3d: the days below 3d, the hours to 20h, and 3d itself once', () => {
    const rungs = ageRungs([H, 6 * H, D, 3 * D]);
    expect(rungs.slice(0, 6)).toEqual([3 * D, 2.5 * D, 2 * D, 1.5 * D, D, 20 * H]);
    expect(rungs).toHaveLength(1 + 4 + 13 + 11); // 3d; 2.5d, 2d, 1.5d, 1d; 13 hour rungs; 11 minute rungs
    expect(new Set(rungs).size).toBe(rungs.length);
  });

  it('a long window that is no rung of its own is added', () => {
    expect(ageRungs([7 * M])).toEqual([7 * M, 5 * M]);
  });
});
