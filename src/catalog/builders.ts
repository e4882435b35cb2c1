/**
 * The catalog authoring API. Each builder returns plain data of the schema's input
 * type, so a catalog reads like the success criteria and still validates with zod.
 */
import { Rational } from '../core/decimal.js';
import { HOUR, MINUTE } from '../core/time.js';
import { CatalogError } from './catalog-error.js';
import { callerSource, displaySource } from './source.js';
import { SLO_COMMON_OPTIONS, type BuilderComputedField } from './schema.js';
import type { CapacityInput, CatalogInput, DependencyInput, EnvironmentInput, HistogramInput, SelectorInput, ServiceInput, SloInput } from './schema.js';

type MatcherInput = NonNullable<SelectorInput['matchers']>[number];

/** A label condition: exact value, RegExp (=~), or not(...) for != / !~. */
export type LabelCondition = string | RegExp | { not: string | RegExp };
export type LabelConditions = Record<string, LabelCondition>;

export function not(value: string | RegExp): { not: string | RegExp } {
  return { not: value };
}

/** RegExp flags Prometheus (RE2) can express inline; the others mean nothing for a label matcher. */
const INLINE_FLAGS: Record<string, string> = { i: 'i', s: 's', m: 'm' };

/** A RegExp's source as an RE2 pattern: /x/i becomes (?i)x; other flags are refused, not dropped. */
function regexSource(regex: RegExp, label: string): string {
  const unsupported = [...regex.flags].filter((flag) => !(flag in INLINE_FLAGS));
  if (unsupported.length > 0) {
    throw new CatalogError([
      `${displaySource(callerSource())}: label "${label}": the RegExp flag${unsupported.length > 1 ? 's' : ''} ${unsupported.map((f) => `/${f}`).join(', ')} cannot apply to a Prometheus label matcher (RE2 takes i, s and m, written inline as (?i))`,
    ]);
  }
  const inline = [...regex.flags].map((flag) => INLINE_FLAGS[flag]).join('');
  return inline ? `(?${inline})${regex.source}` : regex.source;
}

export function matchers(where: LabelConditions = {}): MatcherInput[] {
  return Object.entries(where).map(([label, condition]) => {
    if (typeof condition === 'string') return { label, op: '=', value: condition };
    if (condition instanceof RegExp) return { label, op: '=~', value: regexSource(condition, label) };
    const inner = condition.not;
    return typeof inner === 'string' ? { label, op: '!=', value: inner } : { label, op: '!~', value: regexSource(inner, label) };
  });
}

/** A counter (or any series) selected by metric name and label conditions. */
export function counter(metric: string, where: LabelConditions = {}): SelectorInput {
  return { metric, matchers: matchers(where) };
}

/** A gauge (or any series) selected by metric name and label conditions. */
export const gauge = counter;

/** A classic histogram with its declared bucket bounds (seconds for durations). */
export function histogram(metric: string, options: { buckets: number[]; where?: LabelConditions }): HistogramInput {
  return { ...unknownOptions(options, ['buckets', 'where']), metric, buckets: options.buckets, matchers: matchers(options.where) };
}

/** Narrows a selector with more label conditions. */
export function where(selector: SelectorInput, conditions: LabelConditions): SelectorInput {
  return { metric: selector.metric, matchers: [...(selector.matchers ?? []), ...matchers(conditions)] };
}

/** "500ms", "1s", "2.5s", "10min" or a number of seconds. */
export function seconds(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)(ms|s|min|m|h)$/.exec(value.trim());
  if (!match) throw new Error(`not a latency: ${JSON.stringify(value)} (use e.g. 500ms, 1s, 10min)`);
  const scale: Record<string, Rational> = {
    ms: Rational.parse('0.001'),
    s: Rational.parse(1),
    m: Rational.parse(MINUTE),
    min: Rational.parse(MINUTE),
    h: Rational.parse(HOUR),
  };
  return Rational.parse(match[1]).mul(scale[match[2]]).toNumber();
}

/**
 * "1%", "0.5%" or 1 → the objective 99 (percent of good events). A number below 1 could be a
 * fraction (0.01 for 1%) or a percentage (0.01%): it must be written with its % sign.
 */
