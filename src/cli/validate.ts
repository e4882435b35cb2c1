import { loadCatalog } from '../catalog/load.js';
import { compileCatalog } from '../compile.js';
import { reportMaintenance } from './generate.js';

export async function validateCommand(options: { catalog: string }): Promise<void> {
  const { model, files } = compileCatalog(await loadCatalog(options.catalog));
  reportMaintenance(model.instances);
  process.stdout.write(
    `${options.catalog}: valid, ${model.instances.length} SLO instances, ${model.capacities.length} capacity targets, ${files.length} files would be generated\n`,
  );
}
