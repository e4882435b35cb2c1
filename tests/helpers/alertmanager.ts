/** Alertmanager configurations for the end-to-end tests: the generated one, pointed at a test webhook. */
import { stringify } from 'yaml';
import type { CatalogInput } from '../../src/index.js';
import { validateCatalog } from '../../src/catalog/validate.js';
import { alertmanagerConfig, type Route } from '../../src/emitters/alertmanager/config.js';
import { resolveCatalog } from '../../src/model/resolve.js';

/** The generated configuration, with receivers pointed at the test webhook and timers shortened. */
export function testAlertmanagerConfig(catalog: CatalogInput, webhook: string): string {
  const config = alertmanagerConfig(resolveCatalog(validateCatalog(catalog, 'slos/index.ts'))) as { route: Route; receivers: Array<{ name: string }> };
  const shorten = (route: Route) => {
    if (route.group_wait) Object.assign(route, { group_wait: '2s', group_interval: '3s', repeat_interval: '1h' });
    route.routes?.forEach(shorten);
  };
  shorten(config.route);
  config.receivers = config.receivers.map((r) => ({ name: r.name, webhook_configs: [{ url: `${webhook}/${r.name}`, send_resolved: true }] }));
  return stringify(config);
}
