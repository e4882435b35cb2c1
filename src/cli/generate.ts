import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCatalog } from '../catalog/load.js';
import type { RuleFileLayoutSpec, TargetKind, TestDepthSpec } from '../catalog/schema.js';
import { reportFeasibility, reportMaintenance } from './maintenance.js';
import { checkGeneratedFiles, isClean, writeGeneratedFiles } from '../output/write.js';

export async function generateCommand(options: {
  catalog: string;
  out: string;
  check?: boolean;
  target?: TargetKind;
  tests?: TestDepthSpec;
  ruleFiles?: RuleFileLayoutSpec;
}): Promise<void> {
  const started = performance.now();
  // The compiler's modules load while esbuild bundles the catalog in its own process.
  const [catalog, { compileCatalog }] = await Promise.all([loadCatalog(options.catalog), import('../compile.js')]);
  const { files, model } = compileCatalog(catalog, {
    sourceRoot: path.resolve(options.out),
    ...(options.target ? { target: options.target } : {}),
    ...(options.tests ? { tests: options.tests } : {}),
    ...(options.ruleFiles ? { ruleFiles: options.ruleFiles } : {}),
  });
  reportMaintenance(model.instances);
  reportFeasibility(model.feasibility);
  if (options.check) {
    const check = checkGeneratedFiles(options.out, files);
    if (isClean(check)) {
      process.stdout.write(`generate --check: ${files.length} files up to date\n`);
      return;
    }
    for (const problem of check.problems) process.stderr.write(`warning: ${problem}\n`);
    const lines = [
      ...check.missing.map((f) => `  missing  ${f}`),
      ...check.changed.map((f) => `  changed  ${f}`),
      ...check.stale.map((f) => `  stale    ${f} (no longer generated: delete it, or run sloforge generate)`),
      ...check.leftovers.map((f) => `  leftover ${f} (from a run that was killed: sloforge generate cleans it up)`),
    ];
    process.stderr.write(`generate --check: the output differs from what the catalog generates; run \`sloforge generate\`:\n${lines.join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  const compiled = performance.now();
  const result = await writeGeneratedFiles(options.out, files);
  const ms = Math.round(performance.now() - started);
  const writeMs = Math.round(performance.now() - compiled);
  process.stdout.write(
    `generated ${files.length} files for ${model.instances.length} SLO instances and ${model.capacities.length} capacity targets in ${ms} ms (${ms - writeMs} ms loading and compiling, ${writeMs} ms writing): ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.deleted.length} stale deleted\n`,
  );
  for (const problem of result.problems) process.stderr.write(`warning: ${problem}\n`);
  for (const f of result.recovered) process.stderr.write(`note: cleaned up after a run that was killed: ${f}\n`);
  for (const f of result.keptEdited) {
    process.stderr.write(
      `warning: ${f} is no longer generated but differs from what sloforge wrote (edited by hand, or not in the manifest); left in place: delete it if its alerts should stop\n`,
    );
  }
}
