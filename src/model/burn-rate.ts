/**
 * Multi-window, multi-burn-rate tiers of the SRE Workbook ("Alerting on SLOs"),
 * scaled to the SLO's period. Pure functions on exact rationals.
 */
import type { AlertingPolicy } from '../catalog/schema.js';
import { ONE, Rational } from '../core/decimal.js';
import { parseDuration, toPromDuration } from '../core/duration.js';
import { WORKBOOK_TIER_TABLE } from '../core/workbook.js';
import { BASE_WINDOW } from './conventions.js';

export type Severity = 'page' | 'ticket';

export interface BurnRateTierSpec {
  longWindow: string;
  shortWindow: string;
  /** Share of the period's error budget that this tier lets burn within the long window. */
  budgetShare: Rational;
  severity: Severity;
}

/** The Workbook's tiers, written for a 30d period: 14.4×, 6×, 3×, 1×. */
const WORKBOOK_TIERS: readonly BurnRateTierSpec[] = WORKBOOK_TIER_TABLE.map((row) => ({ ...row, budgetShare: Rational.parse(row.budgetShare) }));

export interface BurnRateTier {
  longWindow: string;
  shortWindow: string;
  budgetShare: Rational;
  severity: Severity;
  /** Burn-rate factor used by the alert. */
  factor: Rational;
  /** Error-ratio threshold both windows must exceed: factor × error budget. */
  threshold: Rational;
  /** Set when the Workbook factor is unreachable (≥ the maximum burn rate 1/budget) and was replaced. */
  saturated?: { workbookFactor: Rational; maxBurnRate: Rational };
}

/** The highest burn rate possible: every event bad. */
export function maxBurnRate(errorBudget: Rational): Rational {
  return ONE.div(errorBudget);
}

/** budget share × period / long window: 14.4 for 2% over 1h of 30d. */
function scaledFactor(tier: BurnRateTierSpec, periodSeconds: number): Rational {
  return tier.budgetShare.mul(Rational.parse(periodSeconds)).div(Rational.parse(parseDuration(tier.longWindow)));
}

/**
 * A tier whose factor a full outage cannot reach would be a dead alert. Its replacement
 * fires when the error ratio passes halfway between the budget and a total outage:
 * factor (1 + max)/2, threshold (1 + budget)/2, e.g. 75% slow requests for a p50 objective.
 */
function saturatedReplacementFactor(errorBudget: Rational): Rational {
  return ONE.add(maxBurnRate(errorBudget)).div(Rational.parse(2));
}

/** The tier specs that fit in a period: a long window longer than the period cannot be filled. */
function applicableSpecs(periodSeconds: number, specs: readonly BurnRateTierSpec[]): BurnRateTierSpec[] {
  return specs.filter((spec) => parseDuration(spec.longWindow) <= periodSeconds);
}

/**
 * The windows a plan records, derived from the tiers rather than listed by hand: the base window,
 * every tier's long and short window, and the period; shortest first.
 */
export function recordedWindows(periodSeconds: number, specs: readonly BurnRateTierSpec[] = WORKBOOK_TIERS): string[] {
  const windows = [BASE_WINDOW, ...applicableSpecs(periodSeconds, specs).flatMap((s) => [s.longWindow, s.shortWindow]), toPromDuration(periodSeconds)];
  return [...new Set(windows)].sort((a, b) => parseDuration(a) - parseDuration(b));
}

/** The fastest tier's long window: the burn rate shown as "current". */
export function currentBurnRateWindow(periodSeconds: number, specs: readonly BurnRateTierSpec[] = WORKBOOK_TIERS): string {
  const longWindows = applicableSpecs(periodSeconds, specs).map((s) => s.longWindow);
  return longWindows.sort((a, b) => parseDuration(a) - parseDuration(b))[0] ?? toPromDuration(periodSeconds);
}

export function burnRateTiers(
  errorBudget: Rational,
  periodSeconds: number,
  alerting: AlertingPolicy,
  specs: readonly BurnRateTierSpec[] = WORKBOOK_TIERS,
): BurnRateTier[] {
  if (alerting === 'none') return [];
  const maxBurn = maxBurnRate(errorBudget);
  return applicableSpecs(periodSeconds, specs).map((spec) => {
    const workbookFactor = scaledFactor(spec, periodSeconds);
    const saturated = workbookFactor.cmp(maxBurn) >= 0;
    const factor = saturated ? saturatedReplacementFactor(errorBudget) : workbookFactor;
    return {
      longWindow: spec.longWindow,
      shortWindow: spec.shortWindow,
      budgetShare: spec.budgetShare,
      severity: alerting === 'ticket-only' ? 'ticket' : spec.severity,
      factor,
      threshold: factor.mul(errorBudget),
      ...(saturated ? { saturated: { workbookFactor, maxBurnRate: maxBurn } } : {}),
    };
  });
}
