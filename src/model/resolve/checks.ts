/** Catalog-wide checks made while resolving: the rule-file layout against the test depth, and dashboard uids that must not collide. */
import { CatalogError } from '../../catalog/catalog-error.js';
import { type TestDepthSpec, type RuleFileLayoutSpec } from '../../catalog/schema.js';
import { type ServiceSpec } from '../../catalog/schema.js';
import { OVERVIEW_DASHBOARD_UID, serviceDashboardUid } from '../conventions.js';

/** Two services (or a service and the overview) with one dashboard uid: Grafana would keep only one of the dashboards. */
/**
 * promtool evaluates every rule of a file a test loads: in a file shared by a service's SLOs, one
 * SLO's scenarios trip the alerts of the others (SLOs on one histogram, data-missing alerts), so
 * they cannot be tested there. Asked for together, that is an error, not tests silently dropped.
 */
export function checkRuleFileLayout(ruleFiles: RuleFileLayoutSpec, tests: TestDepthSpec): void {
  if (ruleFiles === 'per-service-env' && tests !== 'none')
    throw new CatalogError([
      `field ruleFiles: 'per-service-env' rule files cannot carry generated promtool tests (tests: '${tests}'): promtool evaluates every rule of a file a test loads, so one SLO's scenarios would trip the alerts of the other SLOs in the file. Set tests: 'none' (generate --tests none), or keep ruleFiles: 'per-slo' (generate --tests smoke is the cheap way to test 10,000 SLOs)`,
    ]);
}

export function checkDashboardUids(services: ServiceSpec[]): void {
  const owners = new Map<string, string>([[OVERVIEW_DASHBOARD_UID, 'the overview dashboard']]);
  const problems: string[] = [];
  for (const [index, service] of services.entries()) {
    const uid = serviceDashboardUid(service.name);
    const other = owners.get(uid);
    const where = service.source ? `${service.source}: ` : '';
    if (other)
      problems.push(
        `${where}service "${service.name}": field services[${index}].name: its dashboard uid "${uid}" is already that of ${other}; rename the service`,
      );
    else owners.set(uid, `service "${service.name}"`);
  }
  if (problems.length > 0) throw new CatalogError(problems);
}
