/**
 * Alert rules of one SLO instance, by alert policy: burn-rate tiers (SRE Workbook), zero
 * tolerance, batch-job duration and freshness. Annotations are built raw (as Alertmanager
 * shows them) and escaped for Prometheus' templates when emitted.
 */
import type { BurnRateTier } from '../../model/burn-rate.js';
import { humanDuration, parseDuration } from '../../model/duration.js';
import { percent } from '../../model/format.js';
import { alertName, windowPair } from '../../model/names.js';
import type { SloInstance } from '../../model/types.js';
import { escapeTemplateText, formatSelector, instanceSeries } from './promql.js';
import type { AlertingRule } from './rule-types.js';
import { SERIES } from './series-names.js';
import { totalEventsCount } from './sli-rules.js';

/** An alert with raw annotations (as Alertmanager shows them); `toAlertingRule` escapes them for the rule file. */
export type AlertSpec = AlertingRule;

export const ALERT_NAMES = {
  zeroTolerance: 'SLOZeroToleranceBreach',
  batchRunTooSlow: 'SLOBatchRunTooSlow',
  budgetExhausted: 'SLOErrorBudgetExhausted',
  batchRunMissed: 'SLOBatchRunMissed',
  batchRunFailed: 'SLOBatchRunFailed',
  capacityHeadroom: 'CapacityHeadroomLow',
  capacityVolumeLow: 'CapacityVolumeLow',
} as const;

export function toAlertingRule(spec: AlertSpec): AlertingRule {
  return {
    alert: spec.alert,
    expr: spec.expr,
    ...(spec.for ? { for: spec.for } : {}),
    labels: spec.labels,
    annotations: Object.fromEntries(Object.entries(spec.annotations).map(([k, v]) => [k, escapeTemplateText(v)])),
  };
}

/** The contract's annotations: summary, description, runbook_url, dashboard_url. */
export function contractAnnotations(target: { runbookUrl: string; dashboardUrl: string }, summary: string, description: string): Record<string, string> {
  return { summary, description, runbook_url: target.runbookUrl, dashboard_url: target.dashboardUrl };
}

function heading(instance: SloInstance): string {
  return `${instance.service.title} ${instance.sloId} (${instance.env})`;
}

function objectiveText(instance: SloInstance): string {
  return `${instance.title}: objective ${percent(instance.objective)} over ${instance.period}.`;
}

/** One alert per tier: both windows' error ratios above factor × budget, and enough events if guarded. */
export function burnRateAlerts(instance: SloInstance): AlertSpec[] {
  const minEvents = instance.alertPolicy.kind === 'burn-rate' ? instance.alertPolicy.minEvents : undefined;
  return instance.tiers.map((tier) => {
    const threshold = tier.threshold.toDecimal();
    const conditions = [
      `${instanceSeries(SERIES.errorRatio(tier.longWindow), instance.labels)} > ${threshold}`,
      `${instanceSeries(SERIES.errorRatio(tier.shortWindow), instance.labels)} > ${threshold}`,
    ];
    if (minEvents) conditions.push(`on() ${totalEventsCount(instance, tier.longWindow)} >= ${minEvents}`);
    return {
      alert: alertName(tier),
      expr: conditions.join('\nand\n'),
      labels: { severity: tier.severity, ...instance.labels },
      annotations: { ...burnRateAnnotations(instance, tier, minEvents), burn_window: windowPair(tier) },
    };
  });
}

function burnRateAnnotations(instance: SloInstance, tier: BurnRateTier, minEvents: number | undefined): Record<string, string> {
  const factor = tier.factor.toDecimal(4);
  const exhaustion = humanDuration(instance.periodSeconds / tier.factor.toNumber());
  const why = tier.saturated
    ? `The Workbook factor ${tier.saturated.workbookFactor.toDecimal(4)}× is unreachable (a full outage burns at most ${tier.saturated.maxBurnRate.toDecimal(4)}×), so this tier fires when more than ${percent(tier.threshold)} of events are bad.`
    : `That spends ${percent(tier.budgetShare)} of the ${instance.period} error budget within ${tier.longWindow}; at this rate the whole budget lasts ${exhaustion}.`;
  const guard = minEvents ? ` Only with at least ${minEvents} events in ${tier.longWindow} (low-traffic guard).` : '';
  return contractAnnotations(
    instance,
    `${heading(instance)}: error budget burning at ${factor}× or more over ${tier.longWindow} and ${tier.shortWindow}`,
    `${objectiveText(instance)} The error ratio is above ${percent(tier.threshold)} (${factor}× the ${percent(instance.errorBudget)} budget) over both ${tier.longWindow} and ${tier.shortWindow}. ${why}${guard} Owner: ${instance.service.owner}.`,
  );
}

