/**
 * Alert rules of one SLO instance, by alert policy: burn-rate tiers (SRE Workbook), zero
 * tolerance, batch-job duration and freshness. Annotations are built raw (as Alertmanager
 * shows them) and escaped for Prometheus' templates when emitted.
 */
import { parseDuration } from '../../core/duration.js';
import { formatBurnRate, formatDuration, formatPercent } from '../../core/format.js';
import { formatSelector, escapeTemplateText } from '../../core/promql.js';
import { DAY } from '../../core/time.js';
import { timeToExhaustion } from '../../model/budget.js';
import { periodText } from '../../model/calendar.js';
import type { BurnRateTier, Severity } from '../../model/burn-rate.js';
import { ALERT_NAMES, TIER_LABELS, tierAlertName, tierLabel, windowPair, type WindowPair } from '../../model/conventions.js';
import type { SloPlan } from '../../model/types.js';
import type { AlertingRule } from './rule-types.js';
import { timesTotalEventsInWindow, totalEventsCount } from './sli-rules.js';
import { criticalStatistic, type LowTrafficGuard } from '../../model/low-traffic-guard.js';
import { oncePer } from '../../core/once-per.js';

/** An alert with raw annotations (as Alertmanager shows them); `toAlertingRule` escapes them for the rule file. */
export type AlertSpec = AlertingRule;

/**
 * An SLO alert's labels: the tier, the identity, then the catalog's extra labels, which never
 * override those. The tier is `severity` (sloforge's identity) or, with Sloth's, `sloth_severity`
 * and for a burn-rate tier its windows (all tiers share Sloth's one alert name): `severity` is then
 * the team's own, from the extra labels.
 */
export function alertLabels(instance: SloPlan, severity: string, tier?: WindowPair): Record<string, string> {
  const extra = {
    ...instance.alertLabels.all,
    ...(severity === 'page' ? instance.alertLabels.page : severity === 'ticket' ? instance.alertLabels.ticket : {}),
  };
  const tierLabels: Record<string, string> = { [tierLabel(instance.alertIdentity)]: severity };
  if (instance.alertIdentity.style === 'sloth' && tier)
    Object.assign(tierLabels, { [TIER_LABELS.longWindow]: tier.longWindow, [TIER_LABELS.shortWindow]: tier.shortWindow });
  // sloforge's own labels win; the catalog refuses extra labels that collide with them.
  const written = (label: string) => label in instance.labels || label in tierLabels;
  return { ...tierLabels, ...instance.labels, ...Object.fromEntries(Object.entries(extra).filter(([label]) => !written(label))) };
}

/**
 * The annotations Sloth's burn-rate alerts carry (title and summary, as Alertmanager shows them),
 * then the SLO's own for that tier; none for sloforge's identity.
 */
function slothAnnotations(instance: SloPlan, severity: Severity): Record<string, string> {
  const identity = instance.alertIdentity;
  if (identity.style !== 'sloth') return {};
  const labels = { ...instance.alertLabels.all, ...instance.alertLabels[severity] };
  const slo = `${labels.sloth_service ?? instance.service.name} ${labels.sloth_slo ?? instance.sloId}`;
  return {
    title: `(${severity}) ${slo} SLO error budget burn rate is too fast.`,
    summary: `${slo} SLO error budget burn rate is over expected.`,
    ...identity.annotations[severity],
  };
}

export function toAlertingRule(spec: AlertSpec): AlertingRule {
  return {
    alert: spec.alert,
    expr: spec.expr,
    ...(spec.for ? { for: spec.for } : {}),
    ...(spec.keep_firing_for ? { keep_firing_for: spec.keep_firing_for } : {}),
    labels: spec.labels,
    annotations: Object.fromEntries(Object.entries(spec.annotations).map(([k, v]) => [k, escapeTemplateText(v)])),
  };
}

/** The contract's annotations: summary, description, runbook_url, dashboard_url. */
export function contractAnnotations(
  target: { runbookUrl: string; dashboardUrl: string; alertAnnotations?: Record<string, string> },
  summary: string,
  description: string,
): Record<string, string> {
  return { summary, description, runbook_url: target.runbookUrl, dashboard_url: target.dashboardUrl, ...target.alertAnnotations };
}

function heading(instance: SloPlan): string {
  return `${instance.service.title} ${instance.sloId} (${instance.env})`;
}

function objectiveText(instance: SloPlan): string {
  return `${instance.title}: objective ${formatPercent(instance.objective)} over ${instance.calendar ? `each ${periodText(instance)}` : instance.period}.`;
}

/**
 * One alert per tier: both windows' error ratios above factor × budget, and enough events if
 * guarded. Written once per plan: the rule file and the promtool tests' expected annotations both ask.
 */
export const burnRateAlerts = oncePer((instance: SloPlan): readonly AlertSpec[] => Object.freeze(newBurnRateAlerts(instance)));

