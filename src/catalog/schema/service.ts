/** Services and their environments, maintenance windows, capacity targets and receivers in the catalog schema. */
import { z } from 'zod';
import { isDuration, parseDuration } from '../../core/duration.js';
import { DAY, HOUR, MINUTE } from '../../core/time.js';
import {
  CATALOG_LIMITS,
  Description,
  Duration,
  HttpUrl,
  Identifier,
  LabelName,
  Matcher,
  Period,
  Selector,
  TimeZone,
  Title,
  isCalendar,
  tooLong,
} from './primitives.js';
import { RegressionGate } from './regression-gate.js';
import { Slo } from './slo.js';

export const Alerting = z.enum(['page-and-ticket', 'ticket-only', 'none']);

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** A recurring planned-maintenance window, in UTC, during which the environment's alerts are muted. */
export const MaintenanceWindow = z
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

export const Environment = z.strictObject({
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
export const Capacity = z
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
 * An Alertmanager receiver's notifier lists (webhook_configs, pagerduty_configs, slack_configs…) as
 * Alertmanager's configuration writes them; `amtool check-config` checks the fields. Secrets belong
 * in files (routing_key_file, api_url_file, url_file), not in the catalog.
 */
export const AlertReceiver = z.record(z.string(), z.array(z.record(z.string(), z.unknown())).min(1)).superRefine((receiver, ctx) => {
  if (Object.keys(receiver).length === 0) ctx.addIssue({ code: 'custom', message: 'give at least one notifier list, such as webhook_configs' });
  for (const key of Object.keys(receiver)) {
    if (!/^[a-z0-9]+_configs$/.test(key))
      ctx.addIssue({ code: 'custom', path: [key], message: "must be one of Alertmanager's notifier lists, such as webhook_configs or pagerduty_configs" });
  }
});

export const Service = z
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
