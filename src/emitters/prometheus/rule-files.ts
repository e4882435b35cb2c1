/**
 * Rule files under alerts/: the rule groups of one SLO instance or capacity target each
 * (alerts/<service>/<env>/<id>.rules.yml), or of every one in a service and environment
 * (alerts/<service>/<env>.rules.yml, the same groups in catalog order).
 */
import type { RuleFileLayoutSpec } from '../../catalog/schema.js';
import type { CapacityInstance, ResolvedCatalog, SloPlan } from '../../model/types.js';
import { GENERATED_HEADER, type GeneratedFile } from '../../core/generated-file.js';
import { toYaml } from '../../core/yaml.js';
import { capacityRuleGroup, sloRuleGroups, withGroupLimit } from './rule-groups.js';
import type { RuleGroup } from './rule-types.js';

type RuleTarget = SloPlan | CapacityInstance;

export function ruleFilePath(target: { service: { name: string }; env: string; labels: { slo: string } }, layout: RuleFileLayoutSpec): string {
  return layout === 'per-service-env'
    ? `alerts/${target.service.name}/${target.env}.rules.yml`
    : `alerts/${target.service.name}/${target.env}/${target.labels.slo}.rules.yml`;
}

/** The environment's planned maintenance, stated in the rule file: Alertmanager mutes these alerts then (by env). */
function maintenanceComment(target: RuleTarget, model: ResolvedCatalog): string {
  const env = model.environments.find((e) => e.service === target.service.name && e.name === target.env);
  return (env?.maintenance ?? [])
    .map((w) => `# Planned maintenance "${w.name}": ${w.weekdays.join(', ')} ${w.start} UTC for ${w.duration}; Alertmanager mutes ${target.env} alerts then.\n`)
    .join('');
}

const what = (target: RuleTarget) => ('sli' in target ? 'SLO' : 'Capacity target');
const groupsOf = (target: RuleTarget, model: ResolvedCatalog): RuleGroup[] =>
  'sli' in target ? withGroupLimit(target, sloRuleGroups(target), model.target.maxGroups) : [capacityRuleGroup(target)];

function ruleFile(path: string, targets: RuleTarget[], model: ResolvedCatalog): GeneratedFile {
  const [first] = targets as [RuleTarget, ...RuleTarget[]];
  const where = `of ${first.service.name} in ${first.env}`;
  const described =
    targets.length === 1 && model.ruleFiles === 'per-slo'
      ? `# ${what(first)} ${first.labels.slo} ${where}${first.source ? `, written at ${first.source}` : ''}.\n`
      : `# The SLOs and capacity targets ${where}, one or two groups each:\n${targets.map((t) => `#   ${what(t)} ${t.labels.slo}${t.source ? `, written at ${t.source}` : ''}\n`).join('')}`;
  return {
    path,
    content: `# ${GENERATED_HEADER}\n${described}${maintenanceComment(first, model)}${toYaml({ groups: targets.flatMap((t) => groupsOf(t, model)) })}`,
  };
}

export function prometheusRuleFiles(model: ResolvedCatalog): GeneratedFile[] {
  const byPath = new Map<string, RuleTarget[]>();
  for (const target of [...model.instances, ...model.capacities]) {
    const path = ruleFilePath(target, model.ruleFiles);
    const targets = byPath.get(path);
    if (targets) targets.push(target);
    else byPath.set(path, [target]);
  }
  return [...byPath].map(([path, targets]) => ruleFile(path, targets, model));
}

/** Where the rule-file list for prometheus.yml is written. */
const PROMETHEUS_RULE_FILES_PATH = 'generated/prometheus/rule-files.yml';

/**
 * The `rule_files:` list that loads every rule file, for prometheus.yml: Prometheus takes a glob
 * in a path's last element only (`alerts/**\/*.rules.yml` and `alerts/*\/*\/*.rules.yml` are
 * refused), so each folder of rule files gets its own line. Paths are relative to the output root.
 */
export function prometheusRuleFileList(model: ResolvedCatalog): GeneratedFile {
  const folders = [...new Set([...model.instances, ...model.capacities].map((t) => ruleFilePath(t, model.ruleFiles).replace(/\/[^/]*$/, '')))].sort();
  return {
    path: PROMETHEUS_RULE_FILES_PATH,
    content: `# ${GENERATED_HEADER}\n# Copy this list into prometheus.yml (paths relative to the folder generate wrote): Prometheus\n# allows a glob in a path's last element only, so each folder of rule files has its own line.\n${toYaml({ rule_files: folders.map((f) => `${f}/*.rules.yml`) })}`,
  };
}
