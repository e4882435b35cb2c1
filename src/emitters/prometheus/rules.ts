/**
 * Prometheus rules of one SLO instance, one pure function per part of its rule group
 * (in the spirit of Pyrra's slo/rules.go): objective in, plain rule data out.
 */
import type { BurnRateTier } from '../../model/burn-rate.js';
import { humanDuration, parseDuration } from '../../model/duration.js';
import { percent } from '../../model/format.js';
import { alertName, ruleGroupName, windowPair } from '../../model/names.js';
import type { ResolvedSli, SloInstance } from '../../model/types.js';
import { escapeTemplateText, formatSelector, instanceSeries } from './promql.js';
import { CURRENT_BURN_RATE_WINDOW, LONG_WINDOW_SECONDS, SERIES } from './series-names.js';

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: Array<RecordingRule | AlertingRule>;
}

function sumRate(selector: string, window: string): string {
  return `sum(rate(${selector}[${window}]))`;
}

/** Bad events per second over a window (nothing when no series exists: callers add `or vector(0)`). */
export function badEventsRate(sli: ResolvedSli, window: string): string {
  switch (sli.kind) {
    case 'ratio':
      return sli.bad
        ? sumRate(formatSelector(sli.bad), window)
        : `${sumRate(formatSelector(sli.total), window)} - (${sumRate(formatSelector(sli.good!), window)} or vector(0))`;
    case 'latency':
      return `${sumRate(formatSelector(sli.count), window)} - (${sumRate(formatSelector(sli.goodBucket), window)} or vector(0))`;
  }
}

export function totalEventsRate(sli: ResolvedSli, window: string): string {
  return sumRate(formatSelector(sli.kind === 'ratio' ? sli.total : sli.count), window);
}

/** 5m rates of bad and total events: the cheap base that long windows sum over. */
export function eventRateRules(instance: SloInstance): RecordingRule[] {
  return [
    { record: SERIES.badEventsRate5m, expr: `(${badEventsRate(instance.sli, '5m')}) or vector(0)`, labels: instance.labels },
    { record: SERIES.totalEventsRate5m, expr: `${totalEventsRate(instance.sli, '5m')} or vector(0)`, labels: instance.labels },
  ];
}

/**
 * Error ratio per window. Up to 6h: rates of the raw series. From 1d on: sum_over_time of the
 * recorded 5m rates, bad over total, which weights by events (not by time) and stays cheap.
 * Zero traffic divides by nothing (`> 0`), so no NaN is recorded.
 */
export function errorRatioRules(instance: SloInstance): RecordingRule[] {
  return instance.windows.map((window) => {
    const bad5m = instanceSeries(SERIES.badEventsRate5m, instance.labels);
    const total5m = instanceSeries(SERIES.totalEventsRate5m, instance.labels);
    let expr: string;
    if (window === '5m') expr = `${bad5m} / (${total5m} > 0)`;
    else if (parseDuration(window) >= LONG_WINDOW_SECONDS) expr = `sum_over_time(${bad5m}[${window}]) / (sum_over_time(${total5m}[${window}]) > 0)`;
    else expr = `(${badEventsRate(instance.sli, window)} or vector(0)) / (${totalEventsRate(instance.sli, window)} > 0)`;
    return { record: SERIES.errorRatio(window), expr, labels: instance.labels };
  });
}

/** Objective, budget, period, SLI over the period, remaining budget and current burn rate. */
export function metadataRules(instance: SloInstance): RecordingRule[] {
  const budget = instance.errorBudget.toDecimal();
  const periodRatio = instanceSeries(SERIES.errorRatio(instance.period), instance.labels);
  const currentRatio = instanceSeries(SERIES.errorRatio(CURRENT_BURN_RATE_WINDOW), instance.labels);
  return [
    { record: SERIES.objective, expr: `vector(${instance.objective.toDecimal()})`, labels: instance.labels },
    { record: SERIES.errorBudget, expr: `vector(${budget})`, labels: instance.labels },
    { record: SERIES.periodSeconds, expr: `vector(${instance.periodSeconds})`, labels: instance.labels },
    { record: SERIES.sliOverPeriod, expr: `1 - ${periodRatio}`, labels: instance.labels },
    { record: SERIES.errorBudgetRemaining, expr: `1 - ${periodRatio} / ${budget}`, labels: instance.labels },
    { record: SERIES.currentBurnRate, expr: `${currentRatio} / ${budget}`, labels: instance.labels },
  ];
}


/** One alert per tier: both windows' error ratios above factor × budget (SRE Workbook). */
export function burnRateAlertRules(instance: SloInstance): AlertingRule[] {
  return instance.tiers.map((tier) => ({
    alert: alertName(tier),
    expr: `${instanceSeries(SERIES.errorRatio(tier.longWindow), instance.labels)} > ${tier.threshold.toDecimal()}\nand\n${instanceSeries(SERIES.errorRatio(tier.shortWindow), instance.labels)} > ${tier.threshold.toDecimal()}`,
    labels: { severity: tier.severity, ...instance.labels },
    annotations: Object.fromEntries(Object.entries(burnRateAnnotations(instance, tier)).map(([k, v]) => [k, escapeTemplateText(v)])),
  }));
}

/** Annotations as Alertmanager receives them (before template escaping). */
export function burnRateAnnotations(instance: SloInstance, tier: BurnRateTier): Record<string, string> {
  const factor = tier.factor.toDecimal(4);
  const exhaustion = humanDuration(instance.periodSeconds / tier.factor.toNumber());
  const why = tier.saturated
    ? `The Workbook factor ${tier.saturated.workbookFactor.toDecimal(4)}× is unreachable (a full outage burns at most ${tier.saturated.maxBurnRate.toDecimal(4)}×), so this tier fires when more than ${percent(tier.threshold)} of events are bad.`
    : `That spends ${percent(tier.budgetShare)} of the ${instance.period} error budget within ${tier.longWindow}; at this rate the whole budget lasts ${exhaustion}.`;
  return {
    summary: `${instance.service.title} ${instance.sloId} (${instance.env}): error budget burning at ${factor}× or more over ${tier.longWindow} and ${tier.shortWindow}`,
    description: `${instance.title}: objective ${percent(instance.objective)} over ${instance.period}. The error ratio is above ${percent(tier.threshold)} (${factor}× the ${percent(instance.errorBudget)} budget) over both ${tier.longWindow} and ${tier.shortWindow}. ${why} Owner: ${instance.service.owner}.`,
    runbook_url: instance.runbookUrl,
    dashboard_url: instance.dashboardUrl,
    burn_window: windowPair(tier),
  };
}

/** The whole rule group of one SLO instance: one group per instance, so a ruler can shard. */
export function sloRuleGroup(instance: SloInstance): RuleGroup {
  return {
    name: ruleGroupName(instance.service.name, instance.env, instance.sloId),
    rules: [...eventRateRules(instance), ...errorRatioRules(instance), ...metadataRules(instance), ...burnRateAlertRules(instance)],
  };
}
