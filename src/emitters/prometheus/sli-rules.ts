/**
 * Recording rules of one SLO instance: event rates, error ratios per window and metadata.
 * One pure function per part (in the spirit of Pyrra's slo/rules.go).
 */
import { parseDuration, toPromDuration } from '../../core/duration.js';
import { formatLabels, formatSelector } from '../../core/promql.js';
import { periodLengthSeconds, periodResidue } from '../../model/calendar.js';
import { infoLabels, LONG_WINDOW_SECONDS, PERIOD_RESIDUE_LABEL, SERIES, seriesRef, TIER_LABELS } from '../../model/conventions.js';
import type { ResolvedSli, SloPlan } from '../../model/types.js';
import type { WindowTiling } from '../../model/window-tiles.js';
import type { RecordingRule } from './rule-types.js';
import { ageRungs } from '../../model/low-traffic-guard.js';

/** `sum`, or `sum by (route)` for a grouped SLO: every rule keeps the group labels. */
function sum(instance: SloPlan): string {
  return instance.groupBy.length ? `sum by (${instance.groupBy.join(', ')})` : 'sum';
}

function sumRate(instance: SloPlan, selector: string, window: string): string {
  return `${sum(instance)}(rate(${selector}[${window}]))`;
}

/**
 * What stands for "no series" in a sum: vector(0) for one SLO; for groups, 0 × the group's total,
 * so that a group without bad events reads 0 and no label-less series joins the groups.
 */
function zeroUnless(instance: SloPlan, window: string): string {
  return instance.groupBy.length ? `0 * ${totalEventsRate(instance, window)}` : 'vector(0)';
}

/** Series that appeared within the window with a value: increments rate() cannot see (a counter born at 1). */
function newSeriesIncrease(selector: string, window: string): string {
  return `(sum(${selector} unless ${selector} offset ${window}) / ${parseDuration(window)} or vector(0))`;
}

/** Whether windows other than 5m can be computed from raw series (freshness is only known per evaluation). */
function hasRawWindows(sli: ResolvedSli): boolean {
  return sli.kind !== 'freshness';
}

/** Bad events per second over a window (nothing when no series exists: callers add zeroUnless()). */
function badEventsRate(instance: SloPlan, window: string): string {
  const { sli } = instance;
  switch (sli.kind) {
    case 'ratio':
      if (sli.bad) {
        const bad = formatSelector(sli.bad);
        // Zero tolerance: one event matters, including the first of a newly created series.
        return instance.alertPolicy.kind === 'zero-tolerance'
          ? `(${sumRate(instance, bad, window)} or vector(0)) + ${newSeriesIncrease(bad, window)}`
          : sumRate(instance, bad, window);
      }
      return `${sumRate(instance, formatSelector(sli.total), window)} - (${sumRate(instance, formatSelector(sli.good!), window)} or ${zeroUnless(instance, window)})`;
    case 'latency':
      return `${sumRate(instance, formatSelector(sli.count), window)} - (${sumRate(instance, formatSelector(sli.goodBucket), window)} or ${zeroUnless(instance, window)})`;
    case 'probe': {
      const probe = formatSelector(sli.probe);
      return `(${sum(instance)}(count_over_time(${probe}[${window}])) - ${sum(instance)}(sum_over_time(${probe}[${window}]))) / ${parseDuration(window)}`;
    }
    case 'freshness':
      // 1 while the last success is older than maxAge; a gauge at 0 (no success since the process started) is unknown.
      return `time() - (max(${formatSelector(sli.lastSuccess)}) > 0) > bool ${sli.maxAgeSeconds}`;
    case 'composite':
    case 'raw':
      throw new Error('composite and raw SLIs have no events of their own');
  }
}

