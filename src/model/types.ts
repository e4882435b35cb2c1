/** The resolved model: one SloInstance per (service, SLO, environment with an SLA). */
import type { BurnRateTier, Severity } from './burn-rate.js';
import type { Rational } from './decimal.js';
import type { AlertingPolicy, CapacitySpec, MaintenanceWindowSpec, MatcherSpec, SelectorSpec } from '../catalog/schema.js';

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
  | { kind: 'freshness'; lastSuccess: SelectorSpec; maxAge: string; maxAgeSeconds: number; failedRuns?: SelectorSpec };

export interface ServiceInfo {
  name: string;
  title: string;
  owner: string;
  runbookBaseUrl: string;
  dashboardBaseUrl: string;
  envLabel: string;
}

export type EffectiveAlerting = Exclude<AlertingPolicy, 'none'>;

/** How an SLO instance alerts. */
export type AlertPolicy =
  /** SRE Workbook multi-window multi-burn-rate tiers (instance.tiers), optionally with a low-traffic guard. */
  | { kind: 'burn-rate'; minEvents?: number }
  /** 100% objective: any bad event alerts at once. */
  | { kind: 'zero-tolerance'; severity: Severity }
  /** A batch job's duration: a single slow run (when the budget allows less than one a period) or the period's budget spent. */
  | { kind: 'batch-duration'; mode: 'any-slow-run' | 'budget-exhausted'; severity: Severity; runsPerDay: number; runsPerPeriod: number }
  /** A batch job's freshness: a missed run (last success too old) and a failed run. */
  | { kind: 'freshness'; missedSeverity: Severity; failedSeverity: Severity };

export interface FutureObjective {
  label: string;
  objective: Rational;
  errorBudget: Rational;
}

export interface SloInstance {
  service: ServiceInfo;
  sloId: string;
  title: string;
  description: string;
  /** file:line where the SLO was written. */
  source?: string;
  env: string;
  alerting: EffectiveAlerting;
  /** Good share, e.g. 0.99. The active objective: alerts follow it. */
  objective: Rational;
  /** 1 − objective. */
  errorBudget: Rational;
  /** A later, stricter target shown beside the active one (e.g. GA). */
  future?: FutureObjective;
  period: string;
  periodSeconds: number;
  sli: ResolvedSli;
  /** True when the SLI measures time (probe, freshness): the budget is downtime. */
  timeBased: boolean;
  /** Windows recorded for the error ratio, shortest first; includes the period. */
  windows: string[];
  alertPolicy: AlertPolicy;
  /** Burn-rate tiers (empty unless alertPolicy is burn-rate). */
  tiers: BurnRateTier[];
  /** service, slo, env: the identity labels on every rule and alert. */
  labels: { service: string; slo: string; env: string };
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
  labels: { service: string; slo: string; env: string };
  runbookUrl: string;
  dashboardUrl: string;
}

export interface EnvironmentInfo {
  service: string;
  name: string;
  /** Matchers selecting the service's series in this environment (e.g. job="kimberly", env="staging"). */
  matchers: MatcherSpec[];
  alerting: AlertingPolicy;
  maintenance: MaintenanceWindowSpec[];
}

export interface ResolvedCatalog {
  instances: SloInstance[];
  capacities: CapacityInstance[];
  environments: EnvironmentInfo[];
}