function objectiveFromErrorTarget(below: unknown, id: unknown, source: string | undefined): number {
  const where = `${displaySource(source)}: errorRate "${String(id)}"`;
  if (typeof below === 'number' && below >= 1 && below < 100) return Rational.parse(100).sub(Rational.parse(below)).toNumber();
  if (typeof below === 'number') {
    throw new CatalogError([
      `${where}: "below: ${below}" is ambiguous (${below} as a fraction is ${below * 100}%, as a percentage ${below}%): write it with a % sign, e.g. below: '${below * 100}%'`,
    ]);
  }
  const match = typeof below === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(below) : null;
  if (!match || !(Number(match[1]) > 0 && Number(match[1]) < 100)) {
    throw new CatalogError([
      `${where}: "below" is required: the share of bad events allowed, with its % sign, e.g. below: '1%' (got ${JSON.stringify(below)})`,
    ]);
  }
  return Rational.parse(100).sub(Rational.parse(match[1])).toNumber();
}

/** The options every SLO builder takes as they are: every SLO field but those the builder computes (from the schema). */
export type SloCommon = Omit<SloInput, BuilderComputedField>;

const COMMON_OPTIONS = SLO_COMMON_OPTIONS;

/** Every builder's option names, for "did you mean" when one is misspelt. */
export const BUILDER_OPTIONS = [
  ...COMMON_OPTIONS,
  ...['events', 'bad', 'good', 'below', 'objective', 'histogram', 'threshold', 'targets', 'idPrefix', 'probe', 'buckets', 'where'],
  ...['runsPerDay', 'duration', 'lastSuccess', 'maxAge', 'failedRuns', 'freshnessObjective', 'load', 'components', 'mode'],
];

/**
 * Options a builder does not know are passed through, so that validation rejects them with the
 * file:line, the SLO and the closest known name, instead of dropping them (and the SLO) silently.
 */
function unknownOptions(spec: object, known: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec).filter(([key]) => !known.includes(key)));
}

/** The optional fields every SLO builder passes through (id and title each builder sets itself). */
function common(spec: Partial<SloCommon>): Partial<SloInput> {
  return Object.fromEntries(COMMON_OPTIONS.filter((key) => key !== 'id' && key !== 'title' && spec[key] !== undefined).map((key) => [key, spec[key]]));
}

/** A component of a composite SLO: an SLO id, or one in another service, with a weight (1 by default). */
export type CompositeComponentInput = string | { slo: string; service?: string; weight?: number };

/**
 * A journey SLO made of other SLOs, e.g. "a chat turn succeeds" = auth, retrieval and inference:
 * their error ratios weighted (by default) or the worst of them, with its own objective, rules,
 * burn-rate alerts, dashboard row and budget.
 */
export function composite(spec: SloCommon & { components: CompositeComponentInput[]; mode?: 'weighted' | 'worst'; objective: number }): SloInput {
  return {
    ...unknownOptions(spec, [...COMMON_OPTIONS, 'components', 'mode', 'objective']),
    id: spec.id,
    title: spec.title,
    ...common(spec),
    objective: spec.objective,
    sli: {
      kind: 'composite',
      ...(spec.mode ? { mode: spec.mode } : {}),
      components: spec.components.map((c) => (typeof c === 'string' ? { slo: c } : c)),
    },
    source: callerSource(),
  };
}

/** A hard dependency: its failures are this SLO's failures (serial), e.g. hard('inference-failures'). */
export function hard(slo: string, options: { service?: string } = {}): DependencyInput {
  return { slo, ...options, kind: 'hard' };
}

/** A soft dependency: this SLO degrades gracefully without it; listed, not checked. */
export function soft(slo: string, options: { service?: string } = {}): DependencyInput {
  return { slo, ...options, kind: 'soft' };
}

/** Error-rate objective: "API error rate (5xx) < 1%". `bad` narrows `events` to the bad ones. */
export function errorRate(spec: SloCommon & { events: SelectorInput; bad: LabelConditions; below: `${number}%` | number }): SloInput {
  const source = callerSource();
  return {
    ...unknownOptions(spec, [...COMMON_OPTIONS, 'events', 'bad', 'below']),
    id: spec.id,
    title: spec.title,
    ...common(spec),
    objective: objectiveFromErrorTarget(spec.below, spec.id, source),
    sli: { kind: 'ratio', total: spec.events, bad: where(spec.events, spec.bad) },
    source,
  };
}

