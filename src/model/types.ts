/**
 * The resolved model: one SloPlan per SLO instance (service × SLO × environment with an SLA).
 * The plan owns every fact that more than one output needs; emitters and reports are views of it.
 */
import type { Rational } from '../core/decimal.js';
import type { AllowedBudget } from './budget.js';
import type { BurnRateTier, Severity } from './burn-rate.js';
import type { LowTrafficGuard } from './low-traffic-guard.js';
import type { AlertIdentity, IdentityLabels } from './conventions.js';
import type { CalendarPeriod } from './calendar.js';
import type { WindowTiling } from './window-tiles.js';
import type {
  AlertingPolicy,
  AlertReceiverSpec,
  CapacitySpec,
  MaintenanceWindowSpec,
  MatcherSpec,
  SelectorSpec,
  TargetSpec,
  TestDepthSpec,
  RuleFileLayoutSpec,
} from '../catalog/schema.js';

export type { MatcherSpec, SelectorSpec, MaintenanceWindowSpec };

export type ResolvedSli =
  | { kind: 'ratio'; total: SelectorSpec; bad?: SelectorSpec; good?: SelectorSpec }
  | {
      kind: 'latency';
      /** <metric>_count, the total events. */
      count: SelectorSpec;
      /** <metric>_bucket at the threshold bound, matching every spelling of it. */
      goodBucket: SelectorSpec;
      threshold: number;
      histogramMetric: string;
      buckets: number[];
    }
  | { kind: 'probe'; probe: SelectorSpec }
  | { kind: 'freshness'; lastSuccess: SelectorSpec; maxAge: string; maxAgeSeconds: number; failedRuns?: SelectorSpec; runsPerDay?: number }
  /** A journey: the components' error ratios per window, averaged by weight or the worst; no events of its own. */
  | { kind: 'composite'; mode: 'weighted' | 'worst'; components: CompositeComponent[] }
  /** An error-ratio query with {{.window}}: evaluated over each recorded window; no events of its own. */
  | { kind: 'raw'; errorRatioQuery: string };

/** A component of a composite SLO: the plan of that SLO in the same environment, and its weight. */
export interface CompositeComponent {
  service: string;
  slo: string;
  weight: number;
  plan: SloPlan;
}

export interface ServiceInfo {
  name: string;
  title: string;
  owner: string;
  runbookBaseUrl: string;
  dashboardBaseUrl: string;
  envLabel: string;
  /** The deploy marker series, scoped to the service (not to an environment). */
  deployments?: SelectorSpec;
}

export type EffectiveAlerting = Exclude<AlertingPolicy, 'none'>;

/** How an SLO instance alerts. */
export type AlertPolicy =
  /** SRE Workbook multi-window multi-burn-rate tiers, after the environment's paging policy; optionally a low-traffic guard. */
  | { kind: 'burn-rate'; tiers: BurnRateTier[]; minEvents?: number; guard?: LowTrafficGuard }
  /** 100% objective: any bad event alerts at once. */
  | { kind: 'zero-tolerance'; severity: Severity }
  /** A batch job's duration: a single slow run (when the budget allows less than one a period) or the period's budget spent. */
  | { kind: 'batch-duration'; job: string; mode: 'any-slow-run' | 'budget-exhausted'; severity: Severity; runsPerDay: number; runsPerPeriod: number }
  /** A batch job's freshness: a missed run (last success too old) and a failed run. */
  | { kind: 'freshness'; missedSeverity: Severity; failedSeverity: Severity };

interface FutureObjective {
  label: string;
  objective: Rational;
  errorBudget: Rational;
}

/** Windows of one plan, all derived from its burn-rate tiers and its period. */
interface PlanWindows {
  /** The shortest recorded event-rate window (5m): every other window is tiled from it or a longer one, or sums it. */
  base: string;
  /** Every window recorded as an error ratio, shortest first: the tiers' long and short windows, the base and the period. */
  recorded: string[];
  /** The window whose burn rate is reported as "current": the fastest tier's long window. */
  current: string;
  /** How each window longer than the base is tiled from a shorter one (absent: no whole divisor). */
  tilings: Record<string, WindowTiling>;
  /** Windows whose bad and total event rates are recorded (the base, and every tile source), shortest first. */
  eventRates: string[];
}

/** Typed references to the series a plan records: full selectors, label values escaped. */
export interface PlanSeries {
  badEventsRate5m: string;
  totalEventsRate5m: string;
  /** Bad or total events per second over a window of windows.eventRates. */
  eventsRate: (kind: 'bad' | 'total', window: string) => string;
  /** The error ratio over a recorded window; throws for a window the plan does not record. */
  errorRatio: (window: string) => string;
  objective: string;
  errorBudget: string;
  periodSeconds: string;
  sliOverPeriod: string;
  errorBudgetRemaining: string;
  currentBurnRate: string;
  objectiveFuture: string;
  errorBudgetRemainingFuture: string;
  burnRateThreshold: string;
  observedSeconds: string;
}

/** One SLO of a percentiles() group ("p50 < 500ms, p95 < 1s"), kept as data. */
interface PercentileMember {
  /** The group's id prefix and title, e.g. chat-latency, "Chat response". */
  group: string;
  groupTitle: string;
  /** 0.95 for p95. */
  percentile: Rational;
}

