/** The SLO of the catalog schema, its objectives, alerting options and the rules that cross its fields. */
import { z } from 'zod';
import {
  ALERT_ANNOTATION_NAMES,
  ALERT_LABEL_NAMES,
  RESERVED_GROUP_LABELS,
  SLOTH_ALERT_LABEL_NAMES,
  SLOTH_SEVERITY_LABEL,
  TIER_LABELS,
} from '../../core/labels.js';
import { METRIC_NAME_RE } from '../../core/promql.js';
import { CATALOG_LIMITS, Description, Identifier, LabelName, OBJECTIVE_FLOOR_PERCENT, ObjectivePercent, Period, Title } from './primitives.js';
import { Sli } from './sli.js';

export const FutureObjective = z.strictObject({
  objective: ObjectivePercent,
  /** What the future target is called, e.g. "GA": one line, shown in tables and dashboards. */
  label: z
    .string()
    .min(1)
    .regex(/^[^\p{Cc}]+$/u, 'must be one line of text, without control characters'),
});

export const EnvironmentObjective = z.strictObject({
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
export const Dependency = z.strictObject({
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

export const Slo = SloFields.superRefine((slo, ctx) => {
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
