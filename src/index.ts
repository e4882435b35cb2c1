/**
 * The sloforge package: the catalog API (builders and types) that `slos/*.ts` import as
 * `from 'sloforge'`, and a programmatic compile() for tools that embed sloforge.
 */
import type { CatalogInput } from './catalog/schema.js';
import type { Compilation } from './compile.js';

export * from './catalog/builders.js';
export type { AlertReceiverSpec, CatalogInput, DependencyInput, EnvironmentInput, ServiceInput, SloInput } from './catalog/schema.js';
export { UserError as SloforgeInputError } from './core/errors.js';
export type { GeneratedFile } from './core/generated-file.js';
export type { ResolvedCatalog, SloPlan } from './model/types.js';
export type { Compilation } from './compile-checked.js';

/**
 * Validates a catalog (as `catalog(...)` returns it) and compiles it into every output file, in
 * memory. Rejects with a SloforgeInputError naming the file, the SLO and the field for invalid
 * input. Asynchronous so that importing the catalog API stays light: the compiler, zod and the
 * Grafana SDK load on the first call.
 */
export async function compile(catalog: CatalogInput, source = 'catalog'): Promise<Compilation> {
  const [{ validateCatalog }, { compileCatalog }] = await Promise.all([import('./catalog/validate.js'), import('./compile.js')]);
  return compileCatalog(validateCatalog(catalog, source));
}
