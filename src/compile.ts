/** The pipeline without I/O: validated catalog → resolved model → every emitter's files. */
import type { CatalogSpec } from './catalog/schema.js';
import type { GeneratedFile } from './core/generated-file.js';
import { compileChecked, routingAndBudgetFiles, serviceFiles, withUniquePaths, type Compilation } from './compile-checked.js';
import { grafanaCatalogFiles, serviceDashboardFiles } from './emitters/grafana/files.js';
import type { ResolveOptions } from './model/resolve.js';
import type { ResolvedCatalog } from './model/types.js';

export type { Compilation } from './compile-checked.js';
export { servicesOf } from './compile-checked.js';

export function compileCatalog(catalog: CatalogSpec, options: ResolveOptions = {}): Compilation {
  const { model, files } = compileChecked(catalog, options);
  return withUniquePaths(model, [...files, ...serviceDashboardFiles(model), ...grafanaCatalogFiles(model)]);
}

/** One service's files (a part of servicesOf): compileChecked's serviceFiles and the service's dashboard. */
export function serviceFilesWithDashboard(service: ResolvedCatalog): GeneratedFile[] {
  return [...serviceFiles(service), ...serviceDashboardFiles(service)];
}

/** The files that read the whole catalog: routing, budgets, the overview dashboard and Grafana's provisioning. */
export function catalogWideFiles(model: ResolvedCatalog): GeneratedFile[] {
  return [...routingAndBudgetFiles(model), ...grafanaCatalogFiles(model)];
}
