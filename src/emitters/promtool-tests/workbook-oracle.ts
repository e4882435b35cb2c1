/**
 * What the generated promtool tests expect of burn-rate alerts, written from the SRE Workbook
 * ("Alerting on SLOs", the recommended multiwindow, multi-burn-rate parameters) and never read
 * from the plan's tiers: a wrong factor, window or replacement rule in the model then fails the
 * tests that ship with the rules.
 */
import { ONE, Rational } from '../../core/decimal.js';
import { parseDuration } from '../../core/duration.js';
import { DAY } from '../../core/time.js';
import { tierAlertName } from '../../model/conventions.js';
import type { SloPlan } from '../../model/types.js';
import { oncePer } from '../../core/once-per.js';

type Severity = 'page' | 'ticket';

/** The Workbook's table for a 30-day SLO: burn rate, long window, short window, notification. */
const WORKBOOK_30D: ReadonlyArray<{ burnRate: string; longWindow: string; shortWindow: string; notification: Severity }> = [
  { burnRate: '14.4', longWindow: '1h', shortWindow: '5m', notification: 'page' },
  { burnRate: '6', longWindow: '6h', shortWindow: '30m', notification: 'page' },
  { burnRate: '3', longWindow: '1d', shortWindow: '2h', notification: 'ticket' },
  { burnRate: '1', longWindow: '3d', shortWindow: '6h', notification: 'ticket' },
];

const THIRTY_DAYS = Rational.parse(30 * DAY);

export interface ExpectedTier {
  alert: string;
  longWindow: string;
  shortWindow: string;
  /** The burn rate the alert fires above, and the error ratio it means. */
  factor: Rational;
  threshold: Rational;
  severity: Severity;
  /** Seconds from the start of a full outage (every event bad, clean history) to the alert firing. */
  fullOutageDetectionSeconds: number;
}

/**
 * The Workbook's burn rates keep the budget consumed per window, so they scale with the period:
 * 14.4 for 30d is 3.36 for 7d. A rate that a total outage cannot reach (≥ 1/budget) is replaced by
 * sloforge's documented rule: fire once the error ratio passes halfway from the budget to 100%.
 * Worked out once per plan: every scenario of a plan asks.
 */
export const expectedTiers = oncePer((plan: SloPlan): readonly ExpectedTier[] => Object.freeze(newExpectedTiers(plan)));

function newExpectedTiers(plan: SloPlan): ExpectedTier[] {
  // An SLO whose alerting is 'none' records its SLI and never alerts.
  if (plan.alertPolicy.kind !== 'burn-rate' || plan.alerting === 'none') return [];
  const budget = plan.errorBudget;
  const scale = Rational.parse(plan.periodSeconds).div(THIRTY_DAYS);
  return WORKBOOK_30D.filter((row) => parseDuration(row.longWindow) <= plan.periodSeconds).map((row) => {
    const workbook = Rational.parse(row.burnRate).mul(scale);
    const threshold = workbook.mul(budget).cmp(ONE) >= 0 ? ONE.add(budget).div(Rational.parse(2)) : workbook.mul(budget);
    return {
      // Sloth's identity (an imported SLO) names every tier alike; sloforge's names each by its windows.
      alert: tierAlertName(plan.alertIdentity, row),
      longWindow: row.longWindow,
      shortWindow: row.shortWindow,
      factor: threshold.div(budget),
      threshold,
      severity: plan.alerting === 'ticket-only' ? 'ticket' : row.notification,
      // The long window's ratio climbs by 1/window per second of outage; the short one is faster.
      fullOutageDetectionSeconds: threshold.toNumber() * parseDuration(row.longWindow),
    };
  });
}

const YEAR_SECONDS = 365 * DAY;

/**
 * The guard's test for a tier, from its definition: the long window, the rate the bad events are
 * weighed against (the budget's, or the tier's own line where lower) and ln(1/α). None when unguarded.
 */
function guardLine(plan: SloPlan, tier: ExpectedTier): { window: number; e: number; critical: number } | undefined {
  if (plan.alertPolicy.kind !== 'burn-rate' || !plan.alertPolicy.guard) return undefined;
  const window = parseDuration(tier.longWindow);
  return {
    window,
    e: Math.min(plan.errorBudget.toNumber(), tier.threshold.toNumber()),
    critical: -Math.log(Math.min(0.5, (plan.alertPolicy.guard.falsePagesPerYear * window) / YEAR_SECONDS)),
  };
}

/**
 * The low-traffic guard as the generated tests expect it, written from its definition (a one-sided
 * Poisson test by the Chernoff bound, and the budget spent at the traffic seen), not read from the
 * rule emitter: `n` events in the long window, a share `ratio` of them bad, the window holding data
 * for `ageSeconds` (weighed for pages only). Undefined within 10% of either line, where the tests assert nothing.
 */
export function guardAllows(plan: SloPlan, tier: ExpectedTier, n: number, ratio: number, ageSeconds: number): boolean | undefined {
  const line = guardLine(plan, tier);
  if (!line) return true;
  const { window, e, critical } = line;
  const statistic = ratio > 0 ? n * (ratio * Math.log(ratio / e) - ratio + e) : 0;
  // Pages only: a ticket reads what its window holds.
  const spent = tier.severity === 'page' ? (ratio * Math.min(ageSeconds, window)) / window / tier.threshold.toNumber() : Infinity;
  const lines = [statistic / critical, spent];
  if (lines.some((x) => x < 0.9)) return false;
  if (lines.every((x) => x > 1.1)) return true;
  return undefined;
}

/**
 * Events a minute at which the guard cannot hold back a tier whose long window reads `ratio` after
 * `heldSeconds` of traffic: twice the statistic's critical value. At least 60 a minute, the scenarios' usual traffic.
 */
export function unguardedEventsPerMinute(plan: SloPlan, tier: ExpectedTier, ratio: number, heldSeconds = parseDuration(tier.longWindow)): number {
  const line = guardLine(plan, tier);
  if (!line) return 60;
  const { window, e, critical } = line;
  const perEvent = ratio * Math.log(ratio / e) - ratio + e;
  // At or under the budget's rate no traffic makes the test pass, and no burn-rate tier fires there either.
  if (!(ratio > e) || !(perEvent > 0)) return 60;
  return Math.max(60, Math.ceil((2 * critical) / perEvent / (Math.min(window, heldSeconds) / 60)));
}
