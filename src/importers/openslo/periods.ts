/** An OpenSLO time window as a catalog period (rolling, or calendar with its zone), and its alert policies as the Workbook tiers they match. */
import { Rational } from '../../core/decimal.js';
import { isDuration, parseDuration, toPromDuration } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import { CALENDAR_NOMINAL_DAYS, type CalendarPeriodName } from '../../core/periods.js';
import { WORKBOOK_TIER_TABLE } from '../../core/workbook.js';
import { type Index, type Json, type OpenSloDocument } from './documents.js';

/**
 * A calendar's zone as the catalog writes it: UTC or a fixed offset (undefined when none is given,
 * null when it has daylight saving or no fixed offset). IANA's Etc/GMT±h zones are fixed offsets
 * with POSIX signs: Etc/GMT-1 is +01:00.
 */
function fixedZone(zone: string | undefined): string | undefined | null {
  if (zone === undefined) return undefined;
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Etc/GMT' || zone === 'GMT') return 'UTC';
  if (/^[+-]\d\d:\d\d$/.test(zone)) return zone;
  const etc = /^Etc\/GMT([+-])(\d{1,2})$/.exec(zone);
  if (!etc) return null;
  return `${etc[1] === '+' ? '-' : '+'}${etc[2].padStart(2, '0')}:00`;
}

/** OpenSLO's calendar-aligned durations that are catalog calendar periods. */
const CALENDAR_WINDOWS = new Map([
  ['1w', 'calendar-week'],
  ['7d', 'calendar-week'],
  ['1M', 'calendar-month'],
  ['1Q', 'calendar-quarter'],
]);

export function periodOf(timeWindow: unknown, where: string): { period: string; timeZone?: string } {
  if (timeWindow === undefined) return { period: '30d' };
  if (!Array.isArray(timeWindow) || timeWindow.length !== 1) throw new UserError(`${where}: field "spec.timeWindow": exactly one time window`);
  const window = timeWindow[0] as { duration?: string; isRolling?: boolean; calendar?: { timeZone?: string } };
  const duration = String(window.duration ?? '');
  if (window.isRolling === false) {
    const period = CALENDAR_WINDOWS.get(duration);
    if (!period)
      throw new UserError(
        `${where}: field "spec.timeWindow[0].duration": a calendar window of ${duration} is not supported (sloforge has calendar weeks, 1w, months, 1M, and quarters, 1Q; a rolling window of any length from 7d to 366d)`,
      );
    const zone = fixedZone(window.calendar?.timeZone);
    if (zone === null)
      throw new UserError(
        `${where}: field "spec.timeWindow[0].calendar.timeZone": "${window.calendar?.timeZone}": PromQL has no time zones; write UTC, a fixed offset such as +01:00, or Etc/GMT-1`,
      );
    return { period, timeZone: zone };
  }
  const normalized = duration.replace(/^(\d+)w$/, (_, w: string) => `${Number(w) * 7}d`);
  if (!isDuration(normalized))
    throw new UserError(`${where}: field "spec.timeWindow[0].duration": "${duration}" is not a rolling window sloforge reads (e.g. 28d, 30d, 4w)`);
  return { period: toPromDuration(parseDuration(normalized)) };
}

export function alertFields(slo: OpenSloDocument, period: string, objectivePercent: number, index: Index, where: string, warnings: string[]): Json {
  const policies = (slo.spec.alertPolicies as unknown[] | undefined) ?? [];
  if (policies.length === 0) return {};
  const conditions: Json[] = [];
  let noData: boolean | undefined;
  policies.forEach((item, i) => {
    const ref = typeof item === 'string' ? item : ((item as Json).alertPolicyRef as string | undefined);
    const policy = ref ? index.get('AlertPolicy', ref, where, `spec.alertPolicies[${i}]`).spec : ((item as Json).spec as Json);
    if (policy?.alertWhenNoData === false) noData = false;
    for (const [j, c] of ((policy?.conditions as unknown[]) ?? []).entries()) {
      const conditionRef = (c as Json).conditionRef as string | undefined;
      conditions.push(
        conditionRef ? index.get('AlertCondition', conditionRef, where, `spec.alertPolicies[${i}].conditions[${j}]`).spec : ((c as Json).spec as Json),
      );
    }
  });
  // Calendar periods scale the tiers to their nominal length (a month is 30 days), as the model does.
  const periodSeconds = Object.hasOwn(CALENDAR_NOMINAL_DAYS, period) ? CALENDAR_NOMINAL_DAYS[period as CalendarPeriodName] * 86_400 : parseDuration(period);
  let pages = false;
  for (const c of conditions) {
    const condition = (c.condition ?? {}) as Json;
    const severity = String(c.severity ?? '').toLowerCase();
    if (String(condition.kind).toLowerCase() !== 'burnrate') {
      warnings.push(`${where}: an alert condition of kind ${JSON.stringify(condition.kind)} is not imported: sloforge alerts on burn rates`);
      continue;
    }
    const tier = WORKBOOK_TIER_TABLE.find((row) => row.longWindow === condition.lookbackWindow && row.shortWindow === condition.alertAfter);
    // Exact arithmetic, as the model's: budget share × period / long window (14.4 for 2% over 1h of 30d).
    const expected = tier
      ? Rational.parse(tier.budgetShare)
          .mul(Rational.parse(periodSeconds))
          .div(Rational.parse(parseDuration(tier.longWindow)))
      : undefined;
    // A tier the objective cannot reach (Workbook factor ≥ the highest burn rate, 1 / budget) is replaced by sloforge: any lower factor is its own.
    const maxBurnRate = Rational.parse(100).div(Rational.parse(100).sub(Rational.parse(objectivePercent)));
    const threshold = Number(condition.threshold);
    const saturated = expected !== undefined && expected.cmp(maxBurnRate) >= 0 && threshold < maxBurnRate.toNumber();
    if (!tier || (!saturated && Math.abs(threshold - expected!.toNumber()) > expected!.toNumber() * 0.01)) {
      warnings.push(
        `${where}: the burn-rate condition ${condition.threshold}× over ${condition.lookbackWindow}/${condition.alertAfter} is not one of the Workbook tiers sloforge generates (14.4× 1h/5m, 6× 6h/30m, 3× 1d/2h, 1× 3d/6h for 30d, scaled to the period); sloforge keeps its tiers`,
      );
    }
    if (severity === 'page' || severity === 'critical') pages = true;
  }
  return { ...(conditions.length && !pages ? { alerting: 'ticket-only' } : {}), ...(noData === false ? { noData: 'off' } : {}) };
}