/** All events per second over a window. */
function totalEventsRate(instance: SloPlan, window: string): string {
  const { sli } = instance;
  switch (sli.kind) {
    case 'ratio':
      return sumRate(instance, formatSelector(sli.total), window);
    case 'latency':
      return sumRate(instance, formatSelector(sli.count), window);
    case 'probe':
      return `${sum(instance)}(count_over_time(${formatSelector(sli.probe)}[${window}])) / ${parseDuration(window)}`;
    case 'freshness':
      return `count(max(${formatSelector(sli.lastSuccess)}) > 0)`;
    case 'composite':
    case 'raw':
      throw new Error('composite and raw SLIs have no events of their own');
  }
}

/**
 * A factor times all events over a long window, for the statistical guard: its recorded rate (or
 * tiles) times its length; a window recorded neither way counts its raw series, whose labels are
 * only the groups' (hence `on(…) group_left`).
 */
export function timesTotalEventsInWindow(instance: SloPlan, window: string, factor: string): string {
  const { series, windows } = instance;
  if (windows.eventRates.includes(window)) return `${factor} * ${series.eventsRate('total', window)} * ${parseDuration(window)}`;
  const tiling = windows.tilings[window];
  if (tiling) return `${factor} * (${tiledSum(series.eventsRate('total', tiling.source), tiling)}) * ${parseDuration(tiling.source)}`;
  return `${factor} * on(${instance.groupBy.join(', ')}) group_left ${totalEventsCount(instance, window)}`;
}

/**
 * How long the SLO's 5m rate has been recorded, up to its longest long window: the longest of the
 * ladder's offsets at which a sample exists (`or` keeps the leftmost), 0 in the first 5 minutes.
 * Offsets rather than a range over the samples: a few lookups per evaluation, and a replay that
 * evaluates each rule over a range of time (backfill) reads the same.
 */
export function observedAgeRules(instance: SloPlan): RecordingRule[] {
  const policy = instance.alertPolicy;
  if (policy.kind !== 'burn-rate' || !policy.guard || policy.tiers.length === 0) return [];
  const rate = instance.series.totalEventsRate5m;
  const rungs = ageRungs(policy.tiers.map((tier) => parseDuration(tier.longWindow)));
  const expr = [...rungs.map((age) => `${rate} offset ${toPromDuration(age)} * 0 + ${age}`), `${rate} * 0`].join(' or ');
  return [{ record: SERIES.observedSeconds, expr, labels: instance.labels }];
}

/** All events over a window, for the low-traffic guard. */
export function totalEventsCount(instance: SloPlan, window: string): string {
  const { sli } = instance;
  switch (sli.kind) {
    case 'ratio':
      return `${sum(instance)}(increase(${formatSelector(sli.total)}[${window}]))`;
    case 'latency':
      return `${sum(instance)}(increase(${formatSelector(sli.count)}[${window}]))`;
    case 'probe':
      return `${sum(instance)}(count_over_time(${formatSelector(sli.probe)}[${window}]))`;
    case 'freshness':
    case 'composite':
    case 'raw':
      throw new Error('the low-traffic guard does not apply to freshness, composite and raw SLIs');
  }
}

/**
 * `count` tiles of a recorded rate: now and at offsets of one, two… tile lengths. A tile before the
 * series existed reads 0 (`or … * 0` keeps the labels), so a young SLO's window covers what it has.
 */
function tiledSum(rate: string, tiling: WindowTiling): string {
  const step = parseDuration(tiling.source);
  const tiles = Array.from({ length: tiling.count }, (_, k) => (k === 0 ? rate : `(${rate} offset ${toPromDuration(k * step)} or ${rate} * 0)`));
  return tiles.join(' + ');
}

