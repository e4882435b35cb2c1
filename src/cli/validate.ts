import { loadCatalog } from '../catalog/load.js';
import { compileChecked } from '../compile-checked.js';
import { reportMaintenance } from './generate.js';

export async function validateCommand(options: { catalog: string }): Promise<void> {
  const { model, files } = compileChecked(await loadCatalog(options.catalog));
  reportMaintenance(model.instances);
  process.stdout.write(
    `${options.catalog}: valid, ${model.instances.length} SLO instances, ${model.capacities.length} capacity targets; rules, promtool tests, routing and budgets compile (${files.length} files; generate also builds the dashboards)\n`,
  );
}