function newBurnRateAlerts(instance: SloPlan): AlertSpec[] {
  if (instance.alertPolicy.kind !== 'burn-rate') return [];
  const { minEvents, guard } = instance.alertPolicy;
  return instance.alertPolicy.tiers.map((tier) => {
    const threshold = tier.threshold.toDecimal();
    const conditions = [`${instance.series.errorRatio(tier.longWindow)} > ${threshold}`, `${instance.series.errorRatio(tier.shortWindow)} > ${threshold}`];
    if (guard) conditions.push(...guardConditions(instance, tier, guard));
    if (minEvents) conditions.push(`on(${instance.groupBy.join(', ')}) ${totalEventsCount(instance, tier.longWindow)} >= ${minEvents}`);
    return {
      alert: tierAlertName(instance.alertIdentity, tier),
      expr: conditions.join('\nand\n'),
      labels: alertLabels(instance, tier.severity, tier),
      annotations: { ...burnRateAnnotations(instance, tier, minEvents, guard), burn_window: windowPair(tier), ...slothAnnotations(instance, tier.severity) },
    };
  });
}

/**
 * The statistical guard's conditions (see model/low-traffic-guard): for a page, the long window's
 * ratio, scaled by the share of the window that holds data, still above the threshold; for every
 * tier, the bad events significantly more than the budget's rate allows, n·(r·ln(r/e) − r + e) ≥ ln(1/α).
 */
function guardConditions(instance: SloPlan, tier: BurnRateTier, guard: LowTrafficGuard): string[] {
  const seconds = parseDuration(tier.longWindow);
  const ratio = instance.series.errorRatio(tier.longWindow);
  // The rate the test weighs the bad events against: the budget's, or a tier's own line where it is
  // lower (a 7d period's 1d and 3d tiers fire under 1×: there, significantly above that line).
  const budget = (tier.threshold.cmp(instance.errorBudget) < 0 ? tier.threshold : instance.errorBudget).toDecimal();
  return [
    ...(tier.severity === 'page' ? [`${ratio} * clamp_max(${instance.series.observedSeconds} / ${seconds}, 1) > ${tier.threshold.toDecimal()}`] : []),
    `${timesTotalEventsInWindow(instance, tier.longWindow, `(${ratio} * ln(${ratio} / ${budget}) - ${ratio} + ${budget})`)} >= ${criticalStatistic(guard, seconds)}`,
  ];
}

function burnRateAnnotations(instance: SloPlan, tier: BurnRateTier, minEvents: number | undefined, guard: LowTrafficGuard | undefined): Record<string, string> {
  const factor = formatBurnRate(tier.factor);
  const exhaustion = formatDuration(timeToExhaustion(tier.factor.toNumber(), instance.periodSeconds));
  const why = tier.saturated
    ? `The Workbook factor ${formatBurnRate(tier.saturated.workbookFactor)} is unreachable (a full outage burns at most ${formatBurnRate(tier.saturated.maxBurnRate)}), so this tier fires when more than ${formatPercent(tier.threshold)} of events are bad.`
    : `That spends ${formatPercent(tier.budgetShare)} of the ${instance.period} error budget within ${tier.longWindow}; at this rate the whole budget lasts ${exhaustion}.`;
  const significant = guard
    ? ` Only when the bad events are significantly more than the budget allows (at most ${guard.falsePagesPerYear} false alert${guard.falsePagesPerYear === 1 ? '' : 's'} a year at the budget's rate)${tier.severity === 'page' ? ` and, in a window younger than ${tier.longWindow}, spent this share at the traffic seen` : ''}.`
    : '';
  const least = minEvents ? ` Only with at least ${minEvents} events in ${tier.longWindow} (low-traffic guard).` : '';
  return contractAnnotations(
    instance,
    `${heading(instance)}: error budget burning at ${factor} or more over ${tier.longWindow} and ${tier.shortWindow}`,
    `${objectiveText(instance)} The error ratio is above ${formatPercent(tier.threshold)} (${factor} the ${formatPercent(instance.errorBudget)} budget) over both ${tier.longWindow} and ${tier.shortWindow}. ${why}${significant}${least} Owner: ${instance.service.owner}.`,
  );
}

/** Zero tolerance: any bad event in the last 5m alerts at once, and resolves when none follow. */
export function zeroToleranceAlerts(instance: SloPlan): AlertSpec[] {
  if (instance.alertPolicy.kind !== 'zero-tolerance') return [];
  return [
    {
      alert: ALERT_NAMES.zeroTolerance,
      expr: `${instance.series.badEventsRate5m} > 0`,
      // One bad event leaves the 5m rate within 5 minutes: keep the breach visible long enough to be seen.
      keep_firing_for: ZERO_TOLERANCE_KEEP_FIRING,
      labels: alertLabels(instance, instance.alertPolicy.severity),
      annotations: contractAnnotations(
        instance,
        `${heading(instance)}: a bad event under a zero-tolerance objective`,
        `${instance.title}: the objective allows no bad event at all, and one was counted. The objective is breached for this ${instance.period} period; the alert stays up ${ZERO_TOLERANCE_KEEP_FIRING} after the last bad event. Owner: ${instance.service.owner}.`,
      ),
    },
  ];
}

