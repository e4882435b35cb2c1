/**
 * The catalog's zod schemas: the single source of both the catalog's TypeScript
 * types and its run-time validation.
 */
import { z } from 'zod';
import { isDuration, parseDuration } from '../core/duration.js';
import { IDENTIFIER_RE, MAX_ID_LENGTH } from '../core/identifier.js';
import { CALENDAR_PERIODS } from '../core/periods.js';
import {
  ALERT_ANNOTATION_NAMES,
  ALERT_LABEL_NAMES,
  RESERVED_GROUP_LABELS,
  SLOTH_ALERT_LABEL_NAMES,
  SLOTH_SEVERITY_LABEL,
  TIER_LABELS,
} from '../core/labels.js';
import { DAY, HOUR, MINUTE } from '../core/time.js';
import { canonicalBound } from '../core/buckets.js';
import { compileAnchored } from '../core/re2.js';
import { METRIC_NAME_RE } from '../core/promql.js';

/**
 * Why Prometheus would reject a label regex, or undefined. Prometheus compiles them with Go's RE2
 * (anchored): no lookaround, no backreferences, no \u escapes; Go before 1.22 (Prometheus 2.42)
 * also refuses (?<name>…), so named groups must be written (?P<name>…).
 */
function re2Problem(pattern: string): string | undefined {
  if (/\(\?<(?![=!])/.test(pattern)) return `${JSON.stringify(pattern)}: write a named group as (?P<name>…); Prometheus' RE2 refuses (?<name>…)`;
  try {
    compileAnchored(pattern);
    return undefined;
  } catch (error) {
    return `${JSON.stringify(pattern)} is not a regular expression Prometheus accepts (RE2: no lookahead or lookbehind, no backreferences, \\x{00e9} rather than \\u00e9): ${(error as Error).message}`;
  }
}

/** Links people click in alerts: http(s) only, never javascript: or data:. */
const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' });

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const Identifier = z
  .string()
  .regex(IDENTIFIER_RE, 'must be kebab-case: lowercase letters and digits separated by single dashes')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters (it becomes part of rule names and dashboard uids)`);

const MetricName = z.string().regex(METRIC_NAME_RE, 'is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)');

const LabelName = z
  .string()
  .regex(LABEL_NAME_RE, 'is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)')
  .refine((name) => !name.startsWith('__'), 'label names starting with "__" are reserved by Prometheus');

const Duration = z
  .string()
  .refine(isDuration, 'must be a Prometheus duration such as 5m, 1h, 7d or 30d')
  .refine((text) => !isDuration(text) || parseDuration(text) % 60 === 0, 'must be a whole number of minutes');

/** Objective in percent: 99.9 means 99.9% of events (or time) must be good. */
/** Limits on what a person writes: far above any real catalog, far below what exhausts memory or a screen. */
export const CATALOG_LIMITS = { title: 200, description: 16_384, groupByLabels: 10, sloInstances: 100_000 } as const;
const tooLong = (max: number) => ({
  error: (issue: { input?: unknown }) => `is too long: ${String((issue.input as string | undefined)?.length)} characters, at most ${max}`,
});
const Title = z.string().min(1, 'must not be empty').max(CATALOG_LIMITS.title, tooLong(CATALOG_LIMITS.title));
const Description = z.string().max(CATALOG_LIMITS.description, tooLong(CATALOG_LIMITS.description)).default('');

const ObjectivePercent = z.number().gt(0, 'must be above 0%').lte(100, 'must be at most 100%');

/** Below this, an objective is almost surely a fraction written where a percentage belongs (0.99 for 99). */
const OBJECTIVE_FLOOR_PERCENT = 50;

/** Periods the Workbook's burn-rate tiers work with: the 3d window fits, and the page tiers stay above 1× burn. */
const MIN_PERIOD = '7d';
const MAX_PERIOD = '366d';

const isCalendar = (text: string) => (CALENDAR_PERIODS as readonly string[]).includes(text);

/** A rolling period (a duration, 7d to 366d) or a calendar one. */
const Period = z.string().superRefine((text, ctx) => {
  if (isCalendar(text)) return;
  if (!isDuration(text)) {
    ctx.addIssue({ code: 'custom', message: `must be a Prometheus duration such as 7d or 30d, or one of ${CALENDAR_PERIODS.join(', ')}` });
    return;
  }
  if (parseDuration(text) % 60 !== 0) ctx.addIssue({ code: 'custom', message: 'must be a whole number of minutes' });
  if (parseDuration(text) >= parseDuration(MIN_PERIOD) && parseDuration(text) <= parseDuration(MAX_PERIOD)) return;
  ctx.addIssue({
    code: 'custom',
    message: `${text} cannot be an SLO period: burn-rate alerting needs ${MIN_PERIOD} to ${MAX_PERIOD} (the slowest tier reads 3d, and below 7d the page tiers would fire on a burn the budget can afford)`,
  });
});

/**
 * The time zone of calendar periods: UTC or a fixed offset (+01:00). Prometheus' time functions know
 * no zones, so a zone with daylight saving time cannot be followed; its standard offset must be written.
 */
const TimeZone = z
  .string()
  .refine(
    (zone) => zone === 'UTC' || /^[+-](0\d|1[0-4]):[0-5]\d$/.test(zone),
    'must be UTC or a fixed offset such as +01:00 or -05:00: PromQL has no time zones, so a zone with daylight saving time (Europe/Berlin) cannot be followed',
  );

const Matcher = z
  .strictObject({
    label: LabelName,
    op: z.enum(['=', '!=', '=~', '!~']),
    value: z.string(),
  })
  .superRefine((matcher, ctx) => {
    if (matcher.op !== '=~' && matcher.op !== '!~') return;
    const problem = re2Problem(matcher.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });
const Selector = z.strictObject({
  metric: MetricName,
  matchers: z.array(Matcher).default([]),
});

const RatioSli = z
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

const Histogram = z
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

const LatencySli = z
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
const ProbeSli = z.strictObject({
  kind: z.literal('probe'),
  probe: Selector,
});

/** Time-based SLI of a batch job: share of time its last success is at most maxAge old. */
const FreshnessSli = z.strictObject({
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
const RawSli = z.strictObject({
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
const CompositeSli = z.strictObject({
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

const Sli = z.discriminatedUnion('kind', [RatioSli, LatencySli, ProbeSli, FreshnessSli, CompositeSli, RawSli]);

const FutureObjective = z.strictObject({
  objective: ObjectivePercent,
  /** What the future target is called, e.g. "GA": one line, shown in tables and dashboards. */
  label: z
    .string()
    .min(1)
    .regex(/^[^\p{Cc}]+$/u, 'must be one line of text, without control characters'),
});

const EnvironmentObjective = z.strictObject({
  objective: ObjectivePercent.optional(),
  period: Period.optional(),
  /** A later target, shown beside the active one; alerts follow the active objective. */
  future: FutureObjective.optional(),
});

/** Caps the environment's alerting for one SLO: 'ticket-only' never pages; 'none' records and shows it, with no alert (Sloth's SLOs with both alerts disabled). */
const SloAlerting = z.enum(['page-and-ticket', 'ticket-only', 'none']);

/**
 * Another SLO this one needs. Hard: serial, its failures are this SLO's failures, so the product of
 * the hard dependencies' objectives bounds this objective. Soft: degrades gracefully; listed, not checked.
 */
const Dependency = z.strictObject({
  slo: Identifier,
  /** The dependency's service; this SLO's own service when unset. */
  service: Identifier.optional(),
  kind: z.enum(['hard', 'soft']).default('hard'),
});

/** Fields of an SLO that its builder (errorRate, latency, …) computes from the builder's own options. */
const BUILDER_COMPUTED = ['sli', 'objective', 'zeroTolerance', 'batch', 'percentile', 'source'] as const;

const SloFields = z.strictObject({
  id: Identifier,
  title: Title,
  description: Description,
  sli: Sli,
  /** Objective in every environment that has alerting, unless overridden below. */
  objective: ObjectivePercent.optional(),
  /** Per-environment overrides, keyed by environment name. */
  environments: z.record(z.string(), EnvironmentObjective).default({}),
  /** Caps the environment's alerting: 'ticket-only' never pages (e.g. client errors); 'none' never alerts. */
  alerting: SloAlerting.optional(),
  /** A 100% objective: any bad event breaches it and alerts at once (no budget, no burn rate). */
  zeroTolerance: z.boolean().default(false),
  /** What an SLI whose raw series are gone raises: a ticket by default, a page (where the environment pages), or nothing. */
  noData: z.enum(['ticket', 'page', 'off']).default('ticket'),
  /** Low-traffic guard: a burn-rate tier fires only when its long window saw at least this many events. */
  minEvents: z.number().int().positive().optional(),
  /**
   * Statistical low-traffic guard of ratio and latency SLIs, on by default: a tier fires only when its
   * long window's bad events are significantly more than the objective allows (at most
   * `falsePagesPerYear` false alerts a tier a year at exactly the budget's rate) and, in a window
   * younger than its length, spent the tier's share of the budget at the traffic seen. `false`: off.
   */
  lowTrafficGuard: z.union([z.literal(false), z.strictObject({ falsePagesPerYear: z.number().positive().max(1000).default(1) })]).optional(),
  /** SLOs this one needs (hard or soft): validate checks the objective against its hard dependencies. */
  dependsOn: z.array(Dependency).default([]),
  /** Extra labels on this SLO's alerts: on all, or on page or ticket alerts only (routing keys, team). */
  alertLabels: z
    .strictObject({
      all: z.record(LabelName, z.string()).default({}),
      page: z.record(LabelName, z.string()).default({}),
      ticket: z.record(LabelName, z.string()).default({}),
    })
    .default({ all: {}, page: {}, ticket: {} }),
  /** Extra annotations on this SLO's alerts, beside summary, description, runbook_url and dashboard_url. */
  alertAnnotations: z.record(LabelName, z.string()).default({}),
  /**
   * Whose names and labels the alerts carry. `sloforge` (the default): SLOBurnRate<long><short> per
   * tier, `severity` page or ticket. `sloth` (written by `import sloth`): what Sloth's rules carry,
   * so routes, silences and inhibitions written for them keep matching: every burn-rate tier named
   * `alertName`, the tier in `sloth_severity` (page or ticket) and in long_window/short_window, the
   * team's own `severity` (and any label) from alertLabels, and Sloth's `title` and `summary`
   * annotations, overridden per tier by `annotations`.
   */
  alertIdentity: z
    .discriminatedUnion('style', [
      z.strictObject({ style: z.literal('sloforge') }),
      z.strictObject({
        style: z.literal('sloth'),
        alertName: z.string().regex(METRIC_NAME_RE, 'is not a valid Prometheus alert name ([a-zA-Z_:][a-zA-Z0-9_:]*)'),
        annotations: z
          .strictObject({ page: z.record(LabelName, z.string()).default({}), ticket: z.record(LabelName, z.string()).default({}) })
          .default({ page: {}, ticket: {} }),
      }),
    ])
    .default({ style: 'sloforge' }),
  /** One SLO per value of these labels (route, tenant, region): rules keep them, alerts fire per group. */
  groupBy: z
    .array(LabelName)
    .max(CATALOG_LIMITS.groupByLabels, {
      error: (issue) => `${String((issue.input as unknown[]).length)} labels; at most ${CATALOG_LIMITS.groupByLabels}: each label multiplies the series`,
    })
    .default([]),
  /** Duration objective of a batch job running `runsPerDay` times a day: run-based alerts, not burn rates. */
  batch: z.strictObject({ runsPerDay: z.number().positive(), job: z.string().min(1).optional() }).optional(),
  /** Set by percentiles(): this SLO is percentile `value` (95 for p95) of the group `group` ("chat-latency"). */
  percentile: z.strictObject({ group: Identifier, title: z.string().min(1), value: z.number().gt(0).lt(100) }).optional(),
  /** Where the SLO was written (file:line), filled in by the catalog builders. */
  source: z.string().optional(),
});

/**
 * The options every SLO builder takes as they are (all fields but those it computes), derived from
 * the schema: a field added to the SLO is a builder option at once.
 */
export const SLO_COMMON_OPTIONS = Object.keys(SloFields.shape).filter((key) => !(BUILDER_COMPUTED as readonly string[]).includes(key)) as Array<
  Exclude<keyof z.input<typeof SloFields>, (typeof BUILDER_COMPUTED)[number]>
>;
/** The SLO fields a builder computes: not among its options. */
export type BuilderComputedField = (typeof BUILDER_COMPUTED)[number];

const Slo = SloFields.superRefine((slo, ctx) => {
  const objectives = [
    { path: ['objective'], value: slo.objective },
    ...Object.entries(slo.environments).map(([env, o]) => ({ path: ['environments', env, 'objective'], value: o.objective })),
  ];
  for (const { path, value } of objectives) {
    if (value !== undefined && value < OBJECTIVE_FLOOR_PERCENT && !slo.percentile) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `${value} reads as ${value}%: objectives are percentages (write 99 for 99%, not 0.99); below ${OBJECTIVE_FLOOR_PERCENT}% only a percentile target is accepted (percentiles({ targets: { p25: '…' } }))`,
      });
    }
    if (value === 100 && !slo.zeroTolerance) {
      ctx.addIssue({
        code: 'custom',
        path,
        message:
          'an objective of 100% leaves no error budget: burn rates would divide by zero. Use a lower objective, or zeroTolerance() for "no bad event ever"',
      });
    }
    if (value !== undefined && value !== 100 && slo.zeroTolerance) {
      ctx.addIssue({ code: 'custom', path, message: 'a zero-tolerance SLO has a 100% objective' });
    }
  }
  if (slo.zeroTolerance && !(slo.sli.kind === 'ratio' && slo.sli.bad)) {
    ctx.addIssue({ code: 'custom', path: ['zeroTolerance'], message: 'zero tolerance needs a ratio SLI with a counter of bad events' });
  }
  if (slo.batch && slo.sli.kind !== 'latency') {
    ctx.addIssue({ code: 'custom', path: ['batch'], message: 'batch objectives are duration objectives: the SLI must be a latency histogram' });
  }
  slo.groupBy.forEach((label, index) => {
    if (RESERVED_GROUP_LABELS.includes(label))
      ctx.addIssue({
        code: 'custom',
        path: ['groupBy', index],
        message: `"${label}" is a label sloforge sets on every series and alert; group by another label`,
      });
    if (slo.groupBy.indexOf(label) !== index) ctx.addIssue({ code: 'custom', path: ['groupBy', index], message: `"${label}" is listed twice` });
  });
  const written: readonly string[] = slo.alertIdentity.style === 'sloth' ? SLOTH_ALERT_LABEL_NAMES : [...ALERT_LABEL_NAMES, SLOTH_SEVERITY_LABEL];
  for (const [which, labels] of Object.entries(slo.alertLabels)) {
    for (const label of Object.keys(labels)) {
      if (written.includes(label))
        ctx.addIssue({
          code: 'custom',
          path: ['alertLabels', which, label],
          message: `"${label}" is set by sloforge on every alert (routing and dashboards read it)${label === TIER_LABELS.severity ? "; with alertIdentity sloth(…) the tier is in sloth_severity and severity is the team's" : ''}`,
        });
    }
  }
  for (const key of Object.keys(slo.alertAnnotations)) {
    if ((ALERT_ANNOTATION_NAMES as readonly string[]).includes(key))
      ctx.addIssue({ code: 'custom', path: ['alertAnnotations', key], message: `"${key}" is written by sloforge from the catalog` });
  }
  if (slo.sli.kind === 'raw' && (slo.zeroTolerance || slo.batch || slo.minEvents !== undefined || slo.groupBy.length > 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['sli'],
      message: 'a raw SLI alerts on burn rates of its error-ratio query: no zero tolerance, batch, low-traffic guard or groups',
    });
  }
  if (slo.sli.kind === 'composite' && (slo.zeroTolerance || slo.batch || slo.minEvents !== undefined || slo.groupBy.length > 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['sli'],
      message: 'a composite SLO alerts on burn rates of its components’ error ratios: no zero tolerance, batch, low-traffic guard or groups',
    });
  }
  if (slo.groupBy.length > 0 && (slo.zeroTolerance || slo.batch || slo.sli.kind === 'freshness')) {
    ctx.addIssue({
      code: 'custom',
      path: ['groupBy'],
      message: 'grouping applies to burn-rate SLOs (ratio, latency and probe SLIs), not to zero-tolerance, batch or freshness objectives',
    });
  }
  if (slo.alerting === 'none' && (slo.zeroTolerance || slo.batch || slo.sli.kind === 'freshness')) {
    ctx.addIssue({
      code: 'custom',
      path: ['alerting'],
      message:
        "alerting: 'none' applies to burn-rate SLOs: zero-tolerance, batch and freshness objectives exist to alert (set their environment's alerting to 'none' instead)",
    });
  }
  if (slo.lowTrafficGuard !== undefined && (slo.zeroTolerance || slo.batch || (slo.sli.kind !== 'ratio' && slo.sli.kind !== 'latency'))) {
    ctx.addIssue({
      code: 'custom',
      path: ['lowTrafficGuard'],
      message: 'the statistical low-traffic guard applies to burn-rate alerts of ratio and latency SLIs only (use minEvents for probes)',
    });
  }
  if (slo.minEvents !== undefined && (slo.zeroTolerance || slo.batch || slo.sli.kind === 'freshness')) {
    ctx.addIssue({ code: 'custom', path: ['minEvents'], message: 'the low-traffic guard applies to burn-rate alerts only' });
  }
  for (const [env, o] of Object.entries(slo.environments)) {
    const active = o.objective ?? slo.objective;
    if (o.future && active !== undefined && o.future.objective <= active) {
      ctx.addIssue({
        code: 'custom',
        path: ['environments', env, 'future', 'objective'],
        message: `the future objective (${o.future.objective}%) must be stricter than the active one (${active}%)`,
      });
    }
    if (o.future?.objective === 100) {
      ctx.addIssue({ code: 'custom', path: ['environments', env, 'future', 'objective'], message: 'a future objective of 100% leaves no error budget' });
    }
  }
});

const Alerting = z.enum(['page-and-ticket', 'ticket-only', 'none']);

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** A recurring planned-maintenance window, in UTC, during which the environment's alerts are muted. */
const MaintenanceWindow = z
  .strictObject({
    name: Identifier,
    weekdays: z.array(z.enum(WEEKDAYS)).min(1, 'name at least one weekday'),
    /** Start time of day, HH:MM in UTC. */
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (UTC)'),
    duration: Duration,
  })
  .superRefine((window, ctx) => {
    if (!isDuration(window.duration) || !/^\d\d:\d\d$/.test(window.start)) return;
    const [h, m] = window.start.split(':').map(Number);
    if (h * HOUR + m * MINUTE + parseDuration(window.duration) > DAY) {
      ctx.addIssue({ code: 'custom', path: ['duration'], message: 'a maintenance window must end by 24:00 UTC on its day (split it in two)' });
    }
    if (new Set(window.weekdays).size !== window.weekdays.length) ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'a weekday is listed twice' });
  });

const Environment = z.strictObject({
  name: Identifier,
  /** Default SLO period in this environment: rolling (30d) or calendar (calendar-week, calendar-month, calendar-quarter). */
  period: Period.optional(),
  /** Where calendar periods start: UTC or a fixed offset such as +01:00. */
  timeZone: TimeZone.default('UTC'),
  /** The error-budget policy `sloforge gate` applies before a release: percentages of the budget remaining. */
  budgetPolicy: z
    .strictObject({
      /** Below this share of the budget left (or once an objective is missed), a release is blocked. */
      blockBelow: z.number().min(0).max(100).default(0),
      /** Below this share, a release goes ahead with a warning. */
      warnBelow: z.number().min(0).max(100).default(25),
    })
    .refine((p) => p.warnBelow >= p.blockBelow, { message: 'warnBelow must be at least blockBelow', path: ['warnBelow'] })
    .default({ blockBelow: 0, warnBelow: 25 }),
  /** production pages and tickets, staging tickets only, development nothing. */
  alerting: Alerting,
  /** Extra matchers selecting this environment's series; default: <envLabel>="<name>". */
  matchers: z.array(Matcher).optional(),
  /** Planned maintenance: alerts are muted (Alertmanager time intervals) and the downtime is checked against the budget. */
  maintenance: z.array(MaintenanceWindow).default([]),
});

/** How a capacity target's load is measured. */
const CapacityLoad = z.discriminatedUnion('kind', [
  /** A gauge, summed over series (e.g. active sessions). */
  z.strictObject({ kind: z.literal('gauge'), selector: Selector }),
  /** A counter's per-second rate over 5m (e.g. requests per second). */
  z.strictObject({ kind: z.literal('rate'), selector: Selector }),
  /** A counter's increase over the last 24h (e.g. messages a day). */
  z.strictObject({ kind: z.literal('daily'), selector: Selector }),
]);

/**
 * A capacity objective: no error budget, a target load. A ceiling (the load the service
 * sustains) tickets when sustained load passes `headroom` of it; a floor (expected volume)
 * tickets when load falls under `floorShare` of it, a sign of a silent outage.
 */
const Capacity = z
  .strictObject({
    id: Identifier,
    title: Title,
    description: Description,
    kind: z.enum(['ceiling', 'floor']),
    load: CapacityLoad,
    target: z.number().positive().finite(),
    /** Unit for people and Grafana: "users", "req/s", "writes/s", "per day". */
    unit: z.string().min(1),
    /** Ceiling: ticket when load / target stays above this share. */
    headroom: z.number().gt(0).lte(1).default(0.8),
    /** Floor: ticket when load / target stays below this share. */
    floorShare: z.number().gt(0).lt(1).default(0.5),
    /** How long the condition must hold before the ticket. */
    for: Duration.default('15m'),
    source: z.string().optional(),
  })
  .superRefine((capacity, ctx) => {
    if (capacity.kind === 'floor' && capacity.load.kind === 'gauge') {
      ctx.addIssue({ code: 'custom', path: ['load'], message: 'an expected-volume floor counts events: use a rate or daily counter' });
    }
  });

/**
 * A CI regression gate (success criteria, "CI Regression Monitoring"): a figure compared between
 * a baseline run and the current one, failing when it grows by more than `maxIncrease`.
 */
const RegressionGate = z
  .strictObject({
    id: Identifier,
    title: z.string().min(1),
    /** Key of a plain metrics file ({"metrics": {"<key>": number | number[]}}). */
    metric: z.string().min(1).optional(),
    /** Regular expression over pytest-benchmark names (benchmarks[].name) this gate applies to. */
    benchmarks: z.string().min(1).optional(),
    /** The statistic compared: pytest-benchmark stats, p95 of the raw rounds, or the median of a metric's samples. */
    statistic: z.enum(['median', 'mean', 'min', 'max', 'p95']).default('median'),
    /** Allowed increase as a share: 0.2 fails above +20%. */
    maxIncrease: z.number().gt(0).finite(),
    /** Where the team keeps the baseline (documentation only): "previous run", "baseline file". */
    baseline: z.string().default('baseline file'),
  })
  .superRefine((gate, ctx) => {
    if (!gate.metric && !gate.benchmarks)
      ctx.addIssue({ code: 'custom', path: ['metric'], message: 'a regression gate needs a metric key, a benchmarks pattern, or both' });
    if (gate.benchmarks) {
      try {
        new RegExp(gate.benchmarks);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['benchmarks'], message: `is not a valid regular expression: ${(error as Error).message}` });
      }
    }
  });

/**
 * An Alertmanager receiver's notifier lists (webhook_configs, pagerduty_configs, slack_configs…) as
 * Alertmanager's configuration writes them; `amtool check-config` checks the fields. Secrets belong
 * in files (routing_key_file, api_url_file, url_file), not in the catalog.
 */
const AlertReceiver = z.record(z.string(), z.array(z.record(z.string(), z.unknown())).min(1)).superRefine((receiver, ctx) => {
  if (Object.keys(receiver).length === 0) ctx.addIssue({ code: 'custom', message: 'give at least one notifier list, such as webhook_configs' });
  for (const key of Object.keys(receiver)) {
    if (!/^[a-z0-9]+_configs$/.test(key))
      ctx.addIssue({ code: 'custom', path: [key], message: "must be one of Alertmanager's notifier lists, such as webhook_configs or pagerduty_configs" });
  }
});

const Service = z
  .strictObject({
    name: Identifier,
    title: z.string().max(CATALOG_LIMITS.title, tooLong(CATALOG_LIMITS.title)).default(''),
    owner: z.string().min(1, 'must name the owning team').max(CATALOG_LIMITS.title, tooLong(CATALOG_LIMITS.title)),
    runbookBaseUrl: HttpUrl,
    dashboardBaseUrl: HttpUrl,
    /** Matchers on every series of this service, e.g. job="kimberly". */
    matchers: z.array(Matcher).default([]),
    /** The label that carries the environment on the service's series. */
    envLabel: LabelName.default('env'),
    environments: z.array(Environment).min(1, 'declare at least one environment'),
    slos: z.array(Slo),
    /** Capacity (throughput) targets: recorded and ticketed, no error budget. */
    capacity: z.array(Capacity).default([]),
    /** CI regression gates for `sloforge bench-check`. */
    regressionGates: z.array(RegressionGate).default([]),
    /** A series that changes value, or appears (a new version label), on each deploy: dashboards mark deploys from it. */
    deployments: Selector.optional(),
    /** Where this service's pages and tickets go in the generated Alertmanager configuration (placeholders when absent). */
    receivers: z.strictObject({ page: AlertReceiver.optional(), ticket: AlertReceiver.optional() }).optional(),
    source: z.string().optional(),
  })
  .superRefine((service, ctx) => {
    const envNames = new Set<string>();
    service.environments.forEach((env, index) => {
      if (envNames.has(env.name))
        ctx.addIssue({ code: 'custom', path: ['environments', index, 'name'], message: `environment "${env.name}" is declared twice` });
      envNames.add(env.name);
    });
    const ids = new Set<string>();
    service.capacity.forEach((capacity, index) => {
      if (ids.has(capacity.id)) ctx.addIssue({ code: 'custom', path: ['capacity', index, 'id'], message: `id "${capacity.id}" is used twice` });
      ids.add(capacity.id);
    });
    service.slos.forEach((slo, index) => {
      if (ids.has(slo.id))
        ctx.addIssue({
          code: 'custom',
          path: ['slos', index, 'id'],
          message: `SLO id "${slo.id}" is used twice (ids are shared by SLOs and capacity targets)`,
        });
      ids.add(slo.id);
      slo.groupBy.forEach((label, g) => {
        if (label === service.envLabel)
          ctx.addIssue({
            code: 'custom',
            path: ['slos', index, 'groupBy', g],
            message: `"${label}" is the service's environment label: environments are already separate SLOs`,
          });
      });
      for (const env of Object.keys(slo.environments)) {
        if (!envNames.has(env)) {
          ctx.addIssue({
            code: 'custom',
            path: ['slos', index, 'environments', env],
            message: `unknown environment "${env}" (declared: ${[...envNames].join(', ')})`,
          });
        }
      }
      // An SLO with no objective anywhere would silently produce nothing (a misspelt "objective" does that).
      if (slo.objective === undefined && Object.values(slo.environments).every((o) => o.objective === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['slos', index, 'objective'],
          message: 'no objective: set "objective" on the SLO or in environments.<env>.objective, or the SLO generates nothing',
        });
      }
      for (const env of service.environments) {
        if (env.alerting === 'none') continue;
        const override = slo.environments[env.name];
        const objective = override?.objective ?? slo.objective;
        const period = override?.period ?? env.period;
        if (period !== undefined && isCalendar(period) && (slo.zeroTolerance || slo.batch || slo.sli.kind === 'freshness')) {
          ctx.addIssue({
            code: 'custom',
            path: ['slos', index, ...(override?.period ? ['environments', env.name, 'period'] : ['objective'])],
            message: `a ${period} period applies to burn-rate SLOs (ratio, latency and probe SLIs); zero-tolerance, batch and freshness objectives keep rolling periods (set one in environments.${env.name}.period)`,
          });
        }
        if (objective !== undefined && period === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['slos', index, 'environments', env.name, 'period'],
            message: `no period for environment "${env.name}": set one on the environment or the SLO`,
          });
        }
      }
    });
  });

