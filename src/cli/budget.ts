import { loadCatalog } from '../catalog/load.js';
import { resolveCatalog } from '../model/resolve.js';
import { renderBudgets } from '../emitters/budgets/budgets.js';
import type { ReportFormat } from '../core/table.js';

export async function budgetCommand(options: { catalog: string; format: ReportFormat }): Promise<void> {
  process.stdout.write(renderBudgets(resolveCatalog(await loadCatalog(options.catalog)), options.format));
}
