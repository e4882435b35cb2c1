/**
 * The catalog's zod schemas: the single source of both the catalog's TypeScript types and its
 * run-time validation. One module a part (schema/): primitives, SLIs, the SLO, services and
 * environments, the regression gate, the catalog; this module gathers the types everyone imports.
 */
import { type z } from 'zod';
import { Catalog, type RuleFileLayout, Target, type TestDepth } from './schema/catalog.js';
import { Matcher, Selector } from './schema/primitives.js';
import { RegressionGate } from './schema/regression-gate.js';
import { type AlertReceiver, type Alerting, Capacity, Environment, MaintenanceWindow, Service } from './schema/service.js';
import { CompositeSli, FreshnessSli, Histogram, LatencySli, ProbeSli, RatioSli, RawSli, type Sli } from './schema/sli.js';
import { Dependency, EnvironmentObjective, FutureObjective, Slo } from './schema/slo.js';

export { CATALOG_LIMITS } from './schema/primitives.js';
export { SLO_COMMON_OPTIONS, type BuilderComputedField } from './schema/slo.js';
export { Catalog };

export type CatalogInput = z.input<typeof Catalog>;
export type CatalogSpec = z.output<typeof Catalog>;
export type ServiceInput = z.input<typeof Service>;
export type ServiceSpec = z.output<typeof Service>;
export type SloInput = z.input<typeof Slo>;
export type DependencyInput = z.input<typeof Dependency>;
export type SloSpec = z.output<typeof Slo>;
export type SliSpec = z.output<typeof Sli>;
export type SelectorInput = z.input<typeof Selector>;
export type SelectorSpec = z.output<typeof Selector>;
export type MatcherSpec = z.output<typeof Matcher>;
export type HistogramInput = z.input<typeof Histogram>;
export type EnvironmentInput = z.input<typeof Environment>;
export type AlertingPolicy = z.output<typeof Alerting>;
export type CapacityInput = z.input<typeof Capacity>;
export type CapacitySpec = z.output<typeof Capacity>;
export type MaintenanceWindowSpec = z.output<typeof MaintenanceWindow>;
export type RegressionGateSpec = z.output<typeof RegressionGate>;
export type TargetSpec = z.output<typeof Target>;
export type TargetKind = TargetSpec['kind'];
export type TestDepthSpec = z.output<typeof TestDepth>;
export type RuleFileLayoutSpec = z.output<typeof RuleFileLayout>;

/** A target of this kind with its default options (for `generate --target`). */
export function defaultTarget(kind: TargetKind): TargetSpec {
  return Target.parse({ kind });
}

/** Every field name the schemas know, for "did you mean" in errors about unknown fields. */
export const SCHEMA_FIELDS: ReadonlySet<string> = new Set(
  [
    Matcher,
    Selector,
    RatioSli,
    CompositeSli,
    RawSli,
    Histogram,
    LatencySli,
    ProbeSli,
    FreshnessSli,
    FutureObjective,
    EnvironmentObjective,
    Dependency,
    Slo,
    MaintenanceWindow,
    Environment,
    Capacity,
    RegressionGate,
    Service,
    Catalog,
  ].flatMap((schema) => Object.keys(schema.shape)),
);
export type AlertReceiverSpec = z.output<typeof AlertReceiver>;
