/** Rule files: alerts/<service>/<env>/<slo>.rules.yml, one rule group per SLO instance. */
import { stringify } from 'yaml';
import type { ResolvedCatalog, SloInstance } from '../../model/types.js';
import { GENERATED_HEADER, type GeneratedFile } from '../../output/generated-file.js';
import { sloRuleGroup } from './rules.js';

export function ruleFilePath(instance: SloInstance): string {
  return `alerts/${instance.service.name}/${instance.env}/${instance.sloId}.rules.yml`;
}

export function toYaml(document: unknown): string {
  return stringify(document, { lineWidth: 0, indent: 2, sortMapEntries: false, aliasDuplicateObjects: false });
}

export function ruleFile(instance: SloInstance): GeneratedFile {
  const header = `# ${GENERATED_HEADER}\n# SLO ${instance.sloId} of ${instance.service.name} in ${instance.env}${instance.source ? `, written at ${instance.source}` : ''}.\n`;
  return { path: ruleFilePath(instance), content: header + toYaml({ groups: [sloRuleGroup(instance)] }) };
}

export function prometheusRuleFiles(model: ResolvedCatalog): GeneratedFile[] {
  return model.instances.map(ruleFile);
}
