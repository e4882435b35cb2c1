/** The PromQL a service dashboard shares between its panels: selectors of the recorded series for $slo and $env, views over groups, alert counts by tier, time to exhaustion. */
import { parseDuration } from '../../core/duration.js';
import { formatSelector } from '../../core/promql.js';
import { SERIES, seriesRef, tierAlerts } from '../../model/conventions.js';
import { type MatcherSpec, type SelectorSpec, type SloPlan } from '../../model/types.js';
import { type statPanel, type tablePanel, type timeseriesPanel } from './panels.js';

export type PanelBuilder = ReturnType<typeof statPanel> | ReturnType<typeof timeseriesPanel> | ReturnType<typeof tablePanel>;

/** A selector of a raw metric for the dashboard: the instance's environment becomes $env. */
export function dashboardSelector(selector: SelectorSpec, envLabel: string): string {
  const matchers: MatcherSpec[] = selector.matchers.map((m) => (m.label === envLabel && m.op === '=' ? { ...m, value: '$env' } : m));
  return formatSelector({ metric: selector.metric, matchers });
}

/** Joins a series of an SLO (one per group, for a grouped SLO) with a series the SLO records once. */
export const PER_INSTANCE = 'on(service, slo, env) group_left()';

/** A recorded series of one SLO (or the one picked in $slo) in the environment picked in $env. */
export const series = (metric: string, service: string, slo = '$slo') => seriesRef(metric, { service, slo, env: '$env' });

/**
 * A series of the SLO picked in $slo, one line however many groups it has: for a service with
 * grouped SLOs, the worst group (min SLI or budget, max burn) or the sum of the events. The
 * groups table lists every group.
 */
export type View = (metric: string, worst: 'min' | 'max' | 'sum') => string;

export function viewOf(service: string, groupLabels: string[]): View {
  if (groupLabels.length === 0) return (metric) => series(metric, service);
  // The groups picked in the group variables (All by default); an SLO without groups matches All only.
  const picked = groupLabels.map((label) => `${label}=~"$${label}"`).join(',');
  return (metric, worst) => `${worst} by (service, slo, env) (${series(metric, service).slice(0, -1)},${picked}})`;
}

/** Alerts of the selected SLO firing now, by tier (`sloth`: some SLO of the service carries Sloth's identity). */
export const firing = (service: string, tier: 'page' | 'ticket', sloth: boolean) =>
  `count(${tierAlerts(tier, { service, slo: '$slo', env: '$env', alertstate: 'firing' }, sloth)}) or vector(0)`;

/** Seconds until the budget is gone at the current burn (per group, then the soonest). */
export function exhaustion(service: string, grouped: boolean): string {
  const perGroup = `clamp_min(${series(SERIES.errorBudgetRemaining, service)}, 0) * ${PER_INSTANCE} ${series(SERIES.periodSeconds, service)} / (${series(SERIES.currentBurnRate, service)} > 0)`;
  return grouped ? `min by (service, slo, env) (${perGroup})` : perGroup;
}

/** The windows (other than the period) that some plan of the service records, shortest first. */
export function alertWindows(instances: SloPlan[]): string[] {
  return [...new Set(instances.flatMap((i) => i.windows.recorded.filter((w) => w !== i.period)))].sort((a, b) => parseDuration(a) - parseDuration(b));
}
