import { loadCatalog } from '../catalog/load.js';
import { dependencyTree } from '../model/dependencies.js';
import { resolveCatalog } from '../model/resolve.js';
import { listRows } from '../model/listing.js';

export async function listCommand(options: { catalog: string; json?: boolean }): Promise<void> {
  const model = resolveCatalog(await loadCatalog(options.catalog));
  const rows = listRows(model);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const header = ['service', 'slo', 'env', 'kind', 'objective', 'future', 'period', 'budget', 'budget time', 'alerting'];
  const table = rows.map((r) => [
    r.service,
    r.slo,
    r.env,
    r.kind,
    r.objective,
    r.futureObjective ? `${r.futureLabel} ${r.futureObjective} (${r.futureErrorBudgetTime})` : '-',
    r.period ?? '-',
    r.errorBudget ?? '-',
    r.errorBudgetTime ?? '-',
    `${r.alerting}: ${r.alertPolicy}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  process.stdout.write([line(header), ...table.map(line)].join('\n') + '\n');
  const tree = dependencyTree(model.dependencies, model.feasibility);
  if (tree.length > 0)
    process.stdout.write(`\nDependencies (hard: serial, the objectives multiply; soft: degrades gracefully, not checked):\n${tree.join('\n')}\n`);
}
