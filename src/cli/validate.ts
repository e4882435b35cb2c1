import { loadCatalog } from '../catalog/load.js';
import { compileCatalog } from '../compile.js';

export async function validateCommand(options: { catalog: string }): Promise<void> {
  const { model, files } = compileCatalog(await loadCatalog(options.catalog));
  process.stdout.write(`${options.catalog}: valid, ${model.instances.length} SLO instances, ${files.length} files would be generated\n`);
}