/** Where the generated Grafana provisioning points. */
const GrafanaOptions = z.strictObject({
  /** The Prometheus URL Grafana queries; edit it here, not in the generated file. */
  prometheusUrl: HttpUrl.default('http://prometheus:9090'),
});

/** Where the rules run, besides the plain rule files: what `generate` also writes under generated/<kind>/. */
const KUBERNETES_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MaxRulesPerGroup = z.number().int().positive();
const Target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('prometheus') }),
  z.strictObject({
    kind: z.literal('prometheus-operator'),
    namespace: z.string().regex(KUBERNETES_NAME, 'must be a Kubernetes namespace name (lowercase letters, digits and dashes)').default('monitoring'),
    /** Labels on every PrometheusRule, e.g. the Prometheus resource's ruleSelector: { release: 'prometheus' }. */
    labels: z.record(LabelName, z.string()).default({}),
    /** One PrometheusRule per service (default) or per SLO instance. */
    per: z.enum(['service', 'slo']).default('service'),
  }),
  z.strictObject({ kind: z.literal('victoriametrics') }),
  z.strictObject({
    kind: z.literal('mimir'),
    /** The ruler namespace of a service's groups; sloforge-<service> by default. */
    namespacePrefix: z.string().regex(KUBERNETES_NAME).default('sloforge'),
    /** Grafana Cloud's Mimir allows 20 rules per group by default: longer groups are split. */
    maxRulesPerGroup: MaxRulesPerGroup.default(20),
  }),
  z.strictObject({
    kind: z.literal('thanos'),
    /** What a rule does when a store answers partly: abort (no result) or warn (evaluate what came back). */
    partialResponseStrategy: z.enum(['abort', 'warn']).default('abort'),
    maxRulesPerGroup: MaxRulesPerGroup.optional(),
  }),
]);