/** Bad and total events per second over the base window and the short ones (raw series), and over each window others are tiled from. */
export function eventRateRules(instance: SloPlan): RecordingRule[] {
  if (instance.sli.kind === 'composite' || instance.sli.kind === 'raw') return [];
  const { base, tilings, eventRates } = instance.windows;
  // One SLO records 0, not nothing, without traffic; a group exists while its raw series do.
  const raw = (kind: 'bad' | 'total', window: string) =>
    kind === 'bad'
      ? `(${badEventsRate(instance, window)}) or ${zeroUnless(instance, window)}`
      : instance.groupBy.length
        ? totalEventsRate(instance, window)
        : `(${totalEventsRate(instance, window)}) or vector(0)`;
  const rules: RecordingRule[] = [
    { record: SERIES.badEventsRate5m, expr: raw('bad', base), labels: instance.labels },
    { record: SERIES.totalEventsRate5m, expr: raw('total', base), labels: instance.labels },
  ];
  for (const window of eventRates.filter((w) => w !== base)) {
    const tiling = tilings[window];
    for (const kind of ['bad', 'total'] as const) {
      const expr = tiling ? `(${tiledSum(instance.series.eventsRate(kind, tiling.source), tiling)}) / ${tiling.count}` : raw(kind, window);
      rules.push({ record: SERIES.eventsRate(kind, window), expr, labels: instance.labels });
    }
  }
  return rules;
}

/**
 * A journey's error ratio over a window, from its components' recorded ratios over the same window:
 * weighted (over the components with data) or the worst. A component without data is left out,
 * never read as 0.
 */
function compositeErrorRatio(sli: Extract<ResolvedSli, { kind: 'composite' }>, window: string): string {
  if (sli.mode === 'worst') return `max(${sli.components.map((c) => c.plan.series.errorRatio(window)).join(' or ')})`;
  const terms = (aggregate: string) => sli.components.map((c) => `${aggregate}(${c.plan.series.errorRatio(window)}) * ${c.weight} or vector(0)`).join(') + (');
  return `((${terms('sum')})) / ((${terms('count')}) > 0)`;
}

/**
 * An events SLI's error ratio over a window: bad over total events, which weights by events (not by
 * time). Tiled windows read recorded rates; a window without a whole divisor keeps the older forms:
 * raw rates up to 6h, sum_over_time of the 5m rates from 1d on. Zero traffic divides by nothing
 * (`> 0`), so no NaN is recorded.
 */
function eventsErrorRatio(instance: SloPlan, window: string): string {
  const { series, windows } = instance;
  if (windows.eventRates.includes(window)) return `${series.eventsRate('bad', window)} / (${series.eventsRate('total', window)} > 0)`;
  const tiling = windows.tilings[window];
  if (tiling) {
    const sumOf = (kind: 'bad' | 'total') => tiledSum(series.eventsRate(kind, tiling.source), tiling);
    return `(${sumOf('bad')}) / ((${sumOf('total')}) > 0)`;
  }
  const bad5m = series.badEventsRate5m;
  const total5m = series.totalEventsRate5m;
  if (parseDuration(window) >= LONG_WINDOW_SECONDS || !hasRawWindows(instance.sli)) {
    return `sum_over_time(${bad5m}[${window}]) / (sum_over_time(${total5m}[${window}]) > 0)`;
  }
  return `(${badEventsRate(instance, window)} or ${zeroUnless(instance, window)}) / (${totalEventsRate(instance, window)} > 0)`;
}

export function errorRatioRules(instance: SloPlan): RecordingRule[] {
  const { sli } = instance;
  if (sli.kind === 'composite') {
    return instance.windows.recorded.map((window) => ({ record: SERIES.errorRatio(window), expr: compositeErrorRatio(sli, window), labels: instance.labels }));
  }
  if (sli.kind === 'raw') {
    // The author's query, over every window (the period too: evaluated raw, as Sloth evaluates raw SLIs).
    return instance.windows.recorded.map((window) => ({
      record: SERIES.errorRatio(window),
      expr: sli.errorRatioQuery.split('{{.window}}').join(window),
      labels: instance.labels,
    }));
  }
  return instance.windows.recorded.map((window) => ({ record: SERIES.errorRatio(window), expr: eventsErrorRatio(instance, window), labels: instance.labels }));
}

const RESIDUES = [0, 1, 2];

/**
 * A calendar SLO's events since the start of the current month (quarter), exactly: the 5m rates are
 * also recorded in one of three series by the period's number modulo 3, so that a window of 31d
 * (92d), which reaches at most two periods back, sums the current period's samples alone.
 */
