/** The resolved model: one SloInstance per (service, SLO, environment with an SLA). */
import type { BurnRateTier } from './burn-rate.js';
import type { Rational } from './decimal.js';
import type { AlertingPolicy, MatcherSpec, SelectorSpec } from '../catalog/schema.js';

export type { MatcherSpec, SelectorSpec };

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
    };

export interface ServiceInfo {
  name: string;
  title: string;
  owner: string;
  runbookBaseUrl: string;
  dashboardBaseUrl: string;
  envLabel: string;
}

export interface SloInstance {
  service: ServiceInfo;
  sloId: string;
  title: string;
  description: string;
  /** file:line where the SLO was written. */
  source?: string;
  env: string;
  alerting: Exclude<AlertingPolicy, 'none'>;
  /** Good share, e.g. 0.99. */
  objective: Rational;
  /** 1 − objective. */
  errorBudget: Rational;
  period: string;
  periodSeconds: number;
  sli: ResolvedSli;
  /** Windows recorded for the error ratio, shortest first; includes the period. */
  windows: string[];
  tiers: BurnRateTier[];
  /** service, slo, env: the identity labels on every rule and alert. */
  labels: { service: string; slo: string; env: string };
  runbookUrl: string;
  dashboardUrl: string;
}

export interface ResolvedCatalog {
  instances: SloInstance[];
}
