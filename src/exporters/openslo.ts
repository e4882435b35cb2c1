/**
 * The catalog as OpenSLO openslo/v1 documents, valid as the v1 spec states them: a Service per
 * service; an SLO per SLO with its indicator inline (ratioMetric of Prometheus counters, or
 * thresholdMetric for probes and batch freshness), its rolling or calendar timeWindow, Occurrences
 * or Timeslices budgeting (with a timeSliceTarget) and its objective (a target below 1: zero
 * tolerance is the largest double below 1, and the annotation restores 100%); an AlertPolicy per
 * burn-rate tier, each with its one AlertCondition (the spec allows one) and a notification target
 * per severity. Names are DNS labels of at most 63 characters, display names at most 63 and
 * descriptions at most 1,050 (longer ones are cut, and the annotation keeps them whole). What
 * OpenSLO has no field for (environments, owners, runbooks, capacity targets, percentile groups…)
 * travels in `sloforge.dev/*` annotations, so that `sloforge import openslo` gives back the same catalog.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { Rational } from '../core/decimal.js';
import { parseDuration } from '../core/duration.js';
import { UserError } from '../core/errors.js';
import { OPENSLO_ANNOTATION } from '../core/openslo-annotations.js';
import { formatSelector } from '../core/promql.js';
import type { CatalogSpec, ServiceSpec, SloSpec } from '../catalog/schema.js';
import type { ResolvedCatalog } from '../model/types.js';

const API_VERSION = 'openslo/v1';

/** OpenSLO v1's limits: RFC 1123 names and display names of at most 63 characters, descriptions of at most 1,050. */
const MAX_NAME = 63;
const MAX_DISPLAY_NAME = 63;
const MAX_DESCRIPTION = 1050;
/** The largest target below 1 (OpenSLO's target is in [0, 1)): 1 − 2⁻⁵³. */
const LARGEST_TARGET = 1 - 2 ** -53;

/** A DNS label of at most 63 characters: longer names are cut and end in six hex digits of their SHA-256. */
function dnsName(name: string): string {
  if (name.length <= MAX_NAME) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 6);
  return `${name.slice(0, MAX_NAME - 7).replace(/-+$/, '')}-${hash}`;
}

/** Text cut to a limit, ending in an ellipsis when cut. */
const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The AlertNotificationTarget of each severity: Alertmanager routes on the severity label. */
const notificationTarget = (severity: string) => `sloforge-${severity}`;

type Document = Record<string, unknown>;

const prometheusSource = (query: string) => ({ metricSource: { type: 'Prometheus', spec: { query } } });
const percentToTarget = (percent: number) => Number(Rational.parse(percent).div(Rational.parse(100)).toDecimal(17));

function omit<T extends object>(value: T, keys: string[]): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key))) as Partial<T>;
}

/** Drops undefined values and empty defaults, so that the annotations hold only what was set. */
function compact(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) =>
        v !== undefined && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0),
    ),
  );
}

/** The environment an SLO's native OpenSLO fields describe: the first that pages, else the last with alerting. */
function primaryEnvironment(service: ServiceSpec) {
  const withSla = service.environments.filter((e) => e.alerting !== 'none');
  return withSla.find((e) => e.alerting === 'page-and-ticket') ?? withSla.at(-1) ?? service.environments[0];
}

/** A calendar window starts at a period boundary (any past one: a month or quarter start at midnight). */
const CALENDAR_START = '2020-01-01 00:00:00';

/**
 * An IANA name for the environment's zone: UTC, or a whole-hour offset as Etc/GMT∓h (POSIX signs:
 * +01:00 is Etc/GMT-1). Other offsets have no IANA name and are written as they are; the service's
 * annotation carries the zone exactly either way.
 */
function ianaZone(zone: string): string {
  const whole = /^([+-])(\d\d):00$/.exec(zone);
  if (zone === 'UTC' || !whole) return zone;
  const hours = Number(whole[2]);
  return hours === 0 ? 'UTC' : `Etc/GMT${whole[1] === '+' ? '-' : '+'}${hours}`;
}

function timeWindow(period: string, timeZone: string): Document {
  const calendar = { startTime: CALENDAR_START, timeZone: ianaZone(timeZone) };
  if (period === 'calendar-week') return { duration: '1w', isRolling: false, calendar };
  if (period === 'calendar-month') return { duration: '1M', isRolling: false, calendar };
  if (period === 'calendar-quarter') return { duration: '1Q', isRolling: false, calendar };
  return { duration: period, isRolling: true };
}

