/** catalog spec → resolved model: environments expanded, selectors completed, one plan per SLO instance. Pure. */
import { DEFAULT_LOW_TRAFFIC_GUARD } from './low-traffic-guard.js';
import { displaySource } from '../catalog/source.js';
import { defaultTarget, type TargetKind, type TestDepthSpec, type RuleFileLayoutSpec } from '../catalog/schema.js';
import { type AlertingPolicy, type CatalogSpec, type ServiceSpec, type SloSpec } from '../catalog/schema.js';
import { ONE, Rational } from '../core/decimal.js';
import { parseDuration, toPromDuration } from '../core/duration.js';
import { DAY } from '../core/time.js';
import { allowedBudget } from './budget.js';
import { calendarPeriod } from './calendar.js';
import { assertFeasible, feasibilityChecks, resolveDependencies } from './dependencies.js';
import { burnRateTiers, currentBurnRateWindow, recordedWindows } from './burn-rate.js';
import { eventRateWindows, windowTilings } from './window-tiles.js';
import { BASE_WINDOW, dashboardUrl, identitySelector, runbookUrl, type IdentityLabels } from './conventions.js';
import { type AlertPolicy, type EffectiveAlerting, type EnvironmentInfo, type ResolvedCatalog, type ServiceInfo, type SloPlan } from './types.js';
import { resolveCapacities } from './resolve/capacity.js';
import { checkDashboardUids, checkRuleFileLayout } from './resolve/checks.js';
import { linkComposites } from './resolve/composites.js';
import { planSeries, rawSeriesSelector, targetText } from './resolve/series.js';
import { type AlertingEnvironment, alertingEnvironments, envScope, serviceInfo } from './resolve/service.js';
import { resolveSli } from './resolve/sli.js';

export interface ResolveOptions {
  /** Catalog source lines are written relative to this folder (the output root): the same bytes from any working directory. */
  sourceRoot?: string;
  /** `generate --target`: this kind instead of the catalog's (with the catalog's options if it names the same kind). */
  target?: TargetKind;
  /** `generate --tests`: this depth of generated promtool tests instead of the catalog's. */
  tests?: TestDepthSpec;
  /** `generate --rule-files`: this layout of rule files instead of the catalog's. */
  ruleFiles?: RuleFileLayoutSpec;
}

export function resolveCatalog(catalog: CatalogSpec, options: ResolveOptions = {}): ResolvedCatalog {
  const relative = (source: string | undefined) => (source ? displaySource(source, options.sourceRoot) : undefined);
  const services = catalog.services.map((service) => ({
    ...service,
    slos: service.slos.map((slo) => ({ ...slo, source: relative(slo.source) })),
    capacity: service.capacity.map((capacity) => ({ ...capacity, source: relative(capacity.source) })),
  }));
  checkDashboardUids(services);
  checkRuleFileLayout(options.ruleFiles ?? catalog.ruleFiles, options.tests ?? catalog.tests);
  const instances = services.flatMap(resolveService);
  linkComposites(services, instances);
  const dependencies = resolveDependencies(services);
  const sources = new Map(services.flatMap((s) => s.slos.map((slo) => [`${s.name}/${slo.id}`, slo.source] as const)));
  const feasibility = feasibilityChecks(instances, dependencies, sources);
  assertFeasible(feasibility);
  return {
    grafana: catalog.grafana,
    target: options.target && options.target !== catalog.target.kind ? defaultTarget(options.target) : catalog.target,
    tests: options.tests ?? catalog.tests,
    ruleFiles: options.ruleFiles ?? catalog.ruleFiles,
    instances,
    dependencies,
    feasibility,
    capacities: services.flatMap(resolveCapacities),
    receivers: Object.fromEntries(services.filter((s) => s.receivers).map((s) => [s.name, { ...s.receivers }])),
    environments: services.flatMap((service) =>
      service.environments.map((env): EnvironmentInfo => ({
        service: service.name,
        name: env.name,
        matchers: envScope(service, env),
        alerting: env.alerting,
        maintenance: env.maintenance,
        budgetPolicy: env.budgetPolicy,
      })),
    ),
  };
}

