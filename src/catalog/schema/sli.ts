/** The SLI kinds of the catalog schema: ratio, latency, probe, freshness, composite and raw. */
import { z } from 'zod';
import { canonicalBound } from '../../core/buckets.js';
import { Duration, Identifier, Matcher, MetricName, Selector } from './primitives.js';

export const RatioSli = z
  .strictObject({
    kind: z.literal('ratio'),
    /** All events. */
    total: Selector,
    /** Bad events (give either bad or good). */
    bad: Selector.optional(),
    /** Good events (give either bad or good). */
    good: Selector.optional(),
  })
  .superRefine((sli, ctx) => {
    if ((sli.bad === undefined) === (sli.good === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['bad'], message: 'a ratio SLI needs exactly one of "bad" or "good"' });
    }
  });

export const Histogram = z
  .strictObject({
    /** Base name, without _bucket/_count. */
    metric: MetricName.refine((name) => !/_(bucket|count|sum)$/.test(name), 'give the histogram base name, without _bucket, _count or _sum'),
    /** The bucket bounds the histogram declares, in seconds (or its own unit). */
    buckets: z.array(z.number().positive().finite()).min(1, 'a histogram needs at least one bucket bound'),
    matchers: z.array(Matcher).default([]),
  })
  .superRefine((histogram, ctx) => {
    const seen = new Set<string>();
    histogram.buckets.forEach((bound, index) => {
      const key = canonicalBound(bound);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['buckets', index], message: `bucket bound ${key} is declared twice` });
      seen.add(key);
    });
  });

export const LatencySli = z
  .strictObject({
    kind: z.literal('latency'),
    histogram: Histogram,
    /** Events at or under this bound are good. Must be one of the histogram's bucket bounds. */
    threshold: z.number().positive().finite(),
  })
  .superRefine((sli, ctx) => {
    const bounds = sli.histogram.buckets.map(canonicalBound);
    if (!bounds.includes(canonicalBound(sli.threshold))) {
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: `${canonicalBound(sli.threshold)} is not a bucket bound of ${sli.histogram.metric} (declared: ${bounds.join(', ')}); a threshold between bounds cannot be measured`,
      });
    }
  });

/** Time-based SLI from a 0/1 probe gauge (blackbox exporter's probe_success): share of successful probes = share of good time. */
export const ProbeSli = z.strictObject({
  kind: z.literal('probe'),
  probe: Selector,
});

/** Time-based SLI of a batch job: share of time its last success is at most maxAge old. */
export const FreshnessSli = z.strictObject({
  kind: z.literal('freshness'),
  /** Gauge holding the Unix time of the last successful run. */
  lastSuccess: Selector,
  maxAge: Duration,
  /** Counter of failed runs, for a "run failed" ticket. */
  failedRuns: Selector.optional(),
  /** How often the job runs (batchJob sets it): the generated tests' healthy history succeeds at that cadence. */
  runsPerDay: z.number().positive().max(1440, 'at most 1440 (one run a minute)').optional(),
});

/**
 * An error ratio written as one PromQL query with {{.window}} where the window goes (Sloth's raw
 * SLI): sloforge evaluates it over every window it records, including the period.
 */
export const RawSli = z.strictObject({
  kind: z.literal('raw'),
  errorRatioQuery: z
    .string()
    .min(1)
    .refine(
      (q) => q.includes('{{.window}}'),
      'must contain {{.window}} where the window goes, e.g. sum(rate(errors_total[{{.window}}])) / sum(rate(requests_total[{{.window}}]))',
    ),
});

/** A journey made of other SLOs (a chat turn = auth ok, retrieval ok, inference ok): their error ratios, weighted or the worst. */
export const CompositeSli = z.strictObject({
  kind: z.literal('composite'),
  /** weighted: the components' error ratios averaged by weight; worst: the highest of them. */
  mode: z.enum(['weighted', 'worst']).default('weighted'),
  components: z
    .array(
      z.strictObject({
        slo: Identifier,
        /** The component's service; the journey's own when unset. */
        service: Identifier.optional(),
        weight: z.number().positive().default(1),
      }),
    )
    .min(2, 'a composite SLO needs at least two component SLOs'),
});

export const Sli = z.discriminatedUnion('kind', [RatioSli, LatencySli, ProbeSli, FreshnessSli, CompositeSli, RawSli]);
