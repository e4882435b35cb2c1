/**
 * Calendar periods: the error budget resets at the start of each week (Monday 00:00, as ISO 8601
 * weeks start), month or quarter in a fixed UTC offset. Burn-rate alerting keeps the Workbook's
 * rolling windows, scaled to a nominal period (7d for a week, 30d for a month, 90d for a quarter),
 * since a burn rate is a speed and needs no calendar.
 */
import { CALENDAR_NOMINAL_DAYS, type CalendarPeriodName } from '../core/periods.js';
import { DAY, HOUR, MINUTE } from '../core/time.js';

export interface CalendarPeriod {
  name: CalendarPeriodName;
  unit: 'week' | 'month' | 'quarter';
  /** UTC or a fixed offset, as the catalog writes it (+01:00). */
  timeZone: string;
  offsetSeconds: number;
  /** The length burn-rate tiers are scaled to. */
  nominalSeconds: number;
  /** A window that holds the current period whole (7d, 31d, 92d); it reaches at most two periods back. */
  lookback: string;
  /** The shortest and the longest the period can be: 7 and 7 days, 28 and 31, 90 and 92. */
  shortestDays: number;
  longestDays: number;
}

const CALENDAR_UNITS: Record<CalendarPeriodName, { unit: CalendarPeriod['unit']; shortestDays: number; longestDays: number }> = {
  'calendar-week': { unit: 'week', shortestDays: 7, longestDays: 7 },
  'calendar-month': { unit: 'month', shortestDays: 28, longestDays: 31 },
  'calendar-quarter': { unit: 'quarter', shortestDays: 90, longestDays: 92 },
};

/** The calendar period a period name stands for, or undefined for a rolling period (30d). */
export function calendarPeriod(period: string, timeZone: string): CalendarPeriod | undefined {
  if (!Object.hasOwn(CALENDAR_UNITS, period)) return undefined;
  const name = period as CalendarPeriodName;
  const { unit, shortestDays, longestDays } = CALENDAR_UNITS[name];
  const nominalDays = CALENDAR_NOMINAL_DAYS[name];
  return {
    name,
    unit,
    timeZone,
    offsetSeconds: offsetSeconds(timeZone),
    nominalSeconds: nominalDays * DAY,
    lookback: `${longestDays}d`,
    shortestDays,
    longestDays,
  };
}

function offsetSeconds(timeZone: string): number {
  const match = /^([+-])(\d\d):(\d\d)$/.exec(timeZone);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * HOUR + Number(match[3]) * MINUTE);
}

/** The period as people read it: "30d", or "calendar month (+01:00)". */
export function periodText(plan: { period: string; calendar?: CalendarPeriod }): string {
  return plan.calendar ? `calendar ${plan.calendar.unit} (${plan.calendar.timeZone})` : plan.period;
}

/** Local time now, as a vector for Prometheus' time functions (year(), month()…), in the period's offset. */
function localTime(calendar: CalendarPeriod): string {
  return calendar.offsetSeconds ? `vector(time() + ${calendar.offsetSeconds})` : 'vector(time())';
}

/**
 * The current period's number modulo 3 (months or quarters since year 0): a window of 31d (92d)
 * reaches at most two periods back, so the residue tells the current period from the ones before.
 */
export function periodResidue(calendar: CalendarPeriod): string {
  const t = localTime(calendar);
  // Weeks since the Monday before the Unix epoch (1970-01-01 was a Thursday, three days after a Monday).
  const weekOffset = calendar.offsetSeconds + 3 * DAY;
  const index =
    calendar.unit === 'week'
      ? `floor((vector(time()) + ${weekOffset}) / ${7 * DAY})`
      : calendar.unit === 'month'
        ? `year(${t}) * 12 + month(${t}) - 1`
        : `year(${t}) * 4 + floor((month(${t}) - 1) / 3)`;
  return `(${index}) % 3`;
}

/** The current period's length in seconds: the days of this month, or of this quarter. */
export function periodLengthSeconds(calendar: CalendarPeriod): string {
  const t = localTime(calendar);
  if (calendar.unit === 'week') return `vector(${7 * DAY})`;
  if (calendar.unit === 'month') return `days_in_month(${t}) * 86400`;
  const quarter = `floor((month(${t}) - 1) / 3)`;
  // Q1 has 90 days (91 in a leap year: every fourth year from 1901 to 2099), Q2 91, Q3 and Q4 92.
  return `((90 + (year(${t}) % 4 == bool 0)) * (${quarter} == bool 0) + 91 * (${quarter} == bool 1) + 92 * (${quarter} >= bool 2)) * 86400`;
}
