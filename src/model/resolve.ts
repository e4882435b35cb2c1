/** catalog spec → resolved model: environments expanded, selectors completed, tiers computed. Pure. */
import type { CatalogSpec, EnvironmentInput, MatcherSpec, SelectorSpec, ServiceSpec, SloSpec, SliSpec } from '../catalog/schema.js';
import { boundRegex } from './buckets.js';
import { burnRateTiers, WORKBOOK_TIERS } from './burn-rate.js';
import { ONE, Rational } from './decimal.js';
import { formatDuration, parseDuration } from './duration.js';
import { dashboardUrl, runbookUrl } from './names.js';
import type { ResolvedCatalog, ResolvedSli, ServiceInfo, SloInstance } from './types.js';

/** Error-ratio windows every SLO records, besides its period. */
export const RECORDED_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

export function resolveCatalog(catalog: CatalogSpec): ResolvedCatalog {
  return { instances: catalog.services.flatMap(resolveService) };
}

export function resolveService(service: ServiceSpec): SloInstance[] {
  const info: ServiceInfo = {
    name: service.name,
    title: service.title || service.name,
    owner: service.owner,
    runbookBaseUrl: service.runbookBaseUrl,
    dashboardBaseUrl: service.dashboardBaseUrl,
    envLabel: service.envLabel,
  };
  const instances: SloInstance[] = [];
  for (const slo of service.slos) {
    for (const env of service.environments) {
      const alerting = env.alerting;
      if (alerting === 'none') continue;
      const override = slo.environments[env.name] ?? {};
      const objectivePercent = override.objective ?? slo.objective;
      const period = override.period ?? env.period;
      if (objectivePercent === undefined || period === undefined) continue;
      instances.push(resolveInstance(service, info, slo, { ...env, alerting }, objectivePercent, period));
    }
  }
  return instances;
}

function resolveInstance(
  service: ServiceSpec,
  info: ServiceInfo,
  slo: SloSpec,
  env: EnvironmentInput & { alerting: 'page-and-ticket' | 'ticket-only' },
  objectivePercent: number,
  period: string,
): SloInstance {
  const objective = Rational.parse(objectivePercent).div(Rational.parse(100));
  const errorBudget = ONE.sub(objective);
  const periodSeconds = parseDuration(period);
  const scope: MatcherSpec[] = [...service.matchers, ...(env.matchers ?? [{ label: service.envLabel, op: '=', value: env.name }])];
  const windows = [...new Set([...RECORDED_WINDOWS, formatDuration(periodSeconds)])].sort((a, b) => parseDuration(a) - parseDuration(b));
  return {
    service: info,
    sloId: slo.id,
    title: slo.title,
    description: slo.description,
    source: slo.source,
    env: env.name,
    alerting: env.alerting,
    objective,
    errorBudget,
    period: formatDuration(periodSeconds),
    periodSeconds,
    sli: resolveSli(slo.sli, scope),
    windows,
    tiers: burnRateTiers(errorBudget, periodSeconds, env.alerting, WORKBOOK_TIERS),
    labels: { service: service.name, slo: slo.id, env: env.name },
    runbookUrl: runbookUrl(service.runbookBaseUrl, slo.id),
    dashboardUrl: dashboardUrl(service.dashboardBaseUrl, service.name, env.name, slo.id),
  };
}

function scoped(selector: SelectorSpec, scope: MatcherSpec[]): SelectorSpec {
  const own = new Set(selector.matchers.map((m) => `${m.label}${m.op}`));
  return { metric: selector.metric, matchers: [...scope.filter((m) => !own.has(`${m.label}${m.op}`)), ...selector.matchers] };
}

function resolveSli(sli: SliSpec, scope: MatcherSpec[]): ResolvedSli {
  if (sli.kind === 'ratio') {
    return {
      kind: 'ratio',
      total: scoped(sli.total, scope),
      ...(sli.bad ? { bad: scoped(sli.bad, scope) } : {}),
      ...(sli.good ? { good: scoped(sli.good, scope) } : {}),
    };
  }
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
