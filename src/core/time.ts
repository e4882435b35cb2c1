/** Time constants, all in seconds: the one unit every layer computes in. */
export const MINUTE = 60;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
/** The average Gregorian calendar month: 365.2425 days / 12. */
export const CALENDAR_MONTH = (365.2425 * DAY) / 12;
