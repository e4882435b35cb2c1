/** Error-budget arithmetic (pure): allowed bad time or events, and time to exhaustion (SRE Workbook). */
import { ONE, type Rational } from '../core/decimal.js';
import { CALENDAR_MONTH, DAY, WEEK } from '../core/time.js';

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
