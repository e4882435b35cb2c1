/**
 * The low-traffic guard of burn-rate tiers (ratio and latency SLIs), on by default. Two questions a
 * burn rate alone cannot answer at low traffic:
 *
 * - Are the bad events more than the objective's own noise? At one request a minute, one failed
 *   request is 1.7% of an hour: above a 99.9% SLO's 1.44% page threshold. A tier fires only when
 *   its long window's bad events are significantly more than the budget's rate allows: a one-sided
 *   Poisson test, by the Chernoff bound P(X ≥ b) ≤ exp(−(b·ln(b/λ) − b + λ)) with λ = events × budget.
 *   Written with the error ratio r = b/n it is n·(r·ln(r/e) − r + e) ≥ ln(1/α), which PromQL and
 *   MetricsQL both evaluate. α spreads `falsePagesPerYear` over the year's long windows, so that
 *   errors at exactly the budget's rate raise at most that many alerts a tier a year. A tier that
 *   fires under 1× (a 7d period's 1d and 3d tiers) is tested against its own line instead.
 * - Is the window old enough to hold what it claims? A Prometheus that started a minute ago holds a
 *   minute in its 6h window: 5 slow requests out of 7 are 71% of "6h". A page fires only when the bad
 *   events spent the tier's share of the budget at the traffic seen so far: the long window's ratio
 *   times the share of the window that holds data (its observed age over its length). Tickets keep
 *   reading what their window holds: their windows (1d, 3d) would otherwise stay blind for days after
 *   every Prometheus start, and a ticket wakes nobody.
 */
import { DAY, HOUR, MINUTE } from '../core/time.js';

export interface LowTrafficGuard {
  /** False alerts a tier may raise a year while errors arrive at exactly the budget's rate. */
  falsePagesPerYear: number;
}

export const DEFAULT_LOW_TRAFFIC_GUARD: LowTrafficGuard = Object.freeze({ falsePagesPerYear: 1 });

const YEAR = 365 * DAY;

/** α: the chance a long window of healthy traffic (at the budget's rate) passes the test. */
function falseAlertProbability(guard: LowTrafficGuard, longWindowSeconds: number): number {
  return Math.min(0.5, (guard.falsePagesPerYear * longWindowSeconds) / YEAR);
}

/** ln(1/α), rounded up at the third decimal (a stricter test, never a looser one). */
export function criticalStatistic(guard: LowTrafficGuard, longWindowSeconds: number): number {
  return Math.ceil(-Math.log(falseAlertProbability(guard, longWindowSeconds)) * 1000) / 1000;
}

/**
 * Ages the observed-age series can tell apart: every 5m to the first hour, then coarser, about a
 * twelfth of each tier's window; each tier's own long window is added by the caller so that a full
 * window reads exactly its length.
 */
const AGE_RUNGS = [
  ...[5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55].map((m) => m * MINUTE),
  ...[1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 16, 20].map((h) => h * HOUR),
  ...[1, 1.5, 2, 2.5, 3, 4, 5, 6, 7].map((d) => d * DAY),
];

/** The rungs up to the longest long window, with every long window among them, longest first. */
export function ageRungs(longWindowsSeconds: number[]): number[] {
  const longest = Math.max(...longWindowsSeconds);
  return [...new Set([...AGE_RUNGS.filter((r) => r < longest), ...longWindowsSeconds])].sort((a, b) => b - a);
}
