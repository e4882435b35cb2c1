/** Rule files: alerts/<service>/<env>/<id>.rules.yml, the rule groups of one SLO instance or capacity target. */
import type { CapacityInstance, ResolvedCatalog, SloPlan } from '../../model/types.js';
import { GENERATED_HEADER, type GeneratedFile } from '../../core/generated-file.js';
import { toYaml } from '../../core/yaml.js';
import { capacityRuleGroup, sloRuleGroups } from './rule-groups.js';
import type { RuleGroup } from './rule-types.js';

export function ruleFilePath(target: { service: { name: string }; env: string; labels: { slo: string } }): string {
  return `alerts/${target.service.name}/${target.env}/${target.labels.slo}.rules.yml`;
}

/** The environment's planned maintenance, stated in the rule file: Alertmanager mutes these alerts then (by env). */
function maintenanceComment(target: SloPlan | CapacityInstance, model: ResolvedCatalog): string {
  const env = model.environments.find((e) => e.service === target.service.name && e.name === target.env);
  return (env?.maintenance ?? [])
    .map((w) => `# Planned maintenance "${w.name}": ${w.weekdays.join(', ')} ${w.start} UTC for ${w.duration}; Alertmanager mutes ${target.env} alerts then.\n`)
    .join('');
}

function ruleFile(target: SloPlan | CapacityInstance, groups: RuleGroup[], what: string, model: ResolvedCatalog): GeneratedFile {
  const header = `# ${GENERATED_HEADER}\n# ${what} ${target.labels.slo} of ${target.service.name} in ${target.env}${target.source ? `, written at ${target.source}` : ''}.\n${maintenanceComment(target, model)}`;
  return { path: ruleFilePath(target), content: header + toYaml({ groups }) };
}

export function prometheusRuleFiles(model: ResolvedCatalog): GeneratedFile[] {
  return [
    ...model.instances.map((instance) => ruleFile(instance, sloRuleGroups(instance), 'SLO', model)),
    ...model.capacities.map((capacity) => ruleFile(capacity, [capacityRuleGroup(capacity)], 'Capacity target', model)),
  ];
}
