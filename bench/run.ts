/**
 * Benchmarks of sloforge itself, measured in one run so that their ratios hold on a noisy
 * machine: whole-process wall times of the CLI next to `node -e ''` (the floor), and the pure
 * compiler in process. Writes bench/results/latest.json and gates it against bench/baseline.json
 * with `sloforge bench-check` (BENCH_UPDATE_BASELINE=1 replaces the baseline instead).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import kimberly from '../slos/index.js';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';

const RUNS = 9;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function seconds(runs: number, fn: () => void): number[] {
  return Array.from({ length: runs }, () => {
    const started = performance.now();
    fn();
    return (performance.now() - started) / 1000;
  });
}

function processSeconds(args: string[]): number[] {
  return seconds(RUNS, () => {
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  });
}

const spec = validateCatalog(kimberly, 'slos/index.ts');
compileCatalog(spec); // warm-up
const metrics = {
  node_startup_seconds: processSeconds(['-e', '']),
  cli_help_seconds: processSeconds(['bin/sloforge.mjs', '--help']),
  validate_shop_seconds: processSeconds(['bin/sloforge.mjs', 'validate', '--catalog', 'examples/shop/slos/index.ts']),
  generate_check_kimberly_seconds: processSeconds(['bin/sloforge.mjs', 'generate', '--check']),
  compile_kimberly_seconds: seconds(20, () => compileCatalog(spec)),
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify({ metrics }, null, 2)}\n`);

const floor = median(metrics.node_startup_seconds);
const { files, model } = compileCatalog(spec);
console.log(`Kimberly: ${model.instances.length} SLO instances, ${model.capacities.length} capacity targets -> ${files.length} files`);
console.log("| measurement | median | vs node -e '' | goal |");
console.log('|---|---|---|---|');
const row = (name: string, values: number[], goal: string) =>
  console.log(`| ${name} | ${median(values).toFixed(3)} s | ${(median(values) / floor).toFixed(1)}× | ${goal} |`);
row("node -e '' (the floor)", metrics.node_startup_seconds, '-');
row('sloforge --help', metrics.cli_help_seconds, '≤ 0.25 s');
row('sloforge validate (examples/shop, 7 SLOs)', metrics.validate_shop_seconds, '≤ 0.25 s');
row('sloforge generate --check (Kimberly)', metrics.generate_check_kimberly_seconds, '≤ 0.5 s');
row('compile in process (Kimberly)', metrics.compile_kimberly_seconds, '-');

const gate = spawnSync(
  process.execPath,
  [
    'bin/sloforge.mjs',
    'bench-check',
    '--catalog',
    'bench/gates.ts',
    '--baseline',
    'bench/baseline.json',
    '--current',
    'bench/results/latest.json',
    ...(process.env.BENCH_UPDATE_BASELINE ? ['--update-baseline'] : []),
  ],
  { encoding: 'utf8', stdio: 'inherit' },
);
process.exitCode = gate.status ?? 1;
