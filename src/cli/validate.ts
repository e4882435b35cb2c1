import { loadCatalog } from '../catalog/load.js';
import { reportFeasibility, reportMaintenance } from './maintenance.js';

export async function validateCommand(options: { catalog: string }): Promise<void> {
  // The compiler's modules load while esbuild bundles the catalog in its own process.
  const [catalog, { compileChecked }] = await Promise.all([loadCatalog(options.catalog), import('../compile-checked.js')]);
  const { model, files } = compileChecked(catalog);
  reportMaintenance(model.instances);
  reportFeasibility(model.feasibility);
  process.stdout.write(
    `${options.catalog}: valid, ${model.instances.length} SLO instances, ${model.capacities.length} capacity targets; rules, promtool tests, routing and budgets compile (${files.length} files; generate also builds the dashboards)\n`,
  );
}
