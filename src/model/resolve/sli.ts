/** A catalog SLI resolved in an environment: its selectors scoped to the environment's matchers, and its kind's derived facts. */
import { type MatcherSpec, type SelectorSpec, type SliSpec } from '../../catalog/schema.js';
import { boundRegex } from '../../core/buckets.js';
import { parseDuration } from '../../core/duration.js';
import { type ResolvedSli } from '../types.js';

/** Adds the service and environment matchers, unless the selector sets the same label and operator itself. */
export function scoped(selector: SelectorSpec, scope: MatcherSpec[]): SelectorSpec {
  const own = new Set(selector.matchers.map((m) => `${m.label}${m.op}`));
  return { metric: selector.metric, matchers: [...scope.filter((m) => !own.has(`${m.label}${m.op}`)), ...selector.matchers] };
}

export function resolveSli(sli: SliSpec, scope: MatcherSpec[]): ResolvedSli {
  switch (sli.kind) {
    case 'ratio':
      return {
        kind: 'ratio',
        total: scoped(sli.total, scope),
        ...(sli.bad ? { bad: scoped(sli.bad, scope) } : {}),
        ...(sli.good ? { good: scoped(sli.good, scope) } : {}),
      };
    case 'latency': {
      const base = { metric: sli.histogram.metric, matchers: sli.histogram.matchers };
      return {
        kind: 'latency',
        count: scoped({ ...base, metric: `${base.metric}_count` }, scope),
        goodBucket: scoped(
          { metric: `${base.metric}_bucket`, matchers: [...base.matchers, { label: 'le', op: '=~', value: boundRegex(sli.threshold) }] },
          scope,
        ),
        threshold: sli.threshold,
        histogramMetric: base.metric,
        buckets: [...sli.histogram.buckets].sort((a, b) => a - b),
      };
    }
    case 'probe':
      return { kind: 'probe', probe: scoped(sli.probe, scope) };
    case 'freshness':
      return {
        kind: 'freshness',
        lastSuccess: scoped(sli.lastSuccess, scope),
        maxAge: sli.maxAge,
        maxAgeSeconds: parseDuration(sli.maxAge),
        ...(sli.failedRuns ? { failedRuns: scoped(sli.failedRuns, scope) } : {}),
        ...(sli.runsPerDay ? { runsPerDay: sli.runsPerDay } : {}),
      };
    case 'composite':
      // The component plans are linked once every instance is resolved (linkComposites).
      return { kind: 'composite', mode: sli.mode, components: [] };
    case 'raw':
      // The query selects its own series: the environment's matchers are the author's to write.
      return { kind: 'raw', errorRatioQuery: sli.errorRatioQuery };
  }
}
