/** catalog spec → resolved model: environments expanded, selectors completed, alert policies chosen. Pure. */
import type { CatalogSpec, CapacitySpec, EnvironmentInput, MatcherSpec, SelectorSpec, ServiceSpec, SloSpec, SliSpec } from '../catalog/schema.js';
import { boundRegex } from './buckets.js';
import { burnRateTiers, WORKBOOK_TIERS } from './burn-rate.js';
import { ONE, Rational } from './decimal.js';
import { formatDuration, parseDuration } from './duration.js';
import { dashboardUrl, runbookUrl } from './names.js';
import type { AlertPolicy, CapacityInstance, EffectiveAlerting, EnvironmentInfo, ResolvedCatalog, ResolvedSli, ServiceInfo, SloInstance } from './types.js';

/** Error-ratio windows every SLO records, besides its period. */
export const RECORDED_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

export function resolveCatalog(catalog: CatalogSpec): ResolvedCatalog {
  return {
    instances: catalog.services.flatMap(resolveService),
    capacities: catalog.services.flatMap(resolveCapacities),
    environments: catalog.services.flatMap((service) =>
      service.environments.map((env): EnvironmentInfo => ({ service: service.name, name: env.name, matchers: envScope(service, env), alerting: env.alerting, maintenance: env.maintenance })),
    ),
  };
}

function serviceInfo(service: ServiceSpec): ServiceInfo {
  return {
    name: service.name,
    title: service.title || service.name,
    owner: service.owner,
    runbookBaseUrl: service.runbookBaseUrl,
    dashboardBaseUrl: service.dashboardBaseUrl,
    envLabel: service.envLabel,
  };
}

type AlertingEnvironment = ServiceSpec['environments'][number] & { alerting: EffectiveAlerting };

/** Environments with an SLA (alerting other than 'none'). */
function alertingEnvironments(service: ServiceSpec): AlertingEnvironment[] {
  return service.environments.filter((env): env is AlertingEnvironment => env.alerting !== 'none');
}

function envScope(service: ServiceSpec, env: EnvironmentInput): MatcherSpec[] {
  return [...service.matchers, ...(env.matchers ?? [{ label: service.envLabel, op: '=', value: env.name }])];
}

export function resolveService(service: ServiceSpec): SloInstance[] {
  const info = serviceInfo(service);
  const instances: SloInstance[] = [];
  for (const slo of service.slos) {
    for (const env of alertingEnvironments(service)) {
      const override = slo.environments[env.name] ?? {};
      const objectivePercent = override.objective ?? slo.objective;
      const period = override.period ?? env.period;
      if (objectivePercent === undefined || period === undefined) continue;
      instances.push(resolveInstance(service, info, slo, env, objectivePercent, period, override.future));
    }
  }
  return instances;
}

/** The stricter of the environment's policy and the SLO's cap. */
function effectiveAlerting(env: EffectiveAlerting, cap: EffectiveAlerting | undefined): EffectiveAlerting {
  return cap === 'ticket-only' ? 'ticket-only' : env;
}

function alertPolicy(slo: SloSpec, alerting: EffectiveAlerting, errorBudget: Rational, periodSeconds: number): AlertPolicy {
  const topSeverity = alerting === 'page-and-ticket' ? 'page' : 'ticket';
  if (slo.zeroTolerance) return { kind: 'zero-tolerance', severity: topSeverity };
  if (slo.sli.kind === 'freshness') return { kind: 'freshness', missedSeverity: topSeverity, failedSeverity: 'ticket' };
  if (slo.batch) {
    const runsPerPeriod = (slo.batch.runsPerDay * periodSeconds) / 86400;
    // When the budget allows less than one slow run a period, a single slow run already misses the objective.
    const mode = errorBudget.mul(Rational.parse(runsPerPeriod)).cmp(ONE) < 0 ? 'any-slow-run' : 'budget-exhausted';
    return { kind: 'batch-duration', mode, severity: 'ticket', runsPerDay: slo.batch.runsPerDay, runsPerPeriod };
  }
  return { kind: 'burn-rate', ...(slo.minEvents ? { minEvents: slo.minEvents } : {}) };
}

