/**
 * The rules in a target engine's own format, under generated/<kind>/: PrometheusRule resources for the
 * prometheus-operator, ruler namespace files for Mimir, rule files with a partial-response
 * strategy for Thanos, one file per service for vmalert. The plain rule files under alerts/ (and
 * their promtool tests) are written for every target: these are the same groups, repackaged.
 */
import type { TargetSpec } from '../../catalog/schema.js';
import { GENERATED_HEADER, type GeneratedFile } from '../../core/generated-file.js';
import { toYaml } from '../../core/yaml.js';
import type { ResolvedCatalog } from '../../model/types.js';
import { capacityRuleGroup, sloRuleGroups, withGroupLimit } from '../prometheus/rule-groups.js';
import type { RuleGroup } from '../prometheus/rule-types.js';
import { SHARD_LABEL, shardFiles, shardNumbers } from './shards.js';

interface ServiceGroups {
  service: string;
  /** Per SLO instance (or capacity target): its path stem (service/env/id), its identity labels and its groups. */
  groups: Array<{ stem: string; labels: { service: string; env: string; slo: string }; groups: RuleGroup[] }>;
}

function groupsByService(model: ResolvedCatalog): ServiceGroups[] {
  const all = [
    ...model.instances.map((i) => ({
      service: i.service.name,
      stem: `${i.service.name}/${i.env}/${i.sloId}`,
      labels: i.labels,
      groups: withGroupLimit(i, sloRuleGroups(i), model.target.maxGroups),
    })),
    ...model.capacities.map((c) => ({
      service: c.service.name,
      stem: `${c.service.name}/${c.env}/${c.id}`,
      labels: c.labels,
      groups: [capacityRuleGroup(c)],
    })),
  ];
  const services = [...new Set(all.map((g) => g.service))];
  return services.map((service) => ({ service, groups: all.filter((g) => g.service === service) }));
}

/**
 * A group cut into groups of at most `max` rules, in order (name/1, name/2…). Rules in different
 * groups evaluate independently, so a rule reading one recorded in an earlier part sees it one
 * evaluation late (a minute at the default interval).
 */
function splitGroup(group: RuleGroup, max: number | undefined): RuleGroup[] {
  if (!max || group.rules.length <= max) return [group];
  const parts: RuleGroup[] = [];
  for (let i = 0; i < group.rules.length; i += max) parts.push({ ...group, name: `${group.name}/${parts.length + 1}`, rules: group.rules.slice(i, i + max) });
  return parts;
}

/**
 * A group evaluated `offset` in the past (Mimir's and Thanos' rulers, Prometheus 2.53+), for stores
 * fed by remote write with lag. Written only for the targets whose rulers read it: promtool 2.42 and
 * vmalert 1.79 refuse the field.
 */
function withQueryOffset(group: RuleGroup, offset: string | undefined): RuleGroup & { query_offset?: string } {
  if (!offset) return group;
  const { name, interval, limit, rules } = group;
  return { name, ...(interval ? { interval } : {}), query_offset: offset, ...(limit ? { limit } : {}), rules };
}

const header = (what: string) => `# ${GENERATED_HEADER}\n# ${what}\n`;

/** A Kubernetes object name: lowercase, dashes, at most 253 characters. */
const kubernetesName = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 253);

/**
 * PrometheusRule resources, one per service or per SLO instance. With `shards` above 1 every
 * resource holds one shard's rules and carries its number as the `sloforge.dev/shard` label (a
 * service split between shards gets one resource per shard it has rules in), so that each
 * Prometheus resource selects its own with a ruleSelector.
 */
function operatorFiles(model: ResolvedCatalog, target: Extract<TargetSpec, { kind: 'prometheus-operator' }>): GeneratedFile[] {
  const count = target.shards ?? 1;
  const shardOf = count > 1 ? shardNumbers(model, count) : undefined;
  const resource = (name: string, groups: RuleGroup[], shard: number | undefined) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: kubernetesName(name),
      namespace: target.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'sloforge', ...target.labels, ...(shard ? { [SHARD_LABEL]: String(shard) } : {}) },
    },
    spec: { groups },
  });
  const file = (stem: string, name: string, groups: RuleGroup[], shard: number | undefined): GeneratedFile => ({
    path: `generated/prometheus-operator/${stem}.yaml`,
    content: `${header(`PrometheusRule of ${stem}${shard ? ` (shard ${shard} of ${count})` : ''}: kubectl apply -f this file (namespace ${target.namespace}).`)}${toYaml(resource(name, groups, shard))}`,
  });
  return groupsByService(model).flatMap(({ service, groups }) => {
    if (target.per === 'slo') return groups.map(({ stem, labels, groups: own }) => file(stem, `sloforge-${stem.replace(/\//g, '-')}`, own, shardOf?.(labels)));
    if (!shardOf)
      return [
        file(
          service,
          `sloforge-${service}`,
          groups.flatMap((g) => g.groups),
          undefined,
        ),
      ];
    const shards = [...new Set(groups.map((g) => shardOf(g.labels)))].sort((a, b) => a - b);
    return shards.map((shard) =>
      file(
        `${service}.shard-${shard}`,
        `sloforge-${service}-shard-${shard}`,
        groups.filter((g) => shardOf(g.labels) === shard).flatMap((g) => g.groups),
        shard,
      ),
    );
  });
}