/** Success-ratio objective: at least `objective`% of `events` are `good`. */
export function successRate(spec: SloCommon & { events: SelectorInput; good: LabelConditions; objective: number }): SloInput {
  return {
    ...unknownOptions(spec, [...COMMON_OPTIONS, 'events', 'good', 'objective']),
    id: spec.id,
    title: spec.title,
    ...common(spec),
    objective: spec.objective,
    sli: { kind: 'ratio', total: spec.events, good: where(spec.events, spec.good) },
    source: callerSource(),
  };
}

/** Latency threshold: at least `objective`% of events take at most `threshold`. */
export function latency(spec: SloCommon & { histogram: HistogramInput; threshold: string | number; objective: number }): SloInput {
  return {
    ...unknownOptions(spec, [...COMMON_OPTIONS, 'histogram', 'threshold', 'objective']),
    id: spec.id,
    title: spec.title,
    ...common(spec),
    objective: spec.objective,
    sli: { kind: 'latency', histogram: spec.histogram, threshold: seconds(spec.threshold) },
    source: callerSource(),
  };
}

export type PercentileTargets = Partial<Record<`p${number}`, string | number>>;

/**
 * "p50 < 500ms, p95 < 1s, p99 < 2s" → one latency SLO per percentile, id `<prefix>-p50`,
 * objective = the percentile (p95 < 1s ⇔ at least 95% of events within 1s).
 */
export function percentiles(spec: Omit<SloCommon, 'id'> & { idPrefix: string; histogram: HistogramInput; targets: PercentileTargets }): SloInput[] {
  const source = callerSource();
  return Object.entries(spec.targets).map(([percentile, threshold]) => {
    const objective = Number(percentile.slice(1));
    if (!/^p\d+(\.\d+)?$/.test(percentile) || !(objective > 0 && objective < 100)) {
      throw new CatalogError([`${displaySource(source)}: percentile target "${percentile}" of ${spec.idPrefix} must look like p50, p95, p99 or p99.9`]);
    }
    return {
      ...unknownOptions(spec, [...COMMON_OPTIONS, 'idPrefix', 'histogram', 'targets']),
      id: `${spec.idPrefix}-${percentile.replace('.', '')}`,
      title: `${spec.title} ${percentile}`,
      ...common(spec),
      description:
        spec.description || `${percentile} of ${spec.title.toLowerCase()} within ${threshold}: at least ${objective}% of events take at most ${threshold}.`,
      objective,
      sli: { kind: 'latency', histogram: spec.histogram, threshold: seconds(threshold as string | number) },
      percentile: { group: spec.idPrefix, title: spec.title, value: objective },
      source,
    };
  });
}

/**
 * Availability from a 0/1 probe (blackbox exporter's probe_success): the share of successful
 * probes is the share of good time. Objectives per environment, with an optional future target.
 */
export function uptime(spec: Omit<SloCommon, 'minEvents'> & { probe: SelectorInput; objective?: number }): SloInput {
  return {
    ...unknownOptions(spec, [...COMMON_OPTIONS, 'probe', 'objective']),
    id: spec.id,
    title: spec.title,
    ...common(spec),
    objective: spec.objective,
    sli: { kind: 'probe', probe: spec.probe },
    source: callerSource(),
  };
}

/** "Memory corruption 0%": any bad event breaches the objective and alerts at once. */
export function zeroTolerance(spec: Omit<SloCommon, 'minEvents'> & { events: SelectorInput; bad: SelectorInput | LabelConditions }): SloInput {
  const bad = 'metric' in spec.bad && typeof spec.bad.metric === 'string' ? (spec.bad as SelectorInput) : where(spec.events, spec.bad as LabelConditions);
  return {
    ...unknownOptions(spec, [...COMMON_OPTIONS, 'events', 'bad']),
    id: spec.id,
    title: spec.title,
    ...common(spec),
    objective: 100,
    zeroTolerance: true,
    sli: { kind: 'ratio', total: spec.events, bad },
    source: callerSource(),
  };
}

