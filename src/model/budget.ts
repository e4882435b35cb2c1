/**
 * Error-budget arithmetic (pure): allowed bad time or events, burn rate and time to
 * exhaustion, budget spent before each tier fires, detection and reset times (SRE Workbook).
 */
import type { BurnRateTier } from './burn-rate.js';
import { ONE, Rational } from './decimal.js';
import { parseDuration } from './duration.js';

export const DAY = 86400;
export const WEEK = 7 * DAY;
/** The average Gregorian calendar month: 365.2425 days / 12. */
export const CALENDAR_MONTH = (365.2425 * DAY) / 12;

export interface AllowedBudget {
  /** Share of events (or time) allowed to be bad. */
  share: number;
  perPeriodSeconds: number;
  perCalendarMonthSeconds: number;
  perWeekSeconds: number;
  perDaySeconds: number;
}

/** Allowed bad time for an objective (0.99) over a period, and per calendar month, week and day. */
export function allowedBudget(objective: Rational, periodSeconds: number): AllowedBudget {
  const share = ONE.sub(objective).toNumber();
  return {
    share,
    perPeriodSeconds: share * periodSeconds,
    perCalendarMonthSeconds: share * CALENDAR_MONTH,
    perWeekSeconds: share * WEEK,
    perDaySeconds: share * DAY,
  };
}

/** A constant burn rate spends the whole budget in period / burn rate (1× → 30d, 1000× → 43m12s for 30d). */
export function timeToExhaustion(burnRate: number, periodSeconds: number): number {
  if (!(burnRate > 0)) return Infinity;
  return periodSeconds / burnRate;
}

/** The burn rate that spends the whole budget in the given time. */
export function burnRateForExhaustion(seconds: number, periodSeconds: number): number {
  return periodSeconds / seconds;
}

/** Share of the period's budget spent by the time a tier fires: factor × long window / period. */
export function budgetSpentBeforeFiring(tier: BurnRateTier, periodSeconds: number): number {
  return (tier.factor.toNumber() * parseDuration(tier.longWindow)) / periodSeconds;
}

/**
 * Time for a tier to fire once `errorRate` of events fail, from a clean history: the long
 * window's ratio reaches the threshold after threshold / error rate of the window. Never
 * when the error rate does not exceed the threshold.
 */
export function detectionTime(tier: BurnRateTier, errorRate: number): number {
  const threshold = tier.threshold.toNumber();
  if (errorRate <= threshold) return Infinity;
  return (threshold / errorRate) * parseDuration(tier.longWindow);
}

/** After errors stop, the alert resets once the short window no longer exceeds the threshold: at most the short window. */
export function resetTime(tier: BurnRateTier): number {
  return parseDuration(tier.shortWindow);
}
