/** Calendar periods a catalog may name: the budget resets at the start of each week, month or quarter. */
export const CALENDAR_PERIODS = ['calendar-week', 'calendar-month', 'calendar-quarter'] as const;
export type CalendarPeriodName = (typeof CALENDAR_PERIODS)[number];

/** The length burn-rate tiers are scaled to, in days: a week 7, a month 30, a quarter 90. */
export const CALENDAR_NOMINAL_DAYS: Record<CalendarPeriodName, number> = { 'calendar-week': 7, 'calendar-month': 30, 'calendar-quarter': 90 };
