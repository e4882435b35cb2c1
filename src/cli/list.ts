import { loadCatalog } from '../catalog/load.js';
import { resolveCatalog } from '../model/resolve.js';
import { listRows } from '../model/listing.js';

export async function listCommand(options: { catalog: string; json?: boolean }): Promise<void> {
  const rows = listRows(resolveCatalog(await loadCatalog(options.catalog)));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const header = ['service', 'slo', 'env', 'kind', 'objective', 'period', 'error budget', 'alerting'];
  const table = rows.map((r) => [r.service, r.slo, r.env, r.kind, r.objective, r.period, r.errorBudget, r.alerting]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write([line(header), ...table.map(line)].join('\n') + '\n');
}