function mimirFiles(model: ResolvedCatalog, target: Extract<TargetSpec, { kind: 'mimir' }>): GeneratedFile[] {
  return groupsByService(model).map(({ service, groups }) => {
    const namespace = `${target.namespacePrefix}-${service}`;
    return {
      path: `generated/mimir/${service}.yaml`,
      content: `${header(`Mimir ruler namespace ${namespace}: mimirtool rules load --address=<mimir> --id=<tenant> generated/mimir/${service}.yaml`)}${toYaml({
        namespace,
        groups: groups.flatMap((g) => g.groups.flatMap((group) => splitGroup(withQueryOffset(group, target.queryOffset), target.maxRulesPerGroup))),
      })}`,
    };
  });
}

/** Groups in the Thanos ruler's form: split to its size, with the partial-response strategy. */
const thanosGroups = (groups: RuleGroup[], target: Extract<TargetSpec, { kind: 'thanos' }>) =>
  groups
    .flatMap((group) => splitGroup(group, target.maxRulesPerGroup))
    .map((g) => ({
      name: g.name,
      ...(g.interval ? { interval: g.interval } : {}),
      ...(target.queryOffset ? { query_offset: target.queryOffset } : {}),
      ...(g.limit ? { limit: g.limit } : {}),
      partial_response_strategy: target.partialResponseStrategy,
      rules: g.rules,
    }));

function thanosFiles(model: ResolvedCatalog, target: Extract<TargetSpec, { kind: 'thanos' }>): GeneratedFile[] {
  return groupsByService(model).map(({ service, groups }) => ({
    path: `generated/thanos/${service}.rules.yml`,
    content: `${header(`Thanos ruler rule file of ${service} (thanos rule --rule-file=generated/thanos/*.rules.yml).`)}${toYaml({
      groups: thanosGroups(
        groups.flatMap((g) => g.groups),
        target,
      ),
    })}`,
  }));
}

/**
 * vmalert 1.79 has no keep_firing_for: an alert that must stay up for a while after its condition
 * clears reads its condition over that while instead (a subquery, the same at minute resolution).
 */
function withoutKeepFiringFor(group: RuleGroup): RuleGroup {
  return {
    ...group,
    rules: group.rules.map((rule) => {
      if (!('alert' in rule) || !rule.keep_firing_for) return rule;
      const { keep_firing_for: keep, ...rest } = rule;
      return { ...rest, expr: `max_over_time((${rule.expr})[${keep}:1m])` };
    }),
  };
}

function victoriaMetricsFiles(model: ResolvedCatalog): GeneratedFile[] {
  return groupsByService(model).map(({ service, groups }) => ({
    path: `generated/victoriametrics/${service}.rules.yml`,
    content: `${header(`vmalert rule file of ${service}: vmalert -rule=generated/victoriametrics/*.rules.yml -datasource.url=<victoria-metrics> -remoteWrite.url=<victoria-metrics>`)}${toYaml({ groups: groups.flatMap((g) => g.groups.map(withoutKeepFiringFor)) })}`,
  }));
}

/**
 * The rule sets of `shards` rulers (catalog-wide: the split reads every SLO): the plain files' lists
 * for every target, and vmalert's and the Thanos ruler's own files where they are the target.
 */
export function targetShardFiles(model: ResolvedCatalog): GeneratedFile[] {
  const { target } = model;
  switch (target.kind) {
    case 'victoriametrics':
      return shardFiles(model, {
        kind: 'victoriametrics',
        header: (n) =>
          `vmalert -rule=generated/victoriametrics/shards/shard-${n}.rules.yml (one vmalert per shard, all on one VictoriaMetrics), instead of the per-service files.`,
        groups: (groups) => groups.map(withoutKeepFiringFor),
      });
    case 'prometheus-operator':
      // Catalog-wide: a resource's shard depends on every SLO (targetFiles leaves these out when sharded).
      return [...shardFiles(model), ...((target.shards ?? 1) > 1 ? operatorFiles(model, target) : [])];
    case 'thanos':
      return shardFiles(model, {
        kind: 'thanos',
        header: (n) => `thanos rule --rule-file=generated/thanos/shards/shard-${n}.rules.yml (one ruler per shard), instead of the per-service files.`,
        groups: (groups) => thanosGroups(groups, target),
      });
    default:
      return shardFiles(model);
  }
}

/** The target's files of `model`, which may be one service of the catalog (generate compiles services in parallel). */
export function targetFiles(model: ResolvedCatalog): GeneratedFile[] {
  const { target } = model;
  switch (target.kind) {
    case 'prometheus':
      return [];
    case 'prometheus-operator':
      // Sharded resources are written catalog-wide (targetShardFiles): targetFiles may see one service only.
      return (target.shards ?? 1) > 1 ? [] : operatorFiles(model, target);
    case 'mimir':
      return mimirFiles(model, target);
    case 'thanos':
      return thanosFiles(model, target);
    case 'victoriametrics':
      return victoriaMetricsFiles(model);
  }
}
