/** Loads a TypeScript catalog module (run under tsx) and validates it. The only I/O of the catalog layer. */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import type { CatalogSpec } from './schema.js';
import { CatalogError, validateCatalog } from './validate.js';

export async function loadCatalog(catalogPath: string): Promise<CatalogSpec> {
  const absolute = path.resolve(catalogPath);
  const display = path.relative(process.cwd(), absolute) || absolute;
  if (!existsSync(absolute)) throw new CatalogError([`${display}: catalog file not found`]);
  let module: Record<string, unknown>;
  try {
    // tsImport loads TypeScript whether or not the catalog's folder declares "type": "module".
    module = (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    throw new CatalogError([`${display}: the catalog module failed to load: ${(error as Error).message}`]);
  }
  // A catalog compiled as CommonJS arrives wrapped once more: { default: { default: catalog } }.
  const exported = module.default ?? module.catalog;
  const raw = isWrapped(exported) ? exported.default : exported;
  if (raw === undefined) throw new CatalogError([`${display}: the module has no default export (export default catalog(...))`]);
  return validateCatalog(raw, display);
}

function isWrapped(value: unknown): value is { default: unknown } {
  return typeof value === 'object' && value !== null && !('services' in value) && 'default' in value;
}