function indicator(slo: SloSpec, where: string): { spec: Document; budgetingMethod: string; objective: Document } {
  const sli = slo.sli;
  switch (sli.kind) {
    case 'ratio':
      return {
        spec: {
          ratioMetric: {
            counter: true,
            ...(sli.good ? { good: prometheusSource(formatSelector(sli.good)) } : { bad: prometheusSource(formatSelector(sli.bad!)) }),
            total: prometheusSource(formatSelector(sli.total)),
          },
        },
        budgetingMethod: 'Occurrences',
        objective: {},
      };
    case 'latency': {
      const { metric, matchers } = sli.histogram;
      const le = { label: 'le', op: '=' as const, value: String(sli.threshold) };
      return {
        spec: {
          ratioMetric: {
            counter: true,
            good: prometheusSource(formatSelector({ metric: `${metric}_bucket`, matchers: [...matchers, le] })),
            total: prometheusSource(formatSelector({ metric: `${metric}_count`, matchers })),
          },
        },
        budgetingMethod: 'Occurrences',
        objective: {},
      };
    }
    case 'probe':
      // Each probe is a time slice: good when probe_success is 1 (every sample of the slice good).
      return {
        spec: { thresholdMetric: prometheusSource(formatSelector(sli.probe)) },
        budgetingMethod: 'Timeslices',
        objective: { op: 'gte', value: 1, timeSliceTarget: 1, timeSliceWindow: '1m' },
      };
    case 'freshness':
      return {
        spec: { thresholdMetric: prometheusSource(`time() - ${formatSelector(sli.lastSuccess)}`) },
        budgetingMethod: 'Timeslices',
        objective: { op: 'lte', value: parseDuration(sli.maxAge), timeSliceTarget: 1, timeSliceWindow: '1m' },
      };
    case 'raw':
      return {
        spec: { ratioMetric: { counter: false, rawType: 'failure', raw: prometheusSource(sli.errorRatioQuery) } },
        budgetingMethod: 'Occurrences',
        objective: {},
      };
    case 'composite':
      throw new UserError(`${where}: field "sli": a composite SLO has no openslo/v1 form (OpenSLO v1 has no composite SLOs); leave it out of the export`);
  }
}

