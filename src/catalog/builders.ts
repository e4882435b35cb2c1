/**
 * The catalog authoring API. Each builder returns plain data of the schema's input
 * type, so a catalog reads like the success criteria and still validates with zod.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Rational } from '../model/decimal.js';
import { parseDuration } from '../model/duration.js';
import type {
  CatalogInput,
  EnvironmentInput,
  HistogramInput,
  SelectorInput,
  ServiceInput,
  SloInput,
} from './schema.js';

type MatcherInput = NonNullable<SelectorInput['matchers']>[number];

/** A label condition: exact value, RegExp (=~), or not(...) for != / !~. */
export type LabelCondition = string | RegExp | { not: string | RegExp };
export type LabelConditions = Record<string, LabelCondition>;

export function not(value: string | RegExp): { not: string | RegExp } {
  return { not: value };
}

export function matchers(where: LabelConditions = {}): MatcherInput[] {
  return Object.entries(where).map(([label, condition]) => {
    if (typeof condition === 'string') return { label, op: '=', value: condition };
    if (condition instanceof RegExp) return { label, op: '=~', value: condition.source };
    const inner = condition.not;
    return typeof inner === 'string' ? { label, op: '!=', value: inner } : { label, op: '!~', value: inner.source };
  });
}

/** A counter (or any series) selected by metric name and label conditions. */
export function counter(metric: string, where: LabelConditions = {}): SelectorInput {
  return { metric, matchers: matchers(where) };
}

/** A classic histogram with its declared bucket bounds (seconds for durations). */
export function histogram(metric: string, options: { buckets: number[]; where?: LabelConditions }): HistogramInput {
  return { metric, buckets: options.buckets, matchers: matchers(options.where) };
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
    m: Rational.parse(60),
    min: Rational.parse(60),
    h: Rational.parse(3600),
  };
  return Rational.parse(match[1]).mul(scale[match[2]]).toNumber();
}

/** "1%" or 1 → the objective 99 (percent of good events). */
function objectiveFromErrorTarget(below: string | number): number {
  const text = typeof below === 'number' ? String(below) : below.trim().replace(/%$/, '');
  return Rational.parse(100).sub(Rational.parse(text)).toNumber();
}

type SloCommon = Pick<SloInput, 'id' | 'title' | 'description' | 'environments'>;

/** Error-rate objective: "API error rate (5xx) < 1%". `bad` narrows `events` to the bad ones. */
export function errorRate(spec: SloCommon & { events: SelectorInput; bad: LabelConditions; below: string | number }): SloInput {
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    environments: spec.environments,
    objective: objectiveFromErrorTarget(spec.below),
    sli: { kind: 'ratio', total: spec.events, bad: where(spec.events, spec.bad) },
    source: callerSource(),
  };
}

/** Success-ratio objective: at least `objective`% of `events` are `good`. */
export function successRate(spec: SloCommon & { events: SelectorInput; good: LabelConditions; objective: number }): SloInput {
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    environments: spec.environments,
    objective: spec.objective,
    sli: { kind: 'ratio', total: spec.events, good: where(spec.events, spec.good) },
    source: callerSource(),
  };
}

/** Latency threshold: at least `objective`% of events take at most `threshold`. */
export function latency(spec: SloCommon & { histogram: HistogramInput; threshold: string | number; objective: number }): SloInput {
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    environments: spec.environments,
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
      throw new Error(`${source ?? 'catalog'}: percentile target "${percentile}" of ${spec.idPrefix} must look like p50, p95, p99 or p99.9`);
    }
    return {
      id: `${spec.idPrefix}-${percentile.replace('.', '')}`,
      title: `${spec.title} ${percentile}`,
      description: spec.description || `${percentile} of ${spec.title.toLowerCase()} within ${threshold}: at least ${objective}% of events take at most ${threshold}.`,
      environments: spec.environments,
      objective,
      sli: { kind: 'latency', histogram: spec.histogram, threshold: seconds(threshold as string | number) },
      source,
    };
  });
}

export function environment(name: string, spec: Omit<EnvironmentInput, 'name'>): EnvironmentInput {
  return { name, ...spec };
}

export function service(spec: Omit<ServiceInput, 'slos'> & { slos: Array<SloInput | SloInput[]> }): ServiceInput {
  return { ...spec, slos: spec.slos.flat(), source: spec.source ?? callerSource() };
}

export function catalog(...services: ServiceInput[]): CatalogInput {
  return { services };
}

export { parseDuration };

/** The catalog file and line that called a builder, taken from the stack, relative to the working directory. */
function callerSource(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const frame of stack) {
    const match = /\(?((?:file:\/\/)?\/[^():]+):(\d+):\d+\)?$/.exec(frame.trim());
    if (!match) continue;
    const file = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
    if (path.dirname(file) === here || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    return `${path.relative(process.cwd(), file)}:${match[2]}`;
  }
  return undefined;
}
