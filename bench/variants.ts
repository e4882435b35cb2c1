/**
 * The form sloforge generated before its windows were tiled, measured beside the generated rules:
 * raw rate() over every series up to 6h, and sum_over_time of the recorded 5m rates from 1d on.
 * The emitter still writes that form for a window that is no whole multiple of a shorter one.
 */
import type { SloPlan } from '../src/model/types.js';

export const UNTILED_NAME = 'sloforge before tiling (raw rates up to 6h, 5m-rate sums from 1d)';

/** The same plan with no tiled window: every window falls back to the untiled forms. */
export function untiledPlan(plan: SloPlan): SloPlan {
  return { ...plan, windows: { ...plan.windows, tilings: {}, eventRates: [plan.windows.base] } };
}
