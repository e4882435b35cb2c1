/**
 * Rule sets for N rulers that read one shared store (generate --shards N, or the target's `shards`):
 * N Prometheus servers writing into one store, or N vmalert or Thanos ruler processes. The unit is an
 * SLO instance (or capacity target) with both its groups, joined with every other whose recorded
 * series its rules read (a journey and its components) and with the others of its rule file (the
 * per-service-env layout), so that no rule reads a series another ruler records. Units are dealt to
 * shards by estimated cost, largest first, each to the least loaded shard (ties: the lowest number),
 * so the output is the same on every run.
 *
 * Written for every target: generated/prometheus/shards/shard-<i>.yml, the rule_files list of the
 * plain files under alerts/ for the i-th Prometheus. For vmalert and the Thanos ruler also
 * generated/<kind>/shards/shard-<i>.rules.yml, the shard's groups in the target's form. Mimir's and
 * Cortex's rulers shard groups themselves. For the prometheus-operator, each PrometheusRule carries
 * its shard as the label `sloforge.dev/shard`, for one Prometheus resource's ruleSelector per shard.
 */
import { parseDuration } from '../../core/duration.js';
import { GENERATED_HEADER, type GeneratedFile } from '../../core/generated-file.js';
import { toYaml } from '../../core/yaml.js';
import type { ResolvedCatalog } from '../../model/types.js';
import { ruleFilePath } from '../prometheus/rule-files.js';
import { capacityRuleGroup, sloRuleGroups, withGroupLimit } from '../prometheus/rule-groups.js';
import type { RuleGroup } from '../prometheus/rule-types.js';

