import { loadCatalog } from '../catalog/load.js';
import { resolveCatalog } from '../model/resolve.js';
import { renderBudgets } from '../reports/budgets.js';
import type { ReportFormat } from '../reports/format.js';

export async function budgetCommand(options: { catalog: string; format: ReportFormat }): Promise<void> {
  process.stdout.write(renderBudgets(resolveCatalog(await loadCatalog(options.catalog)), options.format));
}