function resolveInstance(
  service: ServiceSpec,
  info: ServiceInfo,
  slo: SloSpec,
  env: AlertingEnvironment,
  objectivePercent: number,
  period: string,
  future: { objective: number; label: string } | undefined,
): SloInstance {
  const objective = Rational.parse(objectivePercent).div(Rational.parse(100));
  const errorBudget = ONE.sub(objective);
  const periodSeconds = parseDuration(period);
  const windows = [...new Set([...RECORDED_WINDOWS, formatDuration(periodSeconds)])].sort((a, b) => parseDuration(a) - parseDuration(b));
  const alerting = effectiveAlerting(env.alerting, slo.alerting);
  const policy = alertPolicy(slo, alerting, errorBudget, periodSeconds);
  const futureObjective = future ? Rational.parse(future.objective).div(Rational.parse(100)) : undefined;
  return {
    service: info,
    sloId: slo.id,
    title: slo.title,
    description: slo.description,
    source: slo.source,
    env: env.name,
    alerting,
    objective,
    errorBudget,
    ...(future && futureObjective ? { future: { label: future.label, objective: futureObjective, errorBudget: ONE.sub(futureObjective) } } : {}),
    period: formatDuration(periodSeconds),
    periodSeconds,
    sli: resolveSli(slo.sli, envScope(service, env)),
    timeBased: slo.sli.kind === 'probe' || slo.sli.kind === 'freshness',
    windows,
    alertPolicy: policy,
    tiers: policy.kind === 'burn-rate' ? burnRateTiers(errorBudget, periodSeconds, alerting, WORKBOOK_TIERS) : [],
    labels: { service: service.name, slo: slo.id, env: env.name },
    runbookUrl: runbookUrl(service.runbookBaseUrl, slo.id),
    dashboardUrl: dashboardUrl(service.dashboardBaseUrl, service.name, env.name, slo.id),
    maintenance: env.maintenance,
  };
}

/** Adds the service and environment matchers, unless the selector sets the same label and operator itself. */
function scoped(selector: SelectorSpec, scope: MatcherSpec[]): SelectorSpec {
  const own = new Set(selector.matchers.map((m) => `${m.label}${m.op}`));
  return { metric: selector.metric, matchers: [...scope.filter((m) => !own.has(`${m.label}${m.op}`)), ...selector.matchers] };
}

function resolveSli(sli: SliSpec, scope: MatcherSpec[]): ResolvedSli {
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
        goodBucket: scoped({ metric: `${base.metric}_bucket`, matchers: [...base.matchers, { label: 'le', op: '=~', value: boundRegex(sli.threshold) }] }, scope),
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
      };
  }
}

export function resolveCapacities(service: ServiceSpec): CapacityInstance[] {
  const info = serviceInfo(service);
  return service.capacity.flatMap((capacity: CapacitySpec) =>
    alertingEnvironments(service).map((env) => ({
      service: info,
      id: capacity.id,
      title: capacity.title,
      description: capacity.description,
      source: capacity.source,
      env: env.name,
      kind: capacity.kind,
      load: { ...capacity.load, selector: scoped(capacity.load.selector, envScope(service, env)) },
      target: capacity.target,
      unit: capacity.unit,
      headroom: capacity.headroom,
      floorShare: capacity.floorShare,
      for: capacity.for,
      labels: { service: service.name, slo: capacity.id, env: env.name },
      runbookUrl: runbookUrl(service.runbookBaseUrl, capacity.id),
      dashboardUrl: dashboardUrl(service.dashboardBaseUrl, service.name, env.name, capacity.id),
    })),
  );
}