/**
 * A batch job (e.g. nightly): duration percentiles as SLOs `<prefix>-duration-pNN`, and
 * `<prefix>-freshness`: the last success is at most `maxAge` old for `freshnessObjective`% of the time.
 * A job that only pushes its last success time (to a Pushgateway, say) leaves out `duration` and
 * `targets`: it gets the freshness SLO alone.
 */
export function batchJob(spec: {
  idPrefix: string;
  title: string;
  runsPerDay: number;
  duration?: HistogramInput;
  targets?: PercentileTargets;
  lastSuccess: SelectorInput;
  maxAge: string;
  failedRuns?: SelectorInput;
  freshnessObjective: number;
  environments?: SloInput['environments'];
}): SloInput[] {
  const source = callerSource();
  const extra = unknownOptions(spec, [
    'idPrefix',
    'title',
    'runsPerDay',
    'duration',
    'targets',
    'lastSuccess',
    'maxAge',
    'failedRuns',
    'freshnessObjective',
    'environments',
  ]);
  if ((spec.duration === undefined) !== (spec.targets === undefined))
    throw new CatalogError([
      `${displaySource(source)}: batchJob "${spec.idPrefix}": give duration and targets together (duration SLOs), or neither (freshness alone)`,
    ]);
  const durations =
    spec.duration && spec.targets
      ? percentiles({
          idPrefix: `${spec.idPrefix}-duration`,
          title: `${spec.title} duration`,
          histogram: spec.duration,
          targets: spec.targets,
          environments: spec.environments,
        }).map((slo) => ({ ...extra, ...slo, batch: { runsPerDay: spec.runsPerDay, job: spec.title }, source }))
      : [];
  const freshness: SloInput = {
    ...extra,
    id: `${spec.idPrefix}-freshness`,
    title: `${spec.title} freshness`,
    description: `The last successful run of the ${spec.title.toLowerCase()} is at most ${spec.maxAge} old.`,
    objective: spec.freshnessObjective,
    ...(spec.environments ? { environments: spec.environments } : {}),
    sli: {
      kind: 'freshness',
      lastSuccess: spec.lastSuccess,
      maxAge: spec.maxAge,
      ...(spec.failedRuns ? { failedRuns: spec.failedRuns } : {}),
      runsPerDay: spec.runsPerDay,
    },
    source,
  };
  return [...durations, freshness];
}

export type CapacityCommon = Omit<CapacityInput, 'kind' | 'load' | 'source'>;

/** Load measured as a gauge summed over series, e.g. active sessions. */
export function gaugeLoad(selector: SelectorInput): CapacityInput['load'] {
  return { kind: 'gauge', selector };
}
/** Load measured as a counter's rate per second over 5m. */
export function perSecond(selector: SelectorInput): CapacityInput['load'] {
  return { kind: 'rate', selector };
}
/** Load measured as a counter's increase over the last 24h. */
export function perDay(selector: SelectorInput): CapacityInput['load'] {
  return { kind: 'daily', selector };
}

/** The load the service is sized for: ticket when sustained load passes `headroom` of it. */
export function ceiling(spec: CapacityCommon & { load: CapacityInput['load'] }): CapacityInput {
  return { ...spec, kind: 'ceiling', source: callerSource() };
}

/** The volume the service expects: ticket when it falls under `floorShare` of it (a silent outage). */
export function floor(spec: CapacityCommon & { load: CapacityInput['load'] }): CapacityInput {
  return { ...spec, kind: 'floor', source: callerSource() };
}

export function environment(name: string, spec: Omit<EnvironmentInput, 'name'>): EnvironmentInput {
  return { name, ...spec };
}

export function service(spec: Omit<ServiceInput, 'slos'> & { slos: Array<SloInput | SloInput[]> }): ServiceInput {
  return { ...spec, slos: spec.slos.flat(), source: spec.source ?? callerSource() };
}

/**
 * The catalog: its services, optionally preceded by catalog-wide options,
 * e.g. catalog({ grafana: { prometheusUrl: 'http://prometheus.monitoring:9090' } }, shop).
 */
export function catalog(...items: Array<ServiceInput | Omit<CatalogInput, 'services'>>): CatalogInput {
  const [first, ...rest] = items;
  if (first && !('name' in first) && !('slos' in first)) return { ...(first as Omit<CatalogInput, 'services'>), services: rest as ServiceInput[] };
  return { services: items as ServiceInput[] };
}
