/** catalog spec → resolved model: environments expanded, selectors completed, one plan per SLO instance. Pure. */
import { DEFAULT_LOW_TRAFFIC_GUARD } from './low-traffic-guard.js';
import { CatalogError } from '../catalog/catalog-error.js';
import { displaySource } from '../catalog/source.js';
import { defaultTarget, type TargetKind, type TestDepthSpec, type RuleFileLayoutSpec } from '../catalog/schema.js';
import type {
  AlertingPolicy,
  CatalogSpec,
  CapacitySpec,
  EnvironmentInput,
  MatcherSpec,
  SelectorSpec,
  ServiceSpec,
  SloSpec,
  SliSpec,
} from '../catalog/schema.js';
import { boundRegex } from '../core/buckets.js';
import { ONE, Rational } from '../core/decimal.js';
import { parseDuration, toPromDuration } from '../core/duration.js';
import { formatDuration, formatPercent, formatPercentile } from '../core/format.js';
import { formatSelector } from '../core/promql.js';
import { DAY } from '../core/time.js';
import { allowedBudget } from './budget.js';
import { calendarPeriod } from './calendar.js';
import { assertFeasible, feasibilityChecks, resolveDependencies } from './dependencies.js';
import { burnRateTiers, currentBurnRateWindow, recordedWindows } from './burn-rate.js';
import { eventRateWindows, windowTilings } from './window-tiles.js';
import {
  BASE_WINDOW,
  capacityPanelId,
  dashboardUrl,
  identitySelector,
  OVERVIEW_DASHBOARD_UID,
  runbookUrl,
  SERIES,
  serviceDashboardUid,
  seriesRefsOf,
  type IdentityLabels,
} from './conventions.js';
import type {
  AlertPolicy,
  CapacityInstance,
  EffectiveAlerting,
  EnvironmentInfo,
  PlanSeries,
  ResolvedCatalog,
  ResolvedSli,
  ServiceInfo,
  SloPlan,
} from './types.js';

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

/** Two services (or a service and the overview) with one dashboard uid: Grafana would keep only one of the dashboards. */
/**
 * promtool evaluates every rule of a file a test loads: in a file shared by a service's SLOs, one
 * SLO's scenarios trip the alerts of the others (SLOs on one histogram, data-missing alerts), so
 * they cannot be tested there. Asked for together, that is an error, not tests silently dropped.
 */
function checkRuleFileLayout(ruleFiles: RuleFileLayoutSpec, tests: TestDepthSpec): void {
  if (ruleFiles === 'per-service-env' && tests !== 'none')
    throw new CatalogError([
      `field ruleFiles: 'per-service-env' rule files cannot carry generated promtool tests (tests: '${tests}'): promtool evaluates every rule of a file a test loads, so one SLO's scenarios would trip the alerts of the other SLOs in the file. Set tests: 'none' (generate --tests none), or keep ruleFiles: 'per-slo' (generate --tests smoke is the cheap way to test 10,000 SLOs)`,
    ]);
}

function checkDashboardUids(services: ServiceSpec[]): void {
  const owners = new Map<string, string>([[OVERVIEW_DASHBOARD_UID, 'the overview dashboard']]);
  const problems: string[] = [];
  for (const [index, service] of services.entries()) {
    const uid = serviceDashboardUid(service.name);
    const other = owners.get(uid);
    const where = service.source ? `${service.source}: ` : '';
    if (other)
      problems.push(
        `${where}service "${service.name}": field services[${index}].name: its dashboard uid "${uid}" is already that of ${other}; rename the service`,
      );
    else owners.set(uid, `service "${service.name}"`);
  }
  if (problems.length > 0) throw new CatalogError(problems);
}