export interface SloPlan {
  service: ServiceInfo;
  sloId: string;
  title: string;
  description: string;
  /** file:line where the SLO was written. */
  source?: string;
  env: string;
  /** What the SLO's alerts may do here: 'none' when the SLO caps them off (its rules record; no alert fires). */
  alerting: AlertingPolicy;
  /** Good share, e.g. 0.99. The active objective: alerts follow it. */
  objective: Rational;
  /** 1 − objective. */
  errorBudget: Rational;
  /** A later, stricter target shown beside the active one (e.g. GA). */
  future?: FutureObjective;
  /** The rolling period (30d); for a calendar period, the nominal length its burn-rate tiers are scaled to. */
  period: string;
  periodSeconds: number;
  /** A calendar period: the SLI and remaining budget count from the start of the month (quarter) and reset there. */
  calendar?: CalendarPeriod;
  sli: ResolvedSli;
  /** True when the SLI measures time (probe, freshness): the budget is downtime. */
  timeBased: boolean;
  /** Allowed bad time (or the same share of events) per period, calendar month, week and day. */
  budget: AllowedBudget;
  /** The same for the future objective. */
  futureBudget?: AllowedBudget;
  windows: PlanWindows;
  alertPolicy: AlertPolicy;
  /** service, slo, env: the identity labels on every rule and alert. */
  labels: IdentityLabels;
  /** Extra alert labels (all alerts, page or ticket only) and annotations from the catalog. */
  alertLabels: { all: Record<string, string>; page: Record<string, string>; ticket: Record<string, string> };
  alertAnnotations: Record<string, string>;
  /** Whose names and labels the alerts carry: sloforge's, or Sloth's (an imported SLO keeps its routes). */
  alertIdentity: AlertIdentity;
  /** Labels whose values make groups (one SLO per route, tenant…): kept by every rule, on every alert. Empty: one SLO. */
  groupBy: string[];
  /** The identity selector {service,slo,env}, escaped. */
  selector: string;
  series: PlanSeries;
  /** Set when the SLO is one percentile of a group. */
  percentile?: PercentileMember;
  /** The raw series the SLI counts from (a selector): while none exists, the SLI is unknown, never good. */
  rawSeries: string;
  /** The data-missing alert's severity after the environment's paging policy, or off. */
  noData: Severity | 'off';
  /** What the SLO promises, for people: "p50 < 500ms", "< 1%" (bad events), "no bad event". */
  target: string;
  runbookUrl: string;
  dashboardUrl: string;
  /** Planned maintenance of the environment. */
  maintenance: MaintenanceWindowSpec[];
}

export interface CapacityInstance {
  service: ServiceInfo;
  id: string;
  title: string;
  description: string;
  source?: string;
  env: string;
  kind: CapacitySpec['kind'];
  load: CapacitySpec['load'];
  target: number;
  unit: string;
  headroom: number;
  floorShare: number;
  for: string;
  labels: IdentityLabels;
  runbookUrl: string;
  /** Opens the target's own panel (viewPanel): the SLO rows have no data for a capacity target. */
  dashboardUrl: string;
  /** The id of the target's panel on the service dashboard. */
  panelId: number;
}

export interface EnvironmentInfo {
  service: string;
  name: string;
  /** Matchers selecting the service's series in this environment (e.g. job="kimberly", env="staging"). */
  matchers: MatcherSpec[];
  alerting: AlertingPolicy;
  maintenance: MaintenanceWindowSpec[];
  /** `sloforge gate`: block below, warn below these percentages of the budget left. */
  budgetPolicy: { blockBelow: number; warnBelow: number };
}

export interface ResolvedCatalog {
  /** Catalog-wide options of the Grafana provisioning. */
  grafana: { prometheusUrl: string };
  /** The rule engine the deploy/ files are written for. */
  target: TargetSpec;
  /** How many promtool scenarios are generated: full, smoke (one detection test per SLO) or none. */
  tests: TestDepthSpec;
  ruleFiles: RuleFileLayoutSpec;
  instances: SloPlan[];
  capacities: CapacityInstance[];
  environments: EnvironmentInfo[];
  /** Each service's Alertmanager receivers for pages and tickets, where the catalog gives them. */
  receivers: Record<string, { page?: AlertReceiverSpec; ticket?: AlertReceiverSpec }>;
  /** Declared dependencies between SLOs, checked (they exist, no hard cycle). */
  dependencies: DependencyEdge[];
  /** Each objective with hard dependencies against their product (infeasible ones are refused). */
  feasibility: FeasibilityCheck[];
}

export type { AlertIdentity } from './conventions.js';

/** An SLO named across services. */
export interface SloRef {
  service: string;
  slo: string;
}

/** A declared dependency between two SLOs (model/dependencies.ts checks them). */
export interface DependencyEdge {
  from: SloRef;
  to: SloRef;
  kind: 'hard' | 'soft';
}

/** One objective against the product of its hard dependencies' (model/dependencies.ts). */
export interface FeasibilityCheck {
  service: string;
  slo: string;
  env: string;
  /** 'active', or the future objective's label (GA). */
  objectiveLabel: string;
  objective: Rational;
  /** The product of the hard dependencies' objectives in the same environment. */
  bound: Rational;
  dependencies: Array<SloRef & { objective: Rational }>;
  status: 'infeasible' | 'tight' | 'ok';
  /** Share of this objective's error budget that the dependencies' failures alone use. */
  budgetShare: number;
  message: string;
  source?: string;
}