function sloDocuments(service: ServiceSpec, slo: SloSpec, model: ResolvedCatalog): Document[] {
  const where = `service "${service.name}", SLO "${slo.id}"`;
  const env = primaryEnvironment(service);
  const override = slo.environments[env.name];
  const objective = override?.objective ?? slo.objective ?? Object.values(slo.environments).find((o) => o.objective !== undefined)?.objective;
  const period = override?.period ?? env.period ?? '30d';
  const { spec, budgetingMethod, objective: objectiveFields } = indicator(slo, where);
  const name = dnsName(`${service.name}-${slo.id}`);
  // What OpenSLO cannot say; only what differs from the defaults.
  const extra = compact({
    id: slo.id,
    objectiveUnset: slo.objective === undefined ? true : undefined,
    environments: slo.environments,
    alerting: slo.alerting,
    zeroTolerance: slo.zeroTolerance || undefined,
    noData: slo.noData === 'ticket' ? undefined : slo.noData,
    minEvents: slo.minEvents,
    dependsOn: slo.dependsOn,
    alertLabels: compact(slo.alertLabels),
    alertAnnotations: slo.alertAnnotations,
    groupBy: slo.groupBy,
    batch: slo.batch,
    percentile: slo.percentile,
    histogramBuckets: slo.sli.kind === 'latency' ? slo.sli.histogram.buckets : undefined,
    failedRuns: slo.sli.kind === 'freshness' && slo.sli.failedRuns ? formatSelector(slo.sli.failedRuns) : undefined,
    runsPerDay: slo.sli.kind === 'freshness' ? slo.sli.runsPerDay : undefined,
    // What OpenSLO's limits cut, whole.
    title: slo.title.length > MAX_DISPLAY_NAME ? slo.title : undefined,
    description: slo.description.length > MAX_DESCRIPTION ? slo.description : undefined,
    objective: objective === 100 ? 100 : undefined,
  });
  const plan = model.instances.find((p) => p.service.name === service.name && p.sloId === slo.id && p.env === env.name);
  const tiers = plan?.alertPolicy.kind === 'burn-rate' ? plan.alertPolicy.tiers : [];
  const displayName = cut(slo.title, MAX_DISPLAY_NAME);
  const target = objective === undefined || objective >= 100 ? LARGEST_TARGET : percentToTarget(objective);
  // One policy per tier: an OpenSLO AlertPolicy holds at most one condition.
  const policies = tiers.map((tier) => ({ tier, name: dnsName(`${name}-${tier.longWindow}-${tier.shortWindow}`) }));
  const documents: Document[] = [
    {
      apiVersion: API_VERSION,
      kind: 'SLO',
      metadata: { name, displayName, annotations: { [OPENSLO_ANNOTATION.slo]: JSON.stringify(extra) } },
      spec: {
        ...(slo.description ? { description: cut(slo.description, MAX_DESCRIPTION) } : {}),
        service: service.name,
        indicator: { metadata: { name: dnsName(`${name}-sli`), displayName }, spec },
        timeWindow: [timeWindow(period, env.timeZone)],
        budgetingMethod,
        objectives: [{ displayName, ...objectiveFields, target }],
        ...(policies.length ? { alertPolicies: policies.map((p) => ({ alertPolicyRef: p.name })) } : {}),
      },
    },
  ];
  for (const { tier, name: policyName } of policies) {
    documents.push({
      apiVersion: API_VERSION,
      kind: 'AlertPolicy',
      metadata: { name: policyName, displayName: cut(`${slo.title}: ${tier.longWindow}/${tier.shortWindow} burn`, MAX_DISPLAY_NAME) },
      spec: {
        description: cut(`The SRE Workbook's ${tier.longWindow}/${tier.shortWindow} burn-rate tier of ${slo.title} in ${env.name}`, MAX_DESCRIPTION),
        alertWhenNoData: slo.noData !== 'off',
        alertWhenBreaching: true,
        alertWhenResolved: false,
        conditions: [
          {
            kind: 'AlertCondition',
            metadata: { name: policyName },
            spec: {
              severity: tier.severity,
              condition: { kind: 'burnrate', op: 'gte', threshold: tier.factor.toNumber(), lookbackWindow: tier.longWindow, alertAfter: tier.shortWindow },
            },
          },
        ],
        notificationTargets: [{ targetRef: notificationTarget(tier.severity) }],
      },
    });
  }
  return documents;
}

/** Every document of the catalog, as one multi-document YAML file. */
export function exportOpenSlo(catalog: CatalogSpec, model: ResolvedCatalog): string {
  const documents: Document[] = [];
  catalog.services.forEach((service, index) => {
    const { name, title } = service;
    const settings = omit(service, ['slos', 'name', 'title', 'source']);
    const serviceSettings = {
      ...settings,
      capacity: service.capacity.map((c) => omit(c, ['source'])),
      ...(title.length > MAX_DISPLAY_NAME ? { title } : {}),
    };
    documents.push({
      apiVersion: API_VERSION,
      kind: 'Service',
      metadata: {
        name,
        ...(title ? { displayName: cut(title, MAX_DISPLAY_NAME) } : {}),
        annotations: {
          [OPENSLO_ANNOTATION.service]: JSON.stringify(serviceSettings),
          ...(index === 0 ? { [OPENSLO_ANNOTATION.catalog]: JSON.stringify({ target: catalog.target, grafana: catalog.grafana, tests: catalog.tests }) } : {}),
        },
      },
      spec: { description: cut(title || name, MAX_DESCRIPTION) },
    });
    for (const slo of service.slos) documents.push(...sloDocuments(service, slo, model));
  });
  const severities = new Set(
    documents.filter((d) => d.kind === 'AlertPolicy').map((d) => ((d.spec as Document).notificationTargets as Array<{ targetRef: string }>)[0].targetRef),
  );
  for (const severity of ['page', 'ticket']) {
    if (!severities.has(notificationTarget(severity))) continue;
    documents.push({
      apiVersion: API_VERSION,
      kind: 'AlertNotificationTarget',
      metadata: { name: notificationTarget(severity) },
      spec: { target: 'alertmanager', description: `Alertmanager: sloforge's alerts carry severity="${severity}", and the generated routing sends them on` },
    });
  }
  const header = '# OpenSLO openslo/v1, exported by `sloforge export openslo`. sloforge.dev/* annotations carry what OpenSLO has no field for.\n';
  return header + documents.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}
