/** The pipeline without I/O: validated catalog → resolved model → every emitter's files. */
import type { CatalogSpec } from './catalog/schema.js';
import type { GeneratedFile } from './core/generated-file.js';
import { compileChecked, routingAndBudgetFiles, withUniquePaths, type Compilation } from './compile-checked.js';
import { grafanaFiles } from './emitters/grafana/files.js';
import type { ResolveOptions } from './model/resolve.js';
import type { ResolvedCatalog } from './model/types.js';

export type { Compilation } from './compile-checked.js';
export { serviceFiles, servicesOf } from './compile-checked.js';

export function compileCatalog(catalog: CatalogSpec, options: ResolveOptions = {}): Compilation {
  const { model, files } = compileChecked(catalog, options);
  return withUniquePaths(model, [...files, ...grafanaFiles(model)]);
}

/** The files that read the whole catalog: routing, budgets and dashboards; with every service's files (servicesOf, serviceFiles), all of compileCatalog's. */
export function catalogWideFiles(model: ResolvedCatalog): GeneratedFile[] {
  return [...routingAndBudgetFiles(model), ...grafanaFiles(model)];
}
