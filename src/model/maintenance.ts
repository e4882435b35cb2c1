/** Planned maintenance against the error budget: does the planned downtime fit in the period's budget? */
import { WEEK } from '../core/time.js';
import { parseDuration } from '../core/duration.js';
import { formatDuration, formatMeasuredPercent, formatPercent } from '../core/format.js';
import type { MaintenanceWindowSpec, SloPlan } from './types.js';

/** Seconds of planned maintenance in one period (weekly windows scaled to the period's length). */
export function plannedDowntimeSeconds(windows: MaintenanceWindowSpec[], periodSeconds: number): number {
  const perWeek = windows.reduce((sum, w) => sum + parseDuration(w.duration) * w.weekdays.length, 0);
  return (perWeek * periodSeconds) / WEEK;
}

export interface MaintenanceBudgetCheck {
  service: string;
  slo: string;
  env: string;
  plannedSeconds: number;
  budgetSeconds: number;
  /** Share of the budget the planned downtime uses. */
  budgetShare: number;
  fits: boolean;
  message: string;
}

/** For time-based SLOs (uptime) of environments with planned maintenance. */
export function maintenanceBudgetChecks(instances: SloPlan[]): MaintenanceBudgetCheck[] {
  return instances
    .filter((i) => i.timeBased && i.sli.kind === 'probe' && i.maintenance.length > 0)
    .map((i) => {
      const plannedSeconds = plannedDowntimeSeconds(i.maintenance, i.periodSeconds);
      const budgetSeconds = i.budget.perPeriodSeconds;
      const share = budgetSeconds > 0 ? plannedSeconds / budgetSeconds : Infinity;
      const fits = plannedSeconds <= budgetSeconds;
      const planned = `${formatDuration(plannedSeconds)} of planned maintenance per ${i.period}`;
      const budget = `the ${formatDuration(budgetSeconds)} error budget of ${formatPercent(i.objective)} over ${i.period}`;
      const message = fits
        ? `${i.service.name} ${i.sloId} (${i.env}): ${planned} fits in ${budget} (uses ${formatMeasuredPercent(share, 1)})`
        : `${i.service.name} ${i.sloId} (${i.env}): ${planned} does NOT fit in ${budget}: planned downtime alone would miss the objective`;
      return { service: i.service.name, slo: i.sloId, env: i.env, plannedSeconds, budgetSeconds, budgetShare: share, fits, message };
    });
}
