/** The pipeline without I/O: validated catalog → resolved model → every emitter's files. */
import type { CatalogSpec } from './catalog/schema.js';
import { alertmanagerFiles } from './emitters/alertmanager/files.js';
import { budgetFiles } from './emitters/budgets/budgets.js';
import { grafanaFiles } from './emitters/grafana/files.js';
import { prometheusRuleFiles } from './emitters/prometheus/rule-files.js';
import { promtoolTestFiles } from './emitters/promtool-tests/test-files.js';
import { resolveCatalog, type ResolveOptions } from './model/resolve.js';
import type { ResolvedCatalog } from './model/types.js';
import type { GeneratedFile } from './core/generated-file.js';

export interface Compilation {
  model: ResolvedCatalog;
  files: GeneratedFile[];
}

export function compileCatalog(catalog: CatalogSpec, options: ResolveOptions = {}): Compilation {
  const model = resolveCatalog(catalog, options);
  const files = [...prometheusRuleFiles(model), ...promtoolTestFiles(model), ...alertmanagerFiles(model), ...grafanaFiles(model), ...budgetFiles(model)];
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new Error(`two outputs want the same file: ${file.path}`);
    seen.add(file.path);
  }
  return { model, files: files.sort((a, b) => a.path.localeCompare(b.path, 'en')) };
}