export function calendarRules(instance: SloPlan): RecordingRule[] {
  const { calendar } = instance;
  if (!calendar) return [];
  const residue = periodResidue(calendar);
  const kept = (kind: 'bad' | 'total') =>
    RESIDUES.map((r) => ({
      record: SERIES.calendarEvents(kind),
      expr: `${kind === 'bad' ? instance.series.badEventsRate5m : instance.series.totalEventsRate5m} and on() (${residue} == ${r})`,
      labels: { ...instance.labels, [PERIOD_RESIDUE_LABEL]: String(r) },
    }));
  const sinceStart = (kind: 'bad' | 'total') =>
    `sum without (${PERIOD_RESIDUE_LABEL}) (${RESIDUES.map(
      (r) =>
        `sum_over_time(${SERIES.calendarEvents(kind)}{${formatLabels({ ...instance.labels, [PERIOD_RESIDUE_LABEL]: String(r) })}}[${calendar.lookback}]) and on() (${residue} == ${r})`,
    ).join(' or ')})`;
  return [
    ...kept('bad'),
    ...kept('total'),
    { record: SERIES.calendarErrorRatio, expr: `${sinceStart('bad')} / (${sinceStart('total')} > 0)`, labels: instance.labels },
  ];
}

/** Info (owner, dashboard), objective (active and future), budget, period, SLI over the period, remaining budget, current burn rate. */
export function metadataRules(instance: SloPlan): RecordingRule[] {
  const budget = instance.errorBudget.toDecimal();
  // A calendar period counts from its start (and resets there); a rolling one over its length.
  const periodRatio = instance.calendar ? seriesRef(SERIES.calendarErrorRatio, instance.labels) : instance.series.errorRatio(instance.period);
  const bad5m = instance.series.badEventsRate5m;
  const rules: RecordingRule[] = [
    { record: SERIES.info, expr: 'vector(1)', labels: infoLabels(instance.labels, instance.service.owner, 'slo') },
    { record: SERIES.objective, expr: `vector(${instance.objective.toDecimal()})`, labels: instance.labels },
    { record: SERIES.errorBudget, expr: `vector(${budget})`, labels: instance.labels },
    {
      record: SERIES.periodSeconds,
      expr: instance.calendar ? periodLengthSeconds(instance.calendar) : `vector(${instance.periodSeconds})`,
      labels: instance.labels,
    },
    { record: SERIES.sliOverPeriod, expr: `1 - ${periodRatio}`, labels: instance.labels },
  ];
  if (instance.errorBudget.isZero()) {
    // Zero tolerance: no budget to divide by. Remaining reads 1 until the first bad event, then 0.
    rules.push({ record: SERIES.errorBudgetRemaining, expr: `1 - (sum_over_time(${bad5m}[${instance.period}]) > bool 0)`, labels: instance.labels });
  } else {
    rules.push(
      { record: SERIES.errorBudgetRemaining, expr: `1 - ${periodRatio} / ${budget}`, labels: instance.labels },
      { record: SERIES.currentBurnRate, expr: `${instance.series.errorRatio(instance.windows.current)} / ${budget}`, labels: instance.labels },
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

/**
 * Each burn-rate tier's factor as a series, labelled with its severity and windows: the dashboard
 * draws these lines, so they are the alerts' thresholds by construction.
 */
export function burnRateThresholdRules(instance: SloPlan): RecordingRule[] {
  if (instance.alertPolicy.kind !== 'burn-rate') return [];
  return instance.alertPolicy.tiers.map((tier) => ({
    record: SERIES.burnRateThreshold,
    expr: `vector(${tier.factor.toDecimal()})`,
    labels: {
      ...instance.labels,
      [TIER_LABELS.severity]: tier.severity,
      [TIER_LABELS.longWindow]: tier.longWindow,
      [TIER_LABELS.shortWindow]: tier.shortWindow,
    },
  }));
}