function resolveService(service: ServiceSpec): SloPlan[] {
  const info = serviceInfo(service);
  const instances: SloPlan[] = [];
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
function effectiveAlerting(env: EffectiveAlerting, cap: AlertingPolicy | undefined): AlertingPolicy {
  return cap === 'none' || cap === 'ticket-only' ? cap : env;
}

function alertPolicy(slo: SloSpec, alerting: AlertingPolicy, errorBudget: Rational, periodSeconds: number): AlertPolicy {
  const topSeverity = alerting === 'page-and-ticket' ? 'page' : 'ticket';
  if (slo.zeroTolerance) return { kind: 'zero-tolerance', severity: topSeverity };
  if (slo.sli.kind === 'freshness') return { kind: 'freshness', missedSeverity: topSeverity, failedSeverity: 'ticket' };
  if (slo.batch) {
    const runsPerPeriod = (slo.batch.runsPerDay * periodSeconds) / DAY;
    // When the budget allows less than one slow run a period, a single slow run already misses the objective.
    const mode = errorBudget.mul(Rational.parse(runsPerPeriod)).cmp(ONE) < 0 ? 'any-slow-run' : 'budget-exhausted';
    return { kind: 'batch-duration', job: slo.batch.job ?? slo.title, mode, severity: 'ticket', runsPerDay: slo.batch.runsPerDay, runsPerPeriod };
  }
  const { lowTrafficGuard } = slo;
  const guarded = (slo.sli.kind === 'ratio' || slo.sli.kind === 'latency') && lowTrafficGuard !== false;
  return {
    kind: 'burn-rate',
    tiers: burnRateTiers(errorBudget, periodSeconds, alerting),
    ...(slo.minEvents ? { minEvents: slo.minEvents } : {}),
    ...(guarded ? { guard: { falsePagesPerYear: (lowTrafficGuard || undefined)?.falsePagesPerYear ?? DEFAULT_LOW_TRAFFIC_GUARD.falsePagesPerYear } } : {}),
  };
}

function resolveInstance(
  service: ServiceSpec,
  info: ServiceInfo,
  slo: SloSpec,
  env: AlertingEnvironment,
  objectivePercent: number,
  period: string,
  future: { objective: number; label: string } | undefined,
): SloPlan {
  const objective = Rational.parse(objectivePercent).div(Rational.parse(100));
  const errorBudget = ONE.sub(objective);
  const calendar = calendarPeriod(period, env.timeZone);
  const periodSeconds = calendar ? calendar.nominalSeconds : parseDuration(period);
  const recorded = recordedWindows(periodSeconds);
  const current = currentBurnRateWindow(periodSeconds);
  // Counters tile exactly. Probes and freshness count samples, and a Prometheus 2 range holds both its ends:
  // adjacent tiles would count the sample on their shared edge twice. They keep summing every 5m rate.
  const tilings = slo.sli.kind === 'freshness' || slo.sli.kind === 'probe' ? {} : windowTilings(recorded, BASE_WINDOW);
  const eventRates = eventRateWindows(BASE_WINDOW, tilings);
  const alerting = effectiveAlerting(env.alerting, slo.alerting);
  const policy = alertPolicy(slo, alerting, errorBudget, periodSeconds);
  const futureObjective = future ? Rational.parse(future.objective).div(Rational.parse(100)) : undefined;
  const labels: IdentityLabels = { service: service.name, slo: slo.id, env: env.name };
  const sli = resolveSli(slo.sli, envScope(service, env));
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
    period: toPromDuration(periodSeconds),
    periodSeconds,
    ...(calendar ? { calendar } : {}),
    budget: allowedBudget(objective, periodSeconds),
    ...(futureObjective ? { futureBudget: allowedBudget(futureObjective, periodSeconds) } : {}),
    sli,
    timeBased: slo.sli.kind === 'probe' || slo.sli.kind === 'freshness',
    windows: { base: BASE_WINDOW, recorded, current, tilings, eventRates },
    alertPolicy: policy,
    labels,
    groupBy: slo.groupBy,
    alertLabels: slo.alertLabels,
    alertAnnotations: slo.alertAnnotations,
    alertIdentity: slo.alertIdentity,
    selector: identitySelector(labels),
    series: planSeries(labels, recorded, eventRates),
    ...(slo.percentile
      ? {
          percentile: {
            group: slo.percentile.group,
            groupTitle: slo.percentile.title,
            percentile: Rational.parse(slo.percentile.value).div(Rational.parse(100)),
          },
        }
      : {}),
    target: targetText(sli, objective, errorBudget),
    rawSeries: rawSeriesSelector(sli),
    noData:
      sli.kind === 'composite' || sli.kind === 'raw' || alerting === 'none'
        ? 'off'
        : slo.noData === 'page' && alerting !== 'page-and-ticket'
          ? 'ticket'
          : slo.noData,
    runbookUrl: runbookUrl(service.runbookBaseUrl, slo.id),
    dashboardUrl: dashboardUrl(service.dashboardBaseUrl, labels),
    maintenance: env.maintenance,
  };
}
