/** An SLO instance's series: the raw series its SLI reads, its recorded series by name (series.errorRatio('1h')), and the target as people read it. */
import { type Rational } from '../../core/decimal.js';
import { formatDuration, formatPercent, formatPercentile } from '../../core/format.js';
import { formatSelector } from '../../core/promql.js';
import { SERIES, seriesRefsOf, type IdentityLabels } from '../conventions.js';
import { type PlanSeries, type ResolvedSli } from '../types.js';

export function rawSeriesSelector(sli: ResolvedSli): string {
  switch (sli.kind) {
    case 'ratio':
      return formatSelector(sli.total);
    case 'latency':
      return formatSelector(sli.count);
    case 'probe':
      return formatSelector(sli.probe);
    case 'freshness':
      return formatSelector(sli.lastSuccess);
    case 'composite':
    case 'raw':
      // No selector of its own: a composite's components raise their own data-missing alerts; a raw query is opaque.
      return '';
  }
}

export function planSeries(labels: IdentityLabels, recorded: string[], eventRates: string[]): PlanSeries {
  // Rules and tests ask for the same windows' series again and again: each reference is written once per instance.
  const refOf = seriesRefsOf(labels);
  const refs = new Map<string, string>();
  const ref = (metric: string) => {
    let text = refs.get(metric);
    if (text === undefined) refs.set(metric, (text = refOf(metric)));
    return text;
  };
  return {
    badEventsRate5m: ref(SERIES.badEventsRate5m),
    totalEventsRate5m: ref(SERIES.totalEventsRate5m),
    eventsRate: (kind, window) => {
      if (!eventRates.includes(window))
        throw new Error(`${labels.slo} (${labels.env}) records no event rates over ${window} (recorded: ${eventRates.join(', ')})`);
      return ref(SERIES.eventsRate(kind, window));
    },
    errorRatio: (window: string) => {
      if (!recorded.includes(window)) throw new Error(`${labels.slo} (${labels.env}) records no error ratio over ${window} (recorded: ${recorded.join(', ')})`);
      return ref(SERIES.errorRatio(window));
    },
    objective: ref(SERIES.objective),
    errorBudget: ref(SERIES.errorBudget),
    periodSeconds: ref(SERIES.periodSeconds),
    sliOverPeriod: ref(SERIES.sliOverPeriod),
    errorBudgetRemaining: ref(SERIES.errorBudgetRemaining),
    currentBurnRate: ref(SERIES.currentBurnRate),
    objectiveFuture: ref(SERIES.objectiveFuture),
    errorBudgetRemainingFuture: ref(SERIES.errorBudgetRemainingFuture),
    burnRateThreshold: ref(SERIES.burnRateThreshold),
    observedSeconds: ref(SERIES.observedSeconds),
  };
}

/** What the SLO promises, in the words of the success criteria: "p50 < 500ms", "< 1%" (bad events), "no bad event". */
export function targetText(sli: ResolvedSli, objective: Rational, errorBudget: Rational): string {
  if (errorBudget.isZero()) return 'no bad event';
  switch (sli.kind) {
    case 'latency':
      return `${formatPercentile(objective)} < ${formatDuration(sli.threshold)}`;
    case 'ratio':
      return `< ${formatPercent(errorBudget)}`;
    case 'probe':
      return `${formatPercent(objective)} of the time up`;
    case 'freshness':
      return `last success at most ${sli.maxAge} old ${formatPercent(objective)} of the time`;
    case 'raw':
      return `< ${formatPercent(errorBudget)}`;
    case 'composite':
      return `${formatPercent(objective)} of journeys succeed (${sli.mode === 'worst' ? 'the worst component' : 'components weighted'})`;
  }
}
