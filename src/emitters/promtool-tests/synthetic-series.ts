/**
 * Synthetic raw series for an SLI: which series to write, and how much each one grows per
 * minute for a given number of good and bad events. Used to build promtool test inputs.
 */
import { boundSpellings } from '../../model/buckets.js';
import { Rational, ZERO } from '../../model/decimal.js';
import type { MatcherSpec, ResolvedSli, SelectorSpec } from '../../model/types.js';
import { formatLabels } from '../prometheus/promql.js';
import { acceptedValue, rejectedValue } from './label-samples.js';

export interface SyntheticSeries {
  /** promtool input series: metric{labels} */
  series: string;
  /** Counter increase per minute given good and bad events per minute. */
  increment: (good: Rational, bad: Rational) => Rational;
}

export class SynthesisError extends Error {}

function labelsFor(matchers: MatcherSpec[], what: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const label of [...new Set(matchers.map((m) => m.label))].sort()) {
    const value = acceptedValue(matchers.filter((m) => m.label === label));
    if (value === undefined) throw new SynthesisError(`cannot find a value of label "${label}" matching ${what}`);
    if (value !== '') labels[label] = value;
  }
  return labels;
}

function seriesText(metric: string, labels: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b, 'en')));
  return Object.keys(sorted).length ? `${metric}{${formatLabels(sorted)}}` : metric;
}

function sameMatcher(a: MatcherSpec, b: MatcherSpec): boolean {
  return a.label === b.label && a.op === b.op && a.value === b.value;
}

/** The series counting the narrow events (bad or good) and those counting the rest. */
function ratioSeries(total: SelectorSpec, narrow: SelectorSpec, narrowIsBad: boolean): SyntheticSeries[] {
  const narrowInc = (good: Rational, bad: Rational) => (narrowIsBad ? bad : good);
  const restInc = (good: Rational, bad: Rational) => (narrowIsBad ? good : bad);
  if (narrow.metric !== total.metric) {
    return [
      { series: seriesText(total.metric, labelsFor(total.matchers, total.metric)), increment: (good, bad) => good.add(bad) },
      { series: seriesText(narrow.metric, labelsFor(narrow.matchers, narrow.metric)), increment: narrowInc },
    ];
  }
  const narrowLabels = labelsFor(narrow.matchers, narrow.metric);
  const extra = narrow.matchers.filter((m) => !total.matchers.some((t) => sameMatcher(m, t)));
  if (extra.length === 0) throw new SynthesisError(`the ${narrowIsBad ? 'bad' : 'good'} selector of ${narrow.metric} selects the same series as the total`);
  const flip = extra[0];
  const rejected = rejectedValue(flip, total.matchers.filter((m) => m.label === flip.label));
  if (rejected === undefined) throw new SynthesisError(`cannot find a value of label "${flip.label}" outside ${flip.op}"${flip.value}"`);
  const restLabels = { ...narrowLabels, [flip.label]: rejected };
  if (rejected === '') delete restLabels[flip.label];
  return [
    { series: seriesText(narrow.metric, narrowLabels), increment: narrowInc },
    { series: seriesText(narrow.metric, restLabels), increment: restInc },
  ];
}

/** Histogram series: good events observed at the threshold, bad ones just above it. */
function latencySeries(sli: Extract<ResolvedSli, { kind: 'latency' }>): SyntheticSeries[] {
  const scope = sli.count.matchers;
  const labels = labelsFor(scope, sli.histogramMetric);
  const badBound = sli.buckets.find((b) => b > sli.threshold) ?? Infinity;
  // Python's prometheus_client spelling (le="1.0"), as Kimberly exposes it.
  const pythonSpelling = (bound: number) => boundSpellings(bound).at(-1)!;
  const buckets = [...sli.buckets, Infinity].map((bound) => ({
    series: seriesText(`${sli.histogramMetric}_bucket`, { ...labels, le: pythonSpelling(bound) }),
    increment: (good: Rational, bad: Rational) => (bound >= sli.threshold ? good : ZERO).add(bound >= badBound ? bad : ZERO),
  }));
  return [...buckets, { series: seriesText(`${sli.histogramMetric}_count`, labels), increment: (good, bad) => good.add(bad) }];
}

export function syntheticSeries(sli: ResolvedSli): SyntheticSeries[] {
  if (sli.kind === 'latency') return latencySeries(sli);
  return sli.bad ? ratioSeries(sli.total, sli.bad, true) : ratioSeries(sli.total, sli.good!, false);
}

export interface TrafficSegment {
  minutes: number;
  /** Events per minute. */
  eventsPerMinute: Rational;
  /** Share of bad events. */
  badRatio: Rational;
}

/** promtool expanding notation for a counter across segments: "0+5x59 300+0x29 ...". */
export function counterValues(segments: TrafficSegment[], increment: SyntheticSeries['increment']): string {
  let value = ZERO;
  const parts: string[] = [];
  for (const segment of segments) {
    const bad = segment.eventsPerMinute.mul(segment.badRatio);
    const inc = increment(segment.eventsPerMinute.sub(bad), bad);
    parts.push(`${value.toDecimal(9)}+${inc.toDecimal(9)}x${segment.minutes - 1}`);
    value = value.add(inc.mul(Rational.parse(segment.minutes)));
  }
  return parts.join(' ');
}
