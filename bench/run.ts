/**
 * Benchmarks of sloforge itself, measured in one run so that their ratios hold on a noisy
 * machine: whole-process wall times of the CLI next to `node -e ''` (the floor), and the pure
 * compiler in process. Writes bench/results/latest.json and gates it against bench/baseline.json
 * with `sloforge bench-check` (BENCH_UPDATE_BASELINE=1 replaces the baseline instead).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import kimberly from '../slos/index.js';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import { detectionTimes } from './detection.js';
import { median } from './eval-cost/measure.js';
import { evalCostResults, renderEvalCostSection, replaceEvalCostSection } from './eval-cost/section.js';
import { incidentBenchmark } from './incidents/main.js';
import { replaceIncidentSection } from './incidents/report.js';
import { renderBenchmarks } from './report.js';
import { renderScaleGoalSection, replaceScaleGoalSection, scaleGoalRows } from './scale-goal.js';
import { ruleCost } from './rule-cost.js';
import { cleanUp, generateAtScale, medianGenerateAtScale, promtoolSuiteSeconds, TMPFS, type ScaleOptions, type ScaleRow } from './scale.js';

const RUNS = 9;

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

// Scale, rule cost and accuracy: docs/benchmarks.md and bench/results.json (BENCH_QUICK=1: the small sizes only).
const quick = Boolean(process.env.BENCH_QUICK);
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
const scaleRows: ScaleRow[] = [];
const kimberlyRun = generateAtScale(0, 'full', 'slos/index.ts');
cleanUp(kimberlyRun.out);
// 10,000 instances at each test depth, in both rule file layouts, and into memory (tmpfs) as well as
// onto the disk: the disk's speed varies several times over between runs on this machine.
// The tmpfs rows with tests are the goal's rows: each is the median of 3 runs.
const MEDIAN_OF = 3;
const scaleRuns: Array<[number, ScaleRow['tests'], ScaleOptions]> = [
  [100, 'full', {}],
  [1000, 'full', {}],
  ...(quick
    ? []
    : ([
        [10_000, 'full', {}],
        [10_000, 'smoke', {}],
        [10_000, 'none', {}],
        [10_000, 'none', { ruleFiles: 'per-service-env' }],
        ...(TMPFS
          ? [
              [10_000, 'full', { output: 'tmpfs' }],
              [10_000, 'full', { output: 'tmpfs', jobs: 1 }],
              [10_000, 'none', { output: 'tmpfs' }],
              [10_000, 'none', { ruleFiles: 'per-service-env', output: 'tmpfs' }],
            ]
          : []),
      ] as Array<[number, ScaleRow['tests'], ScaleOptions]>)),
];
for (const [instances, tests, options] of scaleRuns) {
  const row =
    options.output === 'tmpfs' && tests === 'full'
      ? medianGenerateAtScale(instances, tests, options, MEDIAN_OF)
      : generateAtScale(instances, tests, undefined, options);
  cleanUp(row.out);
  scaleRows.push(row);
  console.log(
    `generate ${instances} instances (tests ${tests}, ${row.ruleFiles}, ${row.output}): ${row.seconds.toFixed(1)} s (${row.loadSeconds.toFixed(1)} s load, ${row.threads} threads), ${row.peakRssMiB.toFixed(0)} MiB, ${row.files} files`,
  );
}
// The full suite at 1,000 instances is the goal (≤ 5 minutes); smaller sizes show how it grows.
const suiteSizes: Array<[number, 'full' | 'smoke']> = quick
  ? [
      [20, 'full'],
      [20, 'smoke'],
    ]
  : [
      [100, 'full'],
      [100, 'smoke'],
      [1000, 'smoke'],
      [1000, 'full'],
    ];
const suites = suiteSizes.map(([instances, tests]) => {
  const row = generateAtScale(instances, tests);
  const seconds = promtoolSuiteSeconds(row.out);
  cleanUp(row.out);
  console.log(`generated tests, ${instances} instances (${tests}): ${seconds.toFixed(1)} s`);
  return { instances, tests, seconds, perInstance: seconds / instances };
});
const cost = await ruleCost({ days: quick ? 3 : 31 });
const detection = quick ? [] : detectionTimes();
// Alert quality on the labelled incident corpus (the quick slice under BENCH_QUICK).
const incidents = await incidentBenchmark(quick);
const detectionUntiled = quick ? [] : detectionTimes('untiled');
// What the rules cost real engines over 10 minutes each (about 75 minutes in all): the full run only
// (BENCH_EVAL_RENDER_ONLY=1 reuses bench/eval-cost/results.json instead of measuring again).
const evalCost = quick ? undefined : await evalCostResults();
// The goal on the uniform and the heterogeneous catalog, side by side (full run only).
const scaleGoal = quick || !TMPFS ? undefined : await scaleGoalRows();
/** A scale row's key in results.json: the plain rows keep their old keys, so that bench-check can compare them. */
const scaleKey = (r: ScaleRow) =>
  [
    `${r.instances}_${r.tests}`,
    r.ruleFiles === 'per-slo' ? '' : `_${r.ruleFiles}`,
    r.output === 'disk' ? '' : `_${r.output}`,
    r.jobs ? `_jobs${r.jobs}` : '',
    r.catalog === 'heterogeneous' ? '_heterogeneous' : '',
  ].join('');
const results = {
  date,
  machine,
  quick,
  metrics: {
    generate_seconds: Object.fromEntries(scaleRows.map((r) => [scaleKey(r), r.seconds])),
    generate_load_seconds: Object.fromEntries(scaleRows.map((r) => [scaleKey(r), r.loadSeconds])),
    generate_peak_rss_mib: Object.fromEntries(scaleRows.map((r) => [scaleKey(r), r.peakRssMiB])),
    promtool_tests_seconds_per_instance: Object.fromEntries(suites.map((s) => [`${s.instances}_${s.tests}`, s.perInstance])),
    rule_samples_per_minute: Object.fromEntries(cost.rows.map((r) => [r.generator, r.samplesPerMinute])),
    period_error_ratio_relative_error: Object.fromEntries(cost.rows.map((r) => [r.generator, r.relativeError])),
    incidents: incidents.metrics,
    detection_minutes: Object.fromEntries(
      detection.flatMap((d) => d.tiers.map((t) => [`${d.objective}%_${d.burnRate.toFixed(1)}x_${t.alert}`, t.measuredMinutes ?? null])),
    ),
  },
};
writeFileSync(quick ? 'bench/results/quick.json' : 'bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
const withIncidents = replaceIncidentSection(
  renderBenchmarks({ date, machine, kimberly: kimberlyRun, scaleRows, suites, cost, detection, detectionUntiled }),
  incidents.section,
);
const withEvalCost = evalCost ? replaceEvalCostSection(withIncidents, renderEvalCostSection(evalCost)) : withIncidents;
const benchmarks = scaleGoal ? replaceScaleGoalSection(withEvalCost, renderScaleGoalSection(scaleGoal, date, machine)) : withEvalCost;
if (!quick) writeFileSync('docs/benchmarks.md', benchmarks);
console.log(benchmarks);

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
