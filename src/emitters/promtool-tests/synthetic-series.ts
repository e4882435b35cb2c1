/**
 * Synthetic raw series for an SLI under a traffic profile: which series to write, and their
 * per-minute samples for given good and bad events. Used to build promtool test inputs.
 */
import { boundSpellings } from '../../core/buckets.js';
import { ONE, type Rational, ZERO } from '../../core/decimal.js';
import type { MatcherSpec, ResolvedSli, SelectorSpec } from '../../model/types.js';
import { formatLabels } from '../../core/promql.js';
import { acceptedValue, rejectedValue } from './label-samples.js';
import { encodeCounter, encodeSamples } from './sample-encoding.js';

class SynthesisError extends Error {}

export interface TrafficSegment {
  minutes: number;
  /** Events per minute (for probes: 0 means no probe data, anything else one probe a minute). */
  eventsPerMinute: Rational;
  /** Share of bad events. */
  badRatio: Rational;
}

export interface InputSeries {
  series: string;
  values: string;
}

export function labelsFor(matchers: MatcherSpec[], what: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const label of [...new Set(matchers.map((m) => m.label))].sort()) {
    const value = acceptedValue(matchers.filter((m) => m.label === label));
    if (value === undefined) throw new SynthesisError(`cannot find a value of label "${label}" matching ${what}`);
    if (value !== '') labels[label] = value;
  }
  return labels;
}

export function seriesText(metric: string, labels: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b, 'en')));
  return Object.keys(sorted).length ? `${metric}{${formatLabels(sorted)}}` : metric;
}

/** A series for a selector, with label values its matchers accept. */
export function seriesFor(selector: SelectorSpec, extra: Record<string, string> = {}): string {
  return seriesText(selector.metric, { ...labelsFor(selector.matchers, selector.metric), ...extra });
}

/** Group labels (a grouped SLO's route, tenant…) to add to every series of a synthetic SLI. */
type Group = Record<string, string>;

function sameMatcher(a: MatcherSpec, b: MatcherSpec): boolean {
  return a.label === b.label && a.op === b.op && a.value === b.value;
}

/** Which events a counter counts: the good ones, the bad ones, or both. */
interface Counts {
  good: boolean;
  bad: boolean;
}

const GOOD: Counts = { good: true, bad: false };
const BAD: Counts = { good: false, bad: true };
const ALL: Counts = { good: true, bad: true };

function counter(series: string, counts: Counts) {
  return (segments: TrafficSegment[]): InputSeries => ({ series, values: counterValues(counts, segments) });
}

/**
 * A counter's samples depend on what it counts and the traffic profile alone: SLOs with the same
 * scenarios share them, each worked out once (before the arithmetic that encodeCounter's own cache,
 * keyed by the steps, cannot skip).
 */
function counterValues(counts: Counts, segments: TrafficSegment[]): string {
  const key = `${counts.good ? 'g' : ''}${counts.bad ? 'b' : ''} ${profileKey(segments)}`;
  let values = counterProfiles.get(key);
  if (values === undefined) {
    values = encodeCounter(
      segments.map((segment) => {
        const bad = segment.eventsPerMinute.mul(segment.badRatio);
        const good = segment.eventsPerMinute.sub(bad);
        return { minutes: segment.minutes, step: (counts.good ? good : ZERO).add(counts.bad ? bad : ZERO) };
      }),
    );
    if (counterProfiles.size >= MAX_COUNTER_PROFILES) counterProfiles.clear();
    counterProfiles.set(key, values);
  }
  return values;
}

const counterProfiles = new Map<string, string>();
/** Bounds the cache: a profile per scenario, objective and counted events, a few thousand in a large catalog. */
const MAX_COUNTER_PROFILES = 20_000;

/** The series counting the narrow events (bad or good) and those counting the rest. */
function ratioSeries(total: SelectorSpec, narrow: SelectorSpec, narrowIsBad: boolean, group: Group) {
  const narrowInc = narrowIsBad ? BAD : GOOD;
  const restInc = narrowIsBad ? GOOD : BAD;
  if (narrow.metric !== total.metric) return [counter(seriesFor(total, group), ALL), counter(seriesFor(narrow, group), narrowInc)];
  const narrowLabels = { ...labelsFor(narrow.matchers, narrow.metric), ...group };
  const extra = narrow.matchers.filter((m) => !total.matchers.some((t) => sameMatcher(m, t)));
  if (extra.length === 0) throw new SynthesisError(`the ${narrowIsBad ? 'bad' : 'good'} selector of ${narrow.metric} selects the same series as the total`);
  const flip = extra[0];
  const rejected = rejectedValue(
    flip,
    total.matchers.filter((m) => m.label === flip.label),
  );
  if (rejected === undefined) throw new SynthesisError(`cannot find a value of label "${flip.label}" outside ${flip.op}"${flip.value}"`);
  const restLabels = { ...narrowLabels, [flip.label]: rejected };
  if (rejected === '') delete restLabels[flip.label];
  return [counter(seriesText(narrow.metric, narrowLabels), narrowInc), counter(seriesText(narrow.metric, restLabels), restInc)];
}

/** Python's prometheus_client spelling of a bound (le="1.0"), as Kimberly exposes it. */
export function pythonBound(bound: number): string {
  return boundSpellings(bound).at(-1)!;
}

/** Histogram series: good events observed at the threshold, bad ones in the next bucket up. */
function latencySeries(sli: Extract<ResolvedSli, { kind: 'latency' }>, group: Group) {
  const labels = { ...labelsFor(sli.count.matchers, sli.histogramMetric), ...group };
  const badBound = sli.buckets.find((b) => b > sli.threshold) ?? Infinity;
  const buckets = [...sli.buckets, Infinity].map((bound) =>
    counter(seriesText(`${sli.histogramMetric}_bucket`, { ...labels, le: pythonBound(bound) }), { good: bound >= sli.threshold, bad: bound >= badBound }),
  );
  return [...buckets, counter(seriesText(`${sli.histogramMetric}_count`, labels), ALL)];
}