/** How many promtool scenarios generate writes: at 10,000 SLOs, full suites take hours to run. */
const TestDepth = z.enum(['full', 'smoke', 'none']);

/**
 * Rule files under alerts/: one per SLO instance (alerts/<service>/<env>/<slo>.rules.yml), or one per
 * service and environment (alerts/<service>/<env>.rules.yml, the same per-SLO groups inside): fewer
 * files at scale, without generated promtool tests (a test would evaluate the other SLOs' rules too).
 */
const RuleFileLayout = z.enum(['per-slo', 'per-service-env']);

export const Catalog = z.strictObject({
  services: z.array(Service).min(1, 'the catalog declares no service'),
  /** The rule engine: plain Prometheus rule files always, and a target's own format under generated/. */
  target: Target.default({ kind: 'prometheus' }),
  grafana: GrafanaOptions.default({ prometheusUrl: 'http://prometheus:9090' }),
  /** Generated promtool tests: every scenario (full), one detection test per SLO (smoke), or none. */
  tests: TestDepth.default('full'),
  ruleFiles: RuleFileLayout.default('per-slo'),
});

export type CatalogInput = z.input<typeof Catalog>;
export type CatalogSpec = z.output<typeof Catalog>;
export type ServiceInput = z.input<typeof Service>;
export type ServiceSpec = z.output<typeof Service>;
export type SloInput = z.input<typeof Slo>;
export type DependencyInput = z.input<typeof Dependency>;
export type SloSpec = z.output<typeof Slo>;
export type SliSpec = z.output<typeof Sli>;
export type SelectorInput = z.input<typeof Selector>;
export type SelectorSpec = z.output<typeof Selector>;
export type MatcherSpec = z.output<typeof Matcher>;
export type HistogramInput = z.input<typeof Histogram>;
export type EnvironmentInput = z.input<typeof Environment>;
export type AlertingPolicy = z.output<typeof Alerting>;
export type CapacityInput = z.input<typeof Capacity>;
export type CapacitySpec = z.output<typeof Capacity>;
export type MaintenanceWindowSpec = z.output<typeof MaintenanceWindow>;
export type RegressionGateSpec = z.output<typeof RegressionGate>;
export type TargetSpec = z.output<typeof Target>;
export type TargetKind = TargetSpec['kind'];
export type TestDepthSpec = z.output<typeof TestDepth>;
export type RuleFileLayoutSpec = z.output<typeof RuleFileLayout>;

/** A target of this kind with its default options (for `generate --target`). */
export function defaultTarget(kind: TargetKind): TargetSpec {
  return Target.parse({ kind });
}

/** Every field name the schemas know, for "did you mean" in errors about unknown fields. */
export const SCHEMA_FIELDS: ReadonlySet<string> = new Set(
  [
    Matcher,
    Selector,
    RatioSli,
    CompositeSli,
    RawSli,
    Histogram,
    LatencySli,
    ProbeSli,
    FreshnessSli,
    FutureObjective,
    EnvironmentObjective,
    Dependency,
    Slo,
    MaintenanceWindow,
    Environment,
    Capacity,
    RegressionGate,
    Service,
    Catalog,
  ].flatMap((schema) => Object.keys(schema.shape)),
);
export type AlertReceiverSpec = z.output<typeof AlertReceiver>;
