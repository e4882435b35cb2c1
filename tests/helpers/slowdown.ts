/**
 * How much slower this machine runs than the one the suite's time limits were set on: the
 * SLOFORGE_TEST_SLOWDOWN factor, which vitest.config.ts measures once per run (or takes from the
 * environment) and hands to every worker. Time limits scale with it, so that a busy machine
 * (another `make test` beside this one) fails no test on a limit; what tests wait for is a
 * condition, never a fixed sleep.
 */
const SLOWDOWN = Math.max(1, Number(process.env.SLOFORGE_TEST_SLOWDOWN) || 1);

/** A time limit in milliseconds, scaled by the measured slowdown. */
export function scaled(ms: number): number {
  return Math.round(ms * SLOWDOWN);
}
