/** Names of the series sloforge records. Dashboards and reports read these. */
export const SERIES = {
  badEventsRate5m: 'slo:sli_bad_events:rate5m',
  totalEventsRate5m: 'slo:sli_total_events:rate5m',
  errorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
  objective: 'slo:objective:ratio',
  objectiveFuture: 'slo:objective_future:ratio',
  errorBudgetRemainingFuture: 'slo:error_budget_remaining_future:ratio',
  errorBudget: 'slo:error_budget:ratio',
  periodSeconds: 'slo:period:seconds',
  sliOverPeriod: 'slo:sli:ratio_period',
  errorBudgetRemaining: 'slo:error_budget_remaining:ratio',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  capacityLoad: 'capacity:load',
  capacityTarget: 'capacity:target',
  capacityUtilization: 'capacity:utilization:ratio',
} as const;

/** The window whose burn rate is reported as "current". */
export const CURRENT_BURN_RATE_WINDOW = '1h';

/** Windows at or above this are computed from recorded 5m rates (sum_over_time), not raw series. */
export const LONG_WINDOW_SECONDS = 86400;
