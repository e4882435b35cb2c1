import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { loadCatalog } from '../catalog/load.js';
import { benchCheck } from '../bench/compare.js';
import { BenchInputError, parseBenchInput } from '../bench/formats.js';
import { renderBenchCheck } from '../bench/render.js';
import type { ReportFormat } from '../core/table.js';

function read(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BenchInputError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { text, input: parseBenchInput(text, file) };
}

export async function benchCheckCommand(options: {
  baseline: string;
  current: string;
  catalog: string;
  format: ReportFormat;
  updateBaseline?: boolean;
}): Promise<void> {
  const catalog = await loadCatalog(options.catalog);
  const gates = catalog.services.flatMap((s) => s.regressionGates);
  const baseline = read(options.baseline);
  const current = read(options.current);
  const result = benchCheck(gates, baseline.input, current.input);
  process.stdout.write(renderBenchCheck(result, options.format));
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  if (options.updateBaseline) {
    // Atomic: a reader sees the old baseline or the new one, never half of it.
    const temp = `${options.baseline}.tmp-${process.pid}`;
    writeFileSync(temp, current.text);
    renameSync(temp, options.baseline);
    process.stderr.write(`updated the baseline ${options.baseline} from ${options.current}\n`);
  }
  if (result.regressions > 0) process.exitCode = 1;
}
