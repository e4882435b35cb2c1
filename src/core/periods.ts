/** Calendar periods a catalog may name: the budget resets at the start of each week, month or quarter. */
export const CALENDAR_PERIODS = ['calendar-week', 'calendar-month', 'calendar-quarter'] as const;
export type CalendarPeriodName = (typeof CALENDAR_PERIODS)[number];