function serviceInfo(service: ServiceSpec): ServiceInfo {
  return {
    name: service.name,
    title: service.title || service.name,
    owner: service.owner,
    runbookBaseUrl: service.runbookBaseUrl,
    dashboardBaseUrl: service.dashboardBaseUrl,
    envLabel: service.envLabel,
    ...(service.deployments ? { deployments: scoped(service.deployments, service.matchers) } : {}),
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

function rawSeriesSelector(sli: ResolvedSli): string {
  switch (sli.kind) {
    case 'ratio':
      return formatSelector(sli.total);
    case 'latency':
      return formatSelector(sli.count);
    case 'probe':
      return formatSelector(sli.probe);
    case 'freshness':
      return formatSelector(sli.lastSuccess);
    case 'composite':
    case 'raw':
      // No selector of its own: a composite's components raise their own data-missing alerts; a raw query is opaque.
      return '';
  }
}

function planSeries(labels: IdentityLabels, recorded: string[], eventRates: string[]): PlanSeries {
  // Rules and tests ask for the same windows' series again and again: each reference is written once per instance.
  const refOf = seriesRefsOf(labels);
  const refs = new Map<string, string>();
  const ref = (metric: string) => {
    let text = refs.get(metric);
    if (text === undefined) refs.set(metric, (text = refOf(metric)));
    return text;
  };
  return {
    badEventsRate5m: ref(SERIES.badEventsRate5m),
    totalEventsRate5m: ref(SERIES.totalEventsRate5m),
    eventsRate: (kind, window) => {
      if (!eventRates.includes(window))
        throw new Error(`${labels.slo} (${labels.env}) records no event rates over ${window} (recorded: ${eventRates.join(', ')})`);
      return ref(SERIES.eventsRate(kind, window));
    },
    errorRatio: (window: string) => {
      if (!recorded.includes(window)) throw new Error(`${labels.slo} (${labels.env}) records no error ratio over ${window} (recorded: ${recorded.join(', ')})`);
      return ref(SERIES.errorRatio(window));
    },
    objective: ref(SERIES.objective),
    errorBudget: ref(SERIES.errorBudget),
    periodSeconds: ref(SERIES.periodSeconds),
    sliOverPeriod: ref(SERIES.sliOverPeriod),
    errorBudgetRemaining: ref(SERIES.errorBudgetRemaining),
    currentBurnRate: ref(SERIES.currentBurnRate),
    objectiveFuture: ref(SERIES.objectiveFuture),
    errorBudgetRemainingFuture: ref(SERIES.errorBudgetRemainingFuture),
    burnRateThreshold: ref(SERIES.burnRateThreshold),
    observedSeconds: ref(SERIES.observedSeconds),
  };
}

/** What the SLO promises, in the words of the success criteria: "p50 < 500ms", "< 1%" (bad events), "no bad event". */
function targetText(sli: ResolvedSli, objective: Rational, errorBudget: Rational): string {
  if (errorBudget.isZero()) return 'no bad event';
  switch (sli.kind) {
    case 'latency':
      return `${formatPercentile(objective)} < ${formatDuration(sli.threshold)}`;
    case 'ratio':
      return `< ${formatPercent(errorBudget)}`;
    case 'probe':
      return `${formatPercent(objective)} of the time up`;
    case 'freshness':
      return `last success at most ${sli.maxAge} old ${formatPercent(objective)} of the time`;
    case 'raw':
      return `< ${formatPercent(errorBudget)}`;
    case 'composite':
      return `${formatPercent(objective)} of journeys succeed (${sli.mode === 'worst' ? 'the worst component' : 'components weighted'})`;
  }
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

/**
 * Each composite instance gets its components' plans in the same environment. A component must
 * exist there, alert on burn rates over the same rolling period (so that it records the same
 * windows), and be neither grouped nor composite itself.
 */
function linkComposites(services: ServiceSpec[], instances: SloPlan[]): void {
  const byKey = new Map(instances.map((i) => [`${i.service.name}/${i.sloId}/${i.env}`, i]));
  const problems: string[] = [];
  for (const service of services) {
    service.slos.forEach((slo, li) => {
      if (slo.sli.kind !== 'composite') return;
      const spec = slo.sli;
      for (const instance of instances.filter((i) => i.service.name === service.name && i.sloId === slo.id)) {
        if (instance.sli.kind !== 'composite') continue;
        const where = `${slo.source ? `${slo.source}: ` : ''}service "${service.name}", SLO "${slo.id}" (${instance.env})`;
        if (instance.calendar) problems.push(`${where}, field "period": a composite SLO keeps a rolling period (its components' windows)`);
        spec.components.forEach((c, ci) => {
          const field = `field "sli.components[${ci}]" (services[${services.indexOf(service)}].slos[${li}])`;
          const plan = byKey.get(`${c.service ?? service.name}/${c.slo}/${instance.env}`);
          const name = `${c.service ?? service.name} ${c.slo}`;
          if (!plan) return void problems.push(`${where}, ${field}: no SLO ${name} in ${instance.env}`);
          if (plan.sli.kind === 'composite' || plan.alertPolicy.kind !== 'burn-rate' || plan.groupBy.length > 0 || plan.calendar)
            return void problems.push(
              `${where}, ${field}: ${name} must be a burn-rate SLO without groups or a calendar period (not composite, zero-tolerance, batch or freshness)`,
            );
          if (plan.periodSeconds !== instance.periodSeconds)
            return void problems.push(`${where}, ${field}: ${name} has a ${plan.period} period, the journey ${instance.period}: they must match`);
          (instance.sli as Extract<ResolvedSli, { kind: 'composite' }>).components.push({
            service: plan.service.name,
            slo: plan.sloId,
            weight: c.weight,
            plan,
          });
        });
      }
    });
  }
  if (problems.length > 0) throw new CatalogError(problems);
}

function resolveCapacities(service: ServiceSpec): CapacityInstance[] {
  const info = serviceInfo(service);
  return service.capacity.flatMap((capacity: CapacitySpec, position: number) =>
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
      dashboardUrl: dashboardUrl(service.dashboardBaseUrl, { service: service.name, slo: capacity.id, env: env.name }, capacityPanelId(position)),
      panelId: capacityPanelId(position),
    })),
  );
}
