/** generated/alertmanager/: a standalone alertmanager.yml and a routing fragment to merge into an existing one. */
import type { ResolvedCatalog } from '../../model/types.js';
import { GENERATED_HEADER, type GeneratedFile } from '../../core/generated-file.js';
import { toYaml } from '../../core/yaml.js';
import { alertmanagerConfig, routingFragment } from './config.js';

export function alertmanagerFiles(model: ResolvedCatalog): GeneratedFile[] {
  const header = `# ${GENERATED_HEADER}\n`;
  return [
    {
      path: 'generated/alertmanager/alertmanager.yml',
      content: `${header}# A complete Alertmanager configuration. Receivers read their credentials from files under /etc/alertmanager/secrets/.\n${toYaml(alertmanagerConfig(model))}`,
    },
    {
      path: 'generated/alertmanager/sloforge-routes.yml',
      content: `${header}# To merge into an existing configuration: add "route" as the first entry of your root route's "routes",\n# and append "receivers", "inhibit_rules" and "time_intervals" to yours (see docs/operating.md, "Alertmanager").\n${toYaml(routingFragment(model))}`,
    },
  ];
}
