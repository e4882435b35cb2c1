/** The catalog schema's primitives: names, identifiers, durations, periods, titles, objectives, matchers and selectors. */
import { z } from 'zod';
import { isDuration, parseDuration } from '../../core/duration.js';
import { IDENTIFIER_RE, MAX_ID_LENGTH } from '../../core/identifier.js';
import { CALENDAR_PERIODS } from '../../core/periods.js';
import { compileAnchored } from '../../core/re2.js';
import { METRIC_NAME_RE } from '../../core/promql.js';

/**
 * Why Prometheus would reject a label regex, or undefined. Prometheus compiles them with Go's RE2
 * (anchored): no lookaround, no backreferences, no \u escapes; Go before 1.22 (Prometheus 2.42)
 * also refuses (?<name>…), so named groups must be written (?P<name>…).
 */
function re2Problem(pattern: string): string | undefined {
  if (/\(\?<(?![=!])/.test(pattern)) return `${JSON.stringify(pattern)}: write a named group as (?P<name>…); Prometheus' RE2 refuses (?<name>…)`;
  try {
    compileAnchored(pattern);
    return undefined;
  } catch (error) {
    return `${JSON.stringify(pattern)} is not a regular expression Prometheus accepts (RE2: no lookahead or lookbehind, no backreferences, \\x{00e9} rather than \\u00e9): ${(error as Error).message}`;
  }
}

/** Links people click in alerts: http(s) only, never javascript: or data:. */
export const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' });

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const Identifier = z
  .string()
  .regex(IDENTIFIER_RE, 'must be kebab-case: lowercase letters and digits separated by single dashes')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters (it becomes part of rule names and dashboard uids)`);

export const MetricName = z.string().regex(METRIC_NAME_RE, 'is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)');

export const LabelName = z
  .string()
  .regex(LABEL_NAME_RE, 'is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)')
  .refine((name) => !name.startsWith('__'), 'label names starting with "__" are reserved by Prometheus');

export const Duration = z
  .string()
  .refine(isDuration, 'must be a Prometheus duration such as 5m, 1h, 7d or 30d')
  .refine((text) => !isDuration(text) || parseDuration(text) % 60 === 0, 'must be a whole number of minutes');

/** Objective in percent: 99.9 means 99.9% of events (or time) must be good. */
/** Limits on what a person writes: far above any real catalog, far below what exhausts memory or a screen. */
export const CATALOG_LIMITS = { title: 200, description: 16_384, groupByLabels: 10, sloInstances: 100_000 } as const;
export const tooLong = (max: number) => ({
  error: (issue: { input?: unknown }) => `is too long: ${String((issue.input as string | undefined)?.length)} characters, at most ${max}`,
});
export const Title = z.string().min(1, 'must not be empty').max(CATALOG_LIMITS.title, tooLong(CATALOG_LIMITS.title));
export const Description = z.string().max(CATALOG_LIMITS.description, tooLong(CATALOG_LIMITS.description)).default('');

export const ObjectivePercent = z.number().gt(0, 'must be above 0%').lte(100, 'must be at most 100%');

/** Below this, an objective is almost surely a fraction written where a percentage belongs (0.99 for 99). */
export const OBJECTIVE_FLOOR_PERCENT = 50;

/** Periods the Workbook's burn-rate tiers work with: the 3d window fits, and the page tiers stay above 1× burn. */
const MIN_PERIOD = '7d';
const MAX_PERIOD = '366d';

export const isCalendar = (text: string) => (CALENDAR_PERIODS as readonly string[]).includes(text);

/** A rolling period (a duration, 7d to 366d) or a calendar one. */
export const Period = z.string().superRefine((text, ctx) => {
  if (isCalendar(text)) return;
  if (!isDuration(text)) {
    ctx.addIssue({ code: 'custom', message: `must be a Prometheus duration such as 7d or 30d, or one of ${CALENDAR_PERIODS.join(', ')}` });
    return;
  }
  if (parseDuration(text) % 60 !== 0) ctx.addIssue({ code: 'custom', message: 'must be a whole number of minutes' });
  if (parseDuration(text) >= parseDuration(MIN_PERIOD) && parseDuration(text) <= parseDuration(MAX_PERIOD)) return;
  ctx.addIssue({
    code: 'custom',
    message: `${text} cannot be an SLO period: burn-rate alerting needs ${MIN_PERIOD} to ${MAX_PERIOD} (the slowest tier reads 3d, and below 7d the page tiers would fire on a burn the budget can afford)`,
  });
});

/**
 * The time zone of calendar periods: UTC or a fixed offset (+01:00). Prometheus' time functions know
 * no zones, so a zone with daylight saving time cannot be followed; its standard offset must be written.
 */
export const TimeZone = z
  .string()
  .refine(
    (zone) => zone === 'UTC' || /^[+-](0\d|1[0-4]):[0-5]\d$/.test(zone),
    'must be UTC or a fixed offset such as +01:00 or -05:00: PromQL has no time zones, so a zone with daylight saving time (Europe/Berlin) cannot be followed',
  );

export const Matcher = z
  .strictObject({
    label: LabelName,
    op: z.enum(['=', '!=', '=~', '!~']),
    value: z.string(),
  })
  .superRefine((matcher, ctx) => {
    if (matcher.op !== '=~' && matcher.op !== '!~') return;
    const problem = re2Problem(matcher.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });
export const Selector = z.strictObject({
  metric: MetricName,
  matchers: z.array(Matcher).default([]),
});
