/** The pipeline without I/O: validated catalog → resolved model → every emitter's files. */
import type { CatalogSpec } from './catalog/schema.js';
import { compileChecked, withUniquePaths, type Compilation } from './compile-checked.js';
import { grafanaFiles } from './emitters/grafana/files.js';
import type { ResolveOptions } from './model/resolve.js';

export type { Compilation } from './compile-checked.js';

export function compileCatalog(catalog: CatalogSpec, options: ResolveOptions = {}): Compilation {
  const { model, files } = compileChecked(catalog, options);
  return withUniquePaths(model, [...files, ...grafanaFiles(model)]);
}