/**
 * The probe's samples, one a step: undefined without traffic, else whether it failed. Failures
 * are spread evenly at the bad ratio: a probe fails once the due failures reach a whole one. A
 * failure due on a step that is a multiple of 5 moves to the next one: recorded 5m rates,
 * evaluated every 5 steps, count such a sample in two windows, and evenly spaced failures would
 * all land there (every 20th at 5%), doubling their weight in the long windows.
 */
export function probeFailures(segments: TrafficSegment[]): ReadonlyArray<boolean | undefined> {
  // Probe SLOs share their traffic profiles (and the oracle asks about the same ones): each is worked out once.
  const key = profileKey(segments);
  let samples = probeSamples.get(key);
  if (samples === undefined) {
    samples = Object.freeze(failuresOf(segments));
    if (probeSamples.size < MAX_ENCODED_PROBES) probeSamples.set(key, samples);
  }
  return samples;
}

const probeSamples = new Map<string, ReadonlyArray<boolean | undefined>>();

/** How many of the last `n` probe samples fail: counted once per sample array, since every tier of every probe SLO asks. */
export function probeFailuresInLast(samples: ReadonlyArray<boolean | undefined>, n: number): number {
  let failedBefore = failureCounts.get(samples);
  if (failedBefore === undefined) {
    failedBefore = new Int32Array(samples.length + 1);
    for (let i = 0; i < samples.length; i += 1) failedBefore[i + 1] = failedBefore[i]! + (samples[i] ? 1 : 0);
    failureCounts.set(samples, failedBefore);
  }
  const from = Math.max(samples.length - n, 0);
  return failedBefore[samples.length]! - failedBefore[from]!;
}

const failureCounts = new WeakMap<ReadonlyArray<boolean | undefined>, Int32Array>();

const profileKey = (segments: TrafficSegment[]) =>
  segments.map((s) => `${s.minutes}:${s.eventsPerMinute.num}/${s.eventsPerMinute.den}:${s.badRatio.num}/${s.badRatio.den}`).join(' ');

function failuresOf(segments: TrafficSegment[]): Array<boolean | undefined> {
  const samples: Array<boolean | undefined> = [];
  for (const segment of segments) {
    // Exact integer arithmetic: failures are due when badRatio × (m + 1) − failures ≥ 1, i.e. num·(m+1) − failures·den ≥ den.
    const { num, den } = segment.badRatio;
    let failures = 0n;
    let owed = false;
    const idle = segment.eventsPerMinute.isZero();
    const allBad = segment.badRatio.cmp(ONE) === 0;
    for (let m = 0; m < segment.minutes; m += 1) {
      if (idle) {
        samples.push(undefined);
        continue;
      }
      if (allBad) {
        samples.push(true);
        continue;
      }
      if (num * BigInt(m + 1) - failures * den >= den) {
        failures += 1n;
        owed = true;
      }
      const fail = owed && samples.length % 5 !== 0;
      if (fail) owed = false;
      samples.push(fail);
    }
  }
  return samples;
}

/** A 0/1 probe gauge (1 up, 0 down). */
function probeSeries(sli: Extract<ResolvedSli, { kind: 'probe' }>, group: Group) {
  const series = seriesFor(sli.probe, group);
  return [(segments: TrafficSegment[]): InputSeries => ({ series, values: probeValues(segments) })];
}

/** A probe's samples depend on the traffic profile alone: probe SLOs with the same scenarios share them, each encoded once. */
function probeValues(segments: TrafficSegment[]): string {
  const key = profileKey(segments);
  let values = encodedProbes.get(key);
  if (values === undefined) {
    values = encodeSamples(probeFailures(segments).map((failed) => (failed === undefined ? undefined : failed ? ZERO : ONE)));
    if (encodedProbes.size < MAX_ENCODED_PROBES) encodedProbes.set(key, values);
  }
  return values;
}

const encodedProbes = new Map<string, string>();
/** Bounds the cache: a profile per scenario and objective, a few hundred in a large catalog. */
const MAX_ENCODED_PROBES = 20_000;

/** Generators of the raw input series of an SLI, each taking a traffic profile. */
function syntheticSeries(sli: ResolvedSli, group: Group): Array<(segments: TrafficSegment[]) => InputSeries> {
  switch (sli.kind) {
    case 'latency':
      return latencySeries(sli, group);
    case 'ratio':
      return sli.bad ? ratioSeries(sli.total, sli.bad, true, group) : ratioSeries(sli.total, sli.good!, false, group);
    case 'probe':
      return probeSeries(sli, group);
    case 'freshness':
    case 'composite':
    case 'raw':
      throw new SynthesisError('freshness, composite and raw SLIs have their own scenarios');
  }
}

/** An SLI's generators per group, built once: every scenario of an SLO writes the same series. */
const generators = new WeakMap<ResolvedSli, Map<string, ReturnType<typeof syntheticSeries>>>();

export function inputSeries(sli: ResolvedSli, segments: TrafficSegment[], group: Group = {}): InputSeries[] {
  let byGroup = generators.get(sli);
  if (!byGroup) generators.set(sli, (byGroup = new Map()));
  const key = JSON.stringify(group);
  let generate = byGroup.get(key);
  if (!generate) byGroup.set(key, (generate = syntheticSeries(sli, group)));
  return generate.map((series) => series(segments));
}
