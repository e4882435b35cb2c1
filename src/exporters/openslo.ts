/**
 * The catalog as OpenSLO openslo/v1 documents: a Service per service; an SLO per SLO with its
 * indicator inline (ratioMetric of Prometheus counters, or thresholdMetric for probes and batch
 * freshness), its rolling or calendar timeWindow, Occurrences or Timeslices budgeting and its
 * objective; an AlertPolicy per SLO with its burn-rate AlertConditions. What OpenSLO has no field
 * for (environments, owners, runbooks, capacity targets, percentile groups…) travels in
 * `sloforge.dev/*` annotations, so that `sloforge import openslo` gives back the same catalog.
 */
import { stringify } from 'yaml';
import { Rational } from '../core/decimal.js';
import { parseDuration } from '../core/duration.js';
import { UserError } from '../core/errors.js';
import { OPENSLO_ANNOTATION } from '../core/openslo-annotations.js';
import { formatSelector } from '../core/promql.js';
import type { CatalogSpec, ServiceSpec, SloSpec } from '../catalog/schema.js';
import type { ResolvedCatalog } from '../model/types.js';

const API_VERSION = 'openslo/v1';

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

function timeWindow(period: string): Document {
  if (period === 'calendar-month') return { duration: '1M', isRolling: false };
  if (period === 'calendar-quarter') return { duration: '1Q', isRolling: false };
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
      // Each probe is a time slice: good when probe_success is 1.
      return {
        spec: { thresholdMetric: prometheusSource(formatSelector(sli.probe)) },
        budgetingMethod: 'Timeslices',
        objective: { op: 'gte', value: 1, timeSliceWindow: '1m' },
      };
    case 'freshness':
      return {
        spec: { thresholdMetric: prometheusSource(`time() - ${formatSelector(sli.lastSuccess)}`) },
        budgetingMethod: 'Timeslices',
        objective: { op: 'lte', value: parseDuration(sli.maxAge), timeSliceWindow: '1m' },
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
  const name = `${service.name}-${slo.id}`;
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
  });
  const plan = model.instances.find((p) => p.service.name === service.name && p.sloId === slo.id && p.env === env.name);
  const tiers = plan?.alertPolicy.kind === 'burn-rate' ? plan.alertPolicy.tiers : [];
  const policyName = `${name}-burn-rate`;
  const documents: Document[] = [
    {
      apiVersion: API_VERSION,
      kind: 'SLO',
      metadata: { name, displayName: slo.title, annotations: { [OPENSLO_ANNOTATION.slo]: JSON.stringify(extra) } },
      spec: {
        ...(slo.description ? { description: slo.description } : {}),
        service: service.name,
        indicator: { metadata: { name: `${name}-sli`, displayName: slo.title }, spec },
        timeWindow: [timeWindow(period)],
        budgetingMethod,
        objectives: [{ displayName: slo.title, ...objectiveFields, target: percentToTarget(objective ?? 100) }],
        ...(tiers.length ? { alertPolicies: [{ alertPolicyRef: policyName }] } : {}),
      },
    },
  ];
  if (tiers.length) {
    documents.push({
      apiVersion: API_VERSION,
      kind: 'AlertPolicy',
      metadata: { name: policyName, displayName: `${slo.title}: burn rate (${env.name})` },
      spec: {
        description: `The SRE Workbook's multi-window burn-rate tiers of ${slo.title} in ${env.name}`,
        alertWhenNoData: slo.noData !== 'off',
        alertWhenBreaching: true,
        alertWhenResolved: false,
        conditions: tiers.map((tier) => ({
          kind: 'AlertCondition',
          metadata: { name: `${name}-${tier.longWindow}-${tier.shortWindow}` },
          spec: {
            severity: tier.severity,
            condition: { kind: 'burnrate', op: 'gte', threshold: tier.factor.toNumber(), lookbackWindow: tier.longWindow, alertAfter: tier.shortWindow },
          },
        })),
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
    const serviceSettings = { ...settings, capacity: service.capacity.map((c) => omit(c, ['source'])) };
    documents.push({
      apiVersion: API_VERSION,
      kind: 'Service',
      metadata: {
        name,
        ...(title ? { displayName: title } : {}),
        annotations: {
          [OPENSLO_ANNOTATION.service]: JSON.stringify(serviceSettings),
          ...(index === 0 ? { [OPENSLO_ANNOTATION.catalog]: JSON.stringify({ target: catalog.target, grafana: catalog.grafana, tests: catalog.tests }) } : {}),
        },
      },
      spec: { description: title || name },
    });
    for (const slo of service.slos) documents.push(...sloDocuments(service, slo, model));
  });
  const header = '# OpenSLO openslo/v1, exported by `sloforge export openslo`. sloforge.dev/* annotations carry what OpenSLO has no field for.\n';
  return header + documents.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}
