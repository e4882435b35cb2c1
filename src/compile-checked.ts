/**
 * The pipeline without I/O, minus the dashboards: validated catalog → resolved model → rules,
 * promtool tests, routing and budgets. What `validate` compiles; it leaves the Grafana SDK unloaded
 * (a third of a start-up), since dashboards take no input of their own to check.
 */
import type { CatalogSpec } from './catalog/schema.js';
import type { GeneratedFile } from './core/generated-file.js';
import { alertmanagerFiles } from './emitters/alertmanager/files.js';
import { budgetFiles } from './emitters/budgets/budgets.js';
import { prometheusRuleFileList, prometheusRuleFiles } from './emitters/prometheus/rule-files.js';
import { promtoolTestFiles } from './emitters/promtool-tests/test-files.js';
import { targetFiles, targetShardFiles } from './emitters/targets/files.js';
import { resolveCatalog, type ResolveOptions } from './model/resolve.js';
import type { ResolvedCatalog } from './model/types.js';

export interface Compilation {
  model: ResolvedCatalog;
  files: GeneratedFile[];
}

export function compileChecked(catalog: CatalogSpec, options: ResolveOptions = {}): Compilation {
  const model = resolveCatalog(catalog, options);
  return withUniquePaths(model, [...servicesOf(model).flatMap(serviceFiles), ...routingAndBudgetFiles(model)]);
}

/**
 * The model cut by service, in catalog order. A service's rule, test and target-engine files read
 * only its own SLO instances and capacity targets (a journey carries its components' plans), so
 * the parts compile independently: one at a time, or in parallel (generate's workers).
 */
export function servicesOf(model: ResolvedCatalog): ResolvedCatalog[] {
  const parts = new Map<string, ResolvedCatalog>();
  const part = (service: string): ResolvedCatalog => {
    let found = parts.get(service);
    if (!found) parts.set(service, (found = { ...model, instances: [], capacities: [] }));
    return found;
  };
  for (const instance of model.instances) part(instance.service.name).instances.push(instance);
  for (const capacity of model.capacities) part(capacity.service.name).capacities.push(capacity);
  return [...parts.values()];
}

/** One service's files (see servicesOf): its rule files, their promtool tests and the target engine's rules. */
export function serviceFiles(service: ResolvedCatalog): GeneratedFile[] {
  return [...prometheusRuleFiles(service), ...promtoolTestFiles(service), ...targetFiles(service)];
}

/** Files that read the whole catalog: Alertmanager's routing, the budgets and the shards' rule sets (compile.ts adds the dashboards). */
export function routingAndBudgetFiles(model: ResolvedCatalog): GeneratedFile[] {
  return [...alertmanagerFiles(model), ...budgetFiles(model), prometheusRuleFileList(model), ...targetShardFiles(model)];
}

/** Sorted by path; two outputs claiming one path is a bug, never a silent overwrite. */
export function withUniquePaths(model: ResolvedCatalog, files: GeneratedFile[]): Compilation {
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new Error(`two outputs want the same file: ${file.path}`);
    seen.add(file.path);
  }
  return { model, files: files.sort((a, b) => a.path.localeCompare(b.path, 'en')) };
}
