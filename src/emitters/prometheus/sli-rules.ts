/**
 * Recording rules of one SLO instance: event rates, error ratios per window and metadata.
 * One pure function per part (in the spirit of Pyrra's slo/rules.go).
 */
import { parseDuration } from '../../model/duration.js';
import type { ResolvedSli, SloInstance } from '../../model/types.js';
import { formatSelector, instanceSeries } from './promql.js';
import type { RecordingRule } from './rule-types.js';
import { CURRENT_BURN_RATE_WINDOW, LONG_WINDOW_SECONDS, SERIES } from './series-names.js';

function sumRate(selector: string, window: string): string {
  return `sum(rate(${selector}[${window}]))`;
}

/** Series that appeared within the window with a value: increments rate() cannot see (a counter born at 1). */
function newSeriesIncrease(selector: string, window: string): string {
  return `(sum(${selector} unless ${selector} offset ${window}) / ${parseDuration(window)} or vector(0))`;
}

/** Whether windows other than 5m can be computed from raw series (freshness is only known per evaluation). */
export function hasRawWindows(sli: ResolvedSli): boolean {
  return sli.kind !== 'freshness';
}

/** Bad events per second over a window (nothing when no series exists: callers add `or vector(0)`). */
export function badEventsRate(instance: SloInstance, window: string): string {
  const { sli } = instance;
  switch (sli.kind) {
    case 'ratio':
      if (sli.bad) {
        const bad = formatSelector(sli.bad);
        // Zero tolerance: one event matters, including the first of a newly created series.
        return instance.alertPolicy.kind === 'zero-tolerance' ? `(${sumRate(bad, window)} or vector(0)) + ${newSeriesIncrease(bad, window)}` : sumRate(bad, window);
      }
      return `${sumRate(formatSelector(sli.total), window)} - (${sumRate(formatSelector(sli.good!), window)} or vector(0))`;
    case 'latency':
      return `${sumRate(formatSelector(sli.count), window)} - (${sumRate(formatSelector(sli.goodBucket), window)} or vector(0))`;
    case 'probe': {
      const probe = formatSelector(sli.probe);
      return `(sum(count_over_time(${probe}[${window}])) - sum(sum_over_time(${probe}[${window}]))) / ${parseDuration(window)}`;
    }
    case 'freshness':
      // 1 while the last success is older than maxAge; a gauge at 0 (no success since the process started) is unknown.
      return `time() - (max(${formatSelector(sli.lastSuccess)}) > 0) > bool ${sli.maxAgeSeconds}`;
  }
}

/** All events per second over a window. */
export function totalEventsRate(instance: SloInstance, window: string): string {
  const { sli } = instance;
  switch (sli.kind) {
    case 'ratio':
      return sumRate(formatSelector(sli.total), window);
    case 'latency':
      return sumRate(formatSelector(sli.count), window);
    case 'probe':
      return `sum(count_over_time(${formatSelector(sli.probe)}[${window}])) / ${parseDuration(window)}`;
    case 'freshness':
      return `count(max(${formatSelector(sli.lastSuccess)}) > 0)`;
  }
}

/** All events over a window, for the low-traffic guard. */
export function totalEventsCount(instance: SloInstance, window: string): string {
  const { sli } = instance;
  switch (sli.kind) {
    case 'ratio':
      return `sum(increase(${formatSelector(sli.total)}[${window}]))`;
    case 'latency':
      return `sum(increase(${formatSelector(sli.count)}[${window}]))`;
    case 'probe':
      return `sum(count_over_time(${formatSelector(sli.probe)}[${window}]))`;
    case 'freshness':
      throw new Error('the low-traffic guard does not apply to freshness SLIs');
  }
}

/** 5m rates of bad and total events: the cheap base that long windows sum over. */
export function eventRateRules(instance: SloInstance): RecordingRule[] {
  return [
    { record: SERIES.badEventsRate5m, expr: `(${badEventsRate(instance, '5m')}) or vector(0)`, labels: instance.labels },
    { record: SERIES.totalEventsRate5m, expr: `(${totalEventsRate(instance, '5m')}) or vector(0)`, labels: instance.labels },
  ];
}

/**
 * Error ratio per window. Up to 6h: rates of the raw series. From 1d on: sum_over_time of the
 * recorded 5m rates, bad over total, which weights by events (not by time) and stays cheap.
 * Zero traffic divides by nothing (`> 0`), so no NaN is recorded.
 */
export function errorRatioRules(instance: SloInstance): RecordingRule[] {
  const bad5m = instanceSeries(SERIES.badEventsRate5m, instance.labels);
  const total5m = instanceSeries(SERIES.totalEventsRate5m, instance.labels);
  return instance.windows.map((window) => {
    let expr: string;
    if (window === '5m') expr = `${bad5m} / (${total5m} > 0)`;
    else if (parseDuration(window) >= LONG_WINDOW_SECONDS || !hasRawWindows(instance.sli)) {
      expr = `sum_over_time(${bad5m}[${window}]) / (sum_over_time(${total5m}[${window}]) > 0)`;
    } else expr = `(${badEventsRate(instance, window)} or vector(0)) / (${totalEventsRate(instance, window)} > 0)`;
    return { record: SERIES.errorRatio(window), expr, labels: instance.labels };
  });
}

/** Objective (active and future), budget, period, SLI over the period, remaining budget, current burn rate. */
export function metadataRules(instance: SloInstance): RecordingRule[] {
  const budget = instance.errorBudget.toDecimal();
  const periodRatio = instanceSeries(SERIES.errorRatio(instance.period), instance.labels);
  const bad5m = instanceSeries(SERIES.badEventsRate5m, instance.labels);
  const rules: RecordingRule[] = [
    { record: SERIES.objective, expr: `vector(${instance.objective.toDecimal()})`, labels: instance.labels },
    { record: SERIES.errorBudget, expr: `vector(${budget})`, labels: instance.labels },
    { record: SERIES.periodSeconds, expr: `vector(${instance.periodSeconds})`, labels: instance.labels },
    { record: SERIES.sliOverPeriod, expr: `1 - ${periodRatio}`, labels: instance.labels },
  ];
  if (instance.errorBudget.isZero()) {
    // Zero tolerance: no budget to divide by. Remaining reads 1 until the first bad event, then 0.
    rules.push({ record: SERIES.errorBudgetRemaining, expr: `1 - (sum_over_time(${bad5m}[${instance.period}]) > bool 0)`, labels: instance.labels });
  } else {
    rules.push(
      { record: SERIES.errorBudgetRemaining, expr: `1 - ${periodRatio} / ${budget}`, labels: instance.labels },
      { record: SERIES.currentBurnRate, expr: `${instanceSeries(SERIES.errorRatio(CURRENT_BURN_RATE_WINDOW), instance.labels)} / ${budget}`, labels: instance.labels },
    );
  }
  if (instance.future) {
    const futureBudget = instance.future.errorBudget.toDecimal();
    rules.push(
      { record: SERIES.objectiveFuture, expr: `vector(${instance.future.objective.toDecimal()})`, labels: instance.labels },
      { record: SERIES.errorBudgetRemainingFuture, expr: `1 - ${periodRatio} / ${futureBudget}`, labels: instance.labels },
    );
  }
  return rules;
}