/** Batch-job duration: a single slow run when the budget allows less than one, else the period's budget spent. */
export function batchDurationAlerts(instance: SloPlan): AlertSpec[] {
  const policy = instance.alertPolicy;
  if (policy.kind !== 'batch-duration' || instance.sli.kind !== 'latency') return [];
  const labels = alertLabels(instance, policy.severity);
  const bound = formatDuration(instance.sli.threshold);
  if (policy.mode === 'any-slow-run') {
    const window = `${Math.round(DAY / policy.runsPerDay)}s`;
    const windowText = formatDuration(parseDuration(window));
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
          `${objectiveText(instance)} A run in the last ${windowText} took longer than ${bound}. At about ${Math.round(policy.runsPerPeriod)} runs a period the budget allows ${formatPercent(instance.errorBudget)} × ${Math.round(policy.runsPerPeriod)} < 1 slow run, so one slow run misses the objective. Owner: ${instance.service.owner}.`,
        ),
      },
    ];
  }
  return [
    {
      alert: ALERT_NAMES.budgetExhausted,
      expr: `${instance.series.errorRatio(instance.period)} > ${instance.errorBudget.toDecimal()}`,
      labels,
      annotations: contractAnnotations(
        instance,
        `${heading(instance)}: more than ${formatPercent(instance.errorBudget)} of runs over ${instance.period} took longer than ${bound}`,
        `${objectiveText(instance)} More runs were slower than ${bound} in the last ${instance.period} than the objective allows (about ${(instance.errorBudget.toNumber() * policy.runsPerPeriod).toFixed(1)} of ${Math.round(policy.runsPerPeriod)} runs). Owner: ${instance.service.owner}.`,
      ),
    },
  ];
}

/** Batch-job freshness: the last success is too old (a missed run), or a run failed. */
export function freshnessAlerts(instance: SloPlan): AlertSpec[] {
  const policy = instance.alertPolicy;
  if (policy.kind !== 'freshness' || instance.sli.kind !== 'freshness') return [];
  const { sli } = instance;
  const lastSuccess = formatSelector(sli.lastSuccess);
  const alerts: AlertSpec[] = [
    {
      alert: ALERT_NAMES.batchRunMissed,
      // Also when the gauge has read 0 (no success since the exporter started) for all of maxAge.
      expr: `time() - (max(${lastSuccess}) > 0) > ${sli.maxAgeSeconds}\nor\n(max(max_over_time(${lastSuccess}[${sli.maxAge}])) == 0 and on() count(${lastSuccess} offset ${sli.maxAge}) > 0)`,
      labels: alertLabels(instance, policy.missedSeverity),
      annotations: contractAnnotations(
        instance,
        `${heading(instance)}: no successful run for more than ${sli.maxAge}`,
        `${instance.title}: the last successful run is more than ${sli.maxAge} old (or there was none in the ${sli.maxAge} since the job's exporter started), so at least one scheduled run was missed or failed. Owner: ${instance.service.owner}.`,
      ),
    },
  ];
  if (sli.failedRuns) {
    const failed = formatSelector(sli.failedRuns);
    alerts.push({
      alert: ALERT_NAMES.batchRunFailed,
      // A failure counter is often born at 1: count series that appeared in the window too.
      expr: `sum(increase(${failed}[1d])) > 0.5\nor\nsum(${failed} unless ${failed} offset 1d) > 0`,
      labels: alertLabels(instance, policy.failedSeverity),
      annotations: contractAnnotations(
        instance,
        `${heading(instance)}: a run failed in the last day`,
        `${instance.title}: at least one run failed in the last 24h. If the next run fails too, the last success will be older than ${sli.maxAge}. Owner: ${instance.service.owner}.`,
      ),
    });
  }
  return alerts;
}

/** How long a zero-tolerance breach keeps firing after its last bad event. */
export const ZERO_TOLERANCE_KEEP_FIRING = '1h';

/** How long an SLI's raw series must be gone before the data-missing alert fires (restarts and scrape hiccups pass). */
export const DATA_MISSING_FOR = '15m';

/** The SLI's raw series are gone: a ticket (by default) that the SLO cannot be measured. */
export function dataMissingAlerts(instance: SloPlan): AlertSpec[] {
  if (instance.noData === 'off') return [];
  const selector = instance.rawSeries;
  return [
    {
      alert: ALERT_NAMES.dataMissing,
      expr: `absent(count(${selector}))`,
      for: DATA_MISSING_FOR,
      labels: alertLabels(instance, instance.noData),
      annotations: contractAnnotations(
        instance,
        `${heading(instance)}: no data for ${DATA_MISSING_FOR}: the SLO cannot be measured`,
        `${instance.title}: no series match ${selector} for ${DATA_MISSING_FOR}. The SLI is unknown, not good: its burn-rate alerts cannot fire. Check the scrape target and the labels (every selector carries ${instance.service.envLabel}="${instance.env}"). Owner: ${instance.service.owner}.`,
      ),
    },
  ];
}

export function sloAlerts(instance: SloPlan): AlertSpec[] {
  return [
    ...burnRateAlerts(instance),
    ...zeroToleranceAlerts(instance),
    ...batchDurationAlerts(instance),
    ...freshnessAlerts(instance),
    ...dataMissingAlerts(instance),
  ];
}