/** Raw selectors over a range: `name{…}[30m]` or `name[30m]`, not a subquery `)[1h:5m]`. */
const RANGED = /([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\[(\d+[smhdwy](?:\d+[smhdwy])*)\]/g;
/** A recorded series of an SLO read with its identity: `slo:…{service="…",slo="…",env="…"}`. */
const RECORDED_READ = /\bslo:[a-zA-Z0-9_:]*\{([^}]*)\}/g;

/**
 * A rule's estimated cost per evaluation: one, plus the raw samples its range selectors read per
 * series at one sample a minute (a 30m rate reads 30). Recorded series are read one sample at a time.
 */
export function estimatedRuleCost(expr: string): number {
  let cost = 1;
  for (const [, name, , range] of expr.matchAll(RANGED)) if (!name.startsWith('slo:')) cost += parseDuration(range) / 60;
  return cost;
}

interface Unit {
  /** service, env and SLO (or capacity) id: the identity its series carry. */
  key: string;
  ruleFile: string;
  groups: RuleGroup[];
  cost: number;
}

const identity = (labels: { service: string; env: string; slo: string }) => `${labels.service}\u0000${labels.env}\u0000${labels.slo}`;

function identityRead(matchers: string): string | undefined {
  const value = (label: string) => new RegExp(`(?:^|,)\\s*${label}="([^"]*)"`).exec(matchers)?.[1];
  const [service, env, slo] = [value('service'), value('env'), value('slo')];
  return service !== undefined && env !== undefined && slo !== undefined ? identity({ service, env, slo }) : undefined;
}

/** The units of the model, joined where a rule reads another's recorded series or shares its file. */
function units(model: ResolvedCatalog): Unit[][] {
  const all: Unit[] = [
    ...model.instances.map((i) => ({
      key: identity(i.labels),
      ruleFile: ruleFilePath(i, model.ruleFiles),
      groups: withGroupLimit(i, sloRuleGroups(i), model.target.maxGroups),
    })),
    ...model.capacities.map((c) => ({ key: identity(c.labels), ruleFile: ruleFilePath(c, model.ruleFiles), groups: [capacityRuleGroup(c)] })),
  ].map((u) => ({ ...u, cost: u.groups.flatMap((g) => g.rules).reduce((sum, r) => sum + estimatedRuleCost(r.expr), 0) }));
  // Union-find over the units' indexes.
  const parent = all.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const join = (a: number, b: number) => {
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byKey = new Map(all.map((u, i) => [u.key, i]));
  const byFile = new Map<string, number>();
  all.forEach((u, i) => {
    const first = byFile.get(u.ruleFile);
    if (first === undefined) byFile.set(u.ruleFile, i);
    else join(first, i);
    for (const group of u.groups)
      for (const rule of group.rules)
        for (const [, matchers] of rule.expr.matchAll(RECORDED_READ)) {
          const other = byKey.get(identityRead(matchers) ?? '');
          if (other !== undefined && other !== i) join(i, other);
        }
  });
  const joined = new Map<number, Unit[]>();
  all.forEach((u, i) => joined.set(root(i), [...(joined.get(root(i)) ?? []), u]));
  return [...joined.values()];
}

export interface Shard {
  number: number;
  units: Unit[];
  cost: number;
}

/** The model's units dealt to `count` shards: largest estimated cost first, each to the least loaded. */
export function assignShards(model: ResolvedCatalog, count: number): Shard[] {
  const shards: Shard[] = Array.from({ length: count }, (_, i) => ({ number: i + 1, units: [], cost: 0 }));
  const sets = units(model)
    .map((members) => ({ members, cost: members.reduce((sum, u) => sum + u.cost, 0) }))
    // Largest first; equal costs in catalog order (the first member's position is stable).
    .sort((a, b) => b.cost - a.cost);
  for (const set of sets) {
    const lightest = shards.reduce((best, s) => (s.cost < best.cost ? s : best));
    lightest.units.push(...set.members);
    lightest.cost += set.cost;
  }
  return shards;
}

/** The label that names a PrometheusRule's shard, for the ruleSelector of that shard's Prometheus resource. */
export const SHARD_LABEL = 'sloforge.dev/shard';

/** Each SLO instance's and capacity target's shard number, by its identity labels (service, env, slo). */
export function shardNumbers(model: ResolvedCatalog, count: number): (labels: { service: string; env: string; slo: string }) => number {
  const numbers = new Map(assignShards(model, count).flatMap((shard) => shard.units.map((u) => [u.key, shard.number] as const)));
  return (labels) => numbers.get(identity(labels)) ?? 1;
}

const describe = (shard: Shard, count: number) =>
  `Shard ${shard.number} of ${count}: ${shard.units.length} SLO instances and capacity targets, estimated cost ${Math.round(shard.cost)} per evaluation (rules plus raw samples read).`;

/**
 * The shard files of a model whose target names `shards` above 1; nothing otherwise. `targetGroups`
 * puts a shard's groups in the target's form (vmalert's, Thanos'), or is absent for the plain files only.
 */
export function shardFiles(
  model: ResolvedCatalog,
  targetGroups?: { kind: string; header: (shard: number) => string; groups: (groups: RuleGroup[]) => object[] },
): GeneratedFile[] {
  const count = model.target.shards ?? 1;
  if (count <= 1) return [];
  const shards = assignShards(model, count);
  const header = `# ${GENERATED_HEADER}\n`;
  return shards.flatMap((shard) => [
    {
      path: `generated/prometheus/shards/shard-${shard.number}.yml`,
      content: `${header}# ${describe(shard, count)}\n# The rule_files of this shard's Prometheus (paths relative to the folder generate wrote); every shard writes into one store.\n${toYaml(
        { rule_files: [...new Set(shard.units.map((u) => u.ruleFile))].sort() },
      )}`,
    },
    ...(targetGroups
      ? [
          {
            path: `generated/${targetGroups.kind}/shards/shard-${shard.number}.rules.yml`,
            content: `${header}# ${describe(shard, count)}\n# ${targetGroups.header(shard.number)}\n${toYaml({ groups: targetGroups.groups(shard.units.flatMap((u) => u.groups)) })}`,
          },
        ]
      : []),
  ]);
}
