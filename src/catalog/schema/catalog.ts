/** The catalog as a whole: its services, rule engine target, Grafana options, test depth and rule-file layout. */
import { z } from 'zod';
import { Duration, HttpUrl, LabelName } from './primitives.js';
import { Service } from './service.js';

/** Where the generated Grafana provisioning points. */
const GrafanaOptions = z.strictObject({
  /** The Prometheus URL Grafana queries; edit it here, not in the generated file. */
  prometheusUrl: HttpUrl.default('http://prometheus:9090'),
});

/** Where the rules run, besides the plain rule files: what `generate` also writes under generated/<kind>/. */
const KUBERNETES_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MaxRulesPerGroup = z.number().int().positive();
/**
 * Rulers that split the rules between them, all reading one shared store (generate --shards): the
 * rule sets are balanced by estimated cost, each SLO with everything its rules read kept in one.
 */
const Shards = z.number().int().min(1).max(1000).optional();
/**
 * The most groups a grouped SLO may have (its rule groups' Prometheus `limit`): a label that explodes
 * into more fails the SLO's rules loudly (the rule's health, prometheus_rule_evaluation_failures_total)
 * instead of flooding the store with series.
 */
const MaxGroups = z.number().int().positive().default(1000);
/** Prometheus 2.53+, Mimir and Thanos rulers: evaluate this long in the past, for stores fed by remote write with lag. */
const QueryOffset = Duration.optional();
export const Target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('prometheus'), shards: Shards, maxGroups: MaxGroups }),
  z.strictObject({
    kind: z.literal('prometheus-operator'),
    namespace: z.string().regex(KUBERNETES_NAME, 'must be a Kubernetes namespace name (lowercase letters, digits and dashes)').default('monitoring'),
    /** Labels on every PrometheusRule, e.g. the Prometheus resource's ruleSelector: { release: 'prometheus' }. */
    labels: z.record(LabelName, z.string()).default({}),
    /** One PrometheusRule per service (default) or per SLO instance. */
    per: z.enum(['service', 'slo']).default('service'),
    shards: Shards,
    maxGroups: MaxGroups,
  }),
  z.strictObject({ kind: z.literal('victoriametrics'), shards: Shards, maxGroups: MaxGroups }),
  z.strictObject({
    kind: z.literal('mimir'),
    /** The ruler namespace of a service's groups; sloforge-<service> by default. */
    namespacePrefix: z.string().regex(KUBERNETES_NAME).default('sloforge'),
    /** Grafana Cloud's Mimir allows 20 rules per group by default: longer groups are split. */
    maxRulesPerGroup: MaxRulesPerGroup.default(20),
    shards: Shards,
    maxGroups: MaxGroups,
    queryOffset: QueryOffset,
  }),
  z.strictObject({
    kind: z.literal('thanos'),
    /** What a rule does when a store answers partly: abort (no result) or warn (evaluate what came back). */
    partialResponseStrategy: z.enum(['abort', 'warn']).default('abort'),
    maxRulesPerGroup: MaxRulesPerGroup.optional(),
    shards: Shards,
    maxGroups: MaxGroups,
    queryOffset: QueryOffset,
  }),
]);

/** How many promtool scenarios generate writes: at 10,000 SLOs, full suites take hours to run. */
export const TestDepth = z.enum(['full', 'smoke', 'none']);

/**
 * Rule files under alerts/: one per SLO instance (alerts/<service>/<env>/<slo>.rules.yml), or one per
 * service and environment (alerts/<service>/<env>.rules.yml, the same per-SLO groups inside): fewer
 * files at scale, without generated promtool tests (a test would evaluate the other SLOs' rules too).
 */
export const RuleFileLayout = z.enum(['per-slo', 'per-service-env']);

export const Catalog = z.strictObject({
  services: z.array(Service).min(1, 'the catalog declares no service'),
  /** The rule engine: plain Prometheus rule files always, and a target's own format under generated/. */
  target: Target.prefault({ kind: 'prometheus' }),
  grafana: GrafanaOptions.default({ prometheusUrl: 'http://prometheus:9090' }),
  /** Generated promtool tests: every scenario (full), one detection test per SLO (smoke), or none. */
  tests: TestDepth.default('full'),
  ruleFiles: RuleFileLayout.default('per-slo'),
});