/** Zero tolerance: any bad event in the last 5m alerts at once, and resolves when none follow. */
export function zeroToleranceAlerts(instance: SloInstance): AlertSpec[] {
  if (instance.alertPolicy.kind !== 'zero-tolerance') return [];
  return [
    {
      alert: ALERT_NAMES.zeroTolerance,
      expr: `${instanceSeries(SERIES.badEventsRate5m, instance.labels)} > 0`,
      labels: { severity: instance.alertPolicy.severity, ...instance.labels },
      annotations: contractAnnotations(
        instance,
        `${heading(instance)}: a bad event under a zero-tolerance objective`,
        `${instance.title}: the objective allows no bad event at all, and one was counted in the last 5 minutes. The objective is breached for this ${instance.period} period. Owner: ${instance.service.owner}.`,
      ),
    },
  ];
}

/** Batch-job duration: a single slow run when the budget allows less than one, else the period's budget spent. */
export function batchDurationAlerts(instance: SloInstance): AlertSpec[] {
  const policy = instance.alertPolicy;
  if (policy.kind !== 'batch-duration' || instance.sli.kind !== 'latency') return [];
  const labels = { severity: policy.severity, ...instance.labels };
  const bound = humanDuration(instance.sli.threshold);
  if (policy.mode === 'any-slow-run') {
    const window = `${Math.round(86400 / policy.runsPerDay)}s`;
    const windowText = humanDuration(parseDuration(window));
    const count = formatSelector(instance.sli.count);
    const fast = formatSelector(instance.sli.goodBucket);
    return [
      {
        alert: ALERT_NAMES.batchRunTooSlow,
        expr: `sum(increase(${count}[${window}])) - (sum(increase(${fast}[${window}])) or vector(0)) > 0.5`,
        labels,
        annotations: contractAnnotations(
          instance,
          `${heading(instance)}: a run took longer than ${bound}`,
          `${objectiveText(instance)} A run in the last ${windowText} took longer than ${bound}. At about ${Math.round(policy.runsPerPeriod)} runs a period the budget allows ${percent(instance.errorBudget)} × ${Math.round(policy.runsPerPeriod)} < 1 slow run, so one slow run misses the objective. Owner: ${instance.service.owner}.`,
        ),
      },
    ];
  }
  return [
    {
      alert: ALERT_NAMES.budgetExhausted,
      expr: `${instanceSeries(SERIES.errorRatio(instance.period), instance.labels)} > ${instance.errorBudget.toDecimal()}`,
      labels,
      annotations: contractAnnotations(
        instance,
        `${heading(instance)}: more than ${percent(instance.errorBudget)} of runs over ${instance.period} took longer than ${bound}`,
        `${objectiveText(instance)} More runs were slower than ${bound} in the last ${instance.period} than the objective allows (about ${(instance.errorBudget.toNumber() * policy.runsPerPeriod).toFixed(1)} of ${Math.round(policy.runsPerPeriod)} runs). Owner: ${instance.service.owner}.`,
      ),
    },
  ];
}

/** Batch-job freshness: the last success is too old (a missed run), or a run failed. */
export function freshnessAlerts(instance: SloInstance): AlertSpec[] {
  const policy = instance.alertPolicy;
  if (policy.kind !== 'freshness' || instance.sli.kind !== 'freshness') return [];
  const { sli } = instance;
  const lastSuccess = formatSelector(sli.lastSuccess);
  const alerts: AlertSpec[] = [
    {
      alert: ALERT_NAMES.batchRunMissed,
      expr: `time() - (max(${lastSuccess}) > 0) > ${sli.maxAgeSeconds}`,
      labels: { severity: policy.missedSeverity, ...instance.labels },
      annotations: contractAnnotations(
        instance,
        `${heading(instance)}: no successful run for more than ${sli.maxAge}`,
        `${instance.title}: the last successful run is more than ${sli.maxAge} old, so at least one scheduled run was missed or failed. Owner: ${instance.service.owner}.`,
      ),
    },
  ];
  if (sli.failedRuns) {
    const failed = formatSelector(sli.failedRuns);
    alerts.push({
      alert: ALERT_NAMES.batchRunFailed,
      // A failure counter is often born at 1: count series that appeared in the window too.
      expr: `sum(increase(${failed}[1d])) > 0.5\nor\nsum(${failed} unless ${failed} offset 1d) > 0`,
      labels: { severity: policy.failedSeverity, ...instance.labels },
      annotations: contractAnnotations(
        instance,
        `${heading(instance)}: a run failed in the last day`,
        `${instance.title}: at least one run failed in the last 24h. If the next run fails too, the last success will be older than ${sli.maxAge}. Owner: ${instance.service.owner}.`,
      ),
    });
  }
  return alerts;
}

export function sloAlerts(instance: SloInstance): AlertSpec[] {
  return [...burnRateAlerts(instance), ...zeroToleranceAlerts(instance), ...batchDurationAlerts(instance), ...freshnessAlerts(instance)];
}
