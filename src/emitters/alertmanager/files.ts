/** generated/alertmanager/: a standalone alertmanager.yml and a routing fragment to merge into an existing one. */
import type { ResolvedCatalog } from '../../model/types.js';
import { GENERATED_HEADER, type GeneratedFile } from '../../core/generated-file.js';
import { toYaml } from '../../core/yaml.js';
import { alertmanagerConfig, routingFragment } from './config.js';

/**
 * What a highly available setup needs, said where it is configured: Alertmanager deduplicates alerts
 * by their labels, so replicas must drop the label that tells them apart, and Alertmanagers share
 * who sent what only when clustered. docs/operating.md has the fragments; tests/e2e/ha-pair runs them.
 */
const HIGH_AVAILABILITY =
  '# High availability: cluster the Alertmanagers (--cluster.listen-address, --cluster.peer) and have each Prometheus\n' +
  '# replica drop its replica label from alerts (alert_relabel_configs: labeldrop); the routes group by service, slo\n' +
  '# and env, never by a replica (see docs/operating.md, "High availability").\n';

export function alertmanagerFiles(model: ResolvedCatalog): GeneratedFile[] {
  const header = `# ${GENERATED_HEADER}\n`;
  return [
    {
      path: 'generated/alertmanager/alertmanager.yml',
      content: `${header}# A complete Alertmanager configuration. Receivers read their credentials from files under /etc/alertmanager/secrets/.\n${HIGH_AVAILABILITY}${toYaml(alertmanagerConfig(model))}`,
    },
    {
      path: 'generated/alertmanager/sloforge-routes.yml',
      content: `${header}# To merge into an existing configuration: add "route" as the first entry of your root route's "routes",\n# and append "receivers", "inhibit_rules" and "time_intervals" to yours (see docs/operating.md, "Alertmanager").\n${HIGH_AVAILABILITY}${toYaml(routingFragment(model))}`,
    },
  ];
}
