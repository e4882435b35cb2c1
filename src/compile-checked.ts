/**
 * The pipeline without I/O, minus the dashboards: validated catalog → resolved model → rules,
 * promtool tests, routing and budgets. What `validate` compiles; it leaves the Grafana SDK unloaded
 * (a third of a start-up), since dashboards take no input of their own to check.
 */
import type { CatalogSpec } from './catalog/schema.js';
import type { GeneratedFile } from './core/generated-file.js';
import { alertmanagerFiles } from './emitters/alertmanager/files.js';
import { budgetFiles } from './emitters/budgets/budgets.js';
import { prometheusRuleFiles } from './emitters/prometheus/rule-files.js';
import { promtoolTestFiles } from './emitters/promtool-tests/test-files.js';
import { targetFiles } from './emitters/targets/files.js';
import { resolveCatalog, type ResolveOptions } from './model/resolve.js';
import type { ResolvedCatalog } from './model/types.js';

export interface Compilation {
  model: ResolvedCatalog;
  files: GeneratedFile[];
}

export function compileChecked(catalog: CatalogSpec, options: ResolveOptions = {}): Compilation {
  const model = resolveCatalog(catalog, options);
  return withUniquePaths(model, [
    ...prometheusRuleFiles(model),
    ...promtoolTestFiles(model),
    ...targetFiles(model),
    ...alertmanagerFiles(model),
    ...budgetFiles(model),
  ]);
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
