/**
 * Benchmarks of sloforge itself: the pure compiler on the Kimberly catalog, and the whole CLI
 * (`generate --check`: process start, TypeScript catalog load, compile, compare). Medians of
 * repeated runs, measured in one run; `make bench` prints them.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import kimberly from '../slos/index.js';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(runs: number, fn: () => void): number[] {
  return Array.from({ length: runs }, () => {
    const started = performance.now();
    fn();
    return performance.now() - started;
  });
}

const spec = validateCatalog(kimberly, 'slos/index.ts');
compileCatalog(spec); // warm-up
const compile = time(20, () => compileCatalog(spec));
const { files, model } = compileCatalog(spec);
const bytes = files.reduce((sum, f) => sum + f.content.length, 0);
const cli = time(5, () => {
  const result = spawnSync(process.execPath, ['bin/sloforge.mjs', 'generate', '--check'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`generate --check failed: ${result.stderr}`);
});

const compileMs = median(compile);
const cliMs = median(cli);
console.log(
  `catalog: ${model.instances.length} SLO instances, ${model.capacities.length} capacity targets -> ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB`,
);
console.log(`compile (pure, in-process): median ${compileMs.toFixed(1)} ms over ${compile.length} runs`);
console.log(`sloforge generate --check (CLI, new process): median ${cliMs.toFixed(0)} ms over ${cli.length} runs`);
console.log(`ratio CLI / compile: ${(cliMs / compileMs).toFixed(1)}x (process start, tsx and catalog load dominate)`);
