/**
 * Pyrra's rules for one ratio SLO, written from the shapes Pyrra documents and its tests state
 * (slo/rules.go, Windows and Burnrates; its rules_test.go expectations): one recorded burn rate per
 * window, `sum(rate(errors[w])) / sum(rate(total[w]))`, windows derived from the SLO's period by
 * Pyrra's own ratios of a 28-day window rounded to the minute, and four alerts with their `for`:
 * critical 14× and 7×, warning 2× and 1×, plus the absent alert on the total. Data for the
 * benchmark, not code from Pyrra.
 */
import type { AlertingRule, RecordingRule } from '../src/emitters/prometheus/rule-types.js';

export interface PyrraSlo {
  name: string;
  /** The ratio's numerator and denominator as PromQL of one window, e.g. w => `sum(rate(x{code=~"5.."}[${w}]))`. */
  errors: (window: string) => string;
  total: (window: string) => string;
  /** The total's selector, for the absent alert. */
  totalSelector: string;
  target: number;
  periodDays: number;
}

interface PyrraWindow {
  severity: 'critical' | 'warning';
  forMinutes: number;
  longMinutes: number;
  shortMinutes: number;
  factor: number;
}

/** Pyrra's four windows for a period: fractions of the period as Pyrra states them for 28 days, rounded to the minute. */
export function pyrraWindows(periodDays: number): PyrraWindow[] {
  const minutes = periodDays * 1440;
  const of = (divisor: number) => Math.round(minutes / divisor);
  return [
    { severity: 'critical', forMinutes: of(28 * 24 * 30), longMinutes: of(28 * 24), shortMinutes: of(28 * 24 * 12), factor: 14 },
    { severity: 'critical', forMinutes: of(28 * 24 * 4), longMinutes: of(28 * 4), shortMinutes: of(28 * 24 * 2), factor: 7 },
    { severity: 'warning', forMinutes: of(28 * 24), longMinutes: of(28), shortMinutes: of(28 * 12), factor: 2 },
    { severity: 'warning', forMinutes: of(28 * 8), longMinutes: of(7), shortMinutes: of(28 * 4), factor: 1 },
  ];
}

/** A duration as Prometheus prints one: 1h4m, 6h26m, 5m. */
function promDuration(totalMinutes: number): string {
  const d = Math.floor(totalMinutes / 1440);
  const h = Math.floor((totalMinutes % 1440) / 60);
  const m = totalMinutes % 60;
  return `${d ? `${d}d` : ''}${h ? `${h}h` : ''}${m ? `${m}m` : ''}` || '0s';
}

export function pyrraRules(slo: PyrraSlo): Array<RecordingRule | AlertingRule> {
  const windows = pyrraWindows(slo.periodDays);
  const labels = { slo: slo.name };
  const burnrate = (minutes: number) => `pyrra:burnrate${promDuration(minutes)}`;
  const durations = [...new Set(windows.flatMap((w) => [w.shortMinutes, w.longMinutes]))].sort((a, b) => a - b);
  const recording: RecordingRule[] = durations.map((minutes) => ({
    record: burnrate(minutes),
    expr: `${slo.errors(promDuration(minutes))} / ${slo.total(promDuration(minutes))}`,
    labels,
  }));
  const target = String(slo.target);
  const alerts: AlertingRule[] = windows.map((w) => ({
    alert: 'ErrorBudgetBurn',
    expr: `${burnrate(w.shortMinutes)}{slo="${slo.name}"} > (${w.factor} * (1-${target})) and ${burnrate(w.longMinutes)}{slo="${slo.name}"} > (${w.factor} * (1-${target}))`,
    for: promDuration(w.forMinutes),
    labels: { ...labels, severity: w.severity, short: promDuration(w.shortMinutes), long: promDuration(w.longMinutes) },
    annotations: {},
  }));
  // Pyrra's absent alert: the total has no series at all, for as long as the fast burn needs to spend its share, plus its for.
  const fast = windows[0];
  const absent: AlertingRule = {
    alert: 'SLOMetricAbsent',
    expr: `absent(${slo.totalSelector}) == 1`,
    for: promDuration(Math.round(fast.factor * (1 - slo.target) * fast.longMinutes + fast.forMinutes)),
    labels: { ...labels, severity: 'critical' },
    annotations: {},
  };
  return [...recording, ...alerts, absent];
}
