/**
 * The 10,000-instance goal (≤ 5 s, ≤ 1 GiB) on two catalogs, side by side from one run: the uniform
 * bench catalog (bench/scale.ts) and the heterogeneous one (bench/heterogeneous.ts), each into
 * memory (tmpfs) in generate's default threads and in one, and onto the disk, with the default full
 * tests, and without tests. `npm run bench:scale-goal` alone; `make bench` runs it too.
 */
import { replaceSection } from './doc-section.js';
import { cleanUp, generateAtScale, medianGenerateAtScale, TMPFS, type ScaleOptions, type ScaleRow } from './scale.js';

const SECTION = { begin: '<!-- scale-goal:start -->', end: '<!-- scale-goal:end -->' };
const INSTANCES = 10_000;
const MEDIAN_OF = 3;

export async function scaleGoalRows(log: (line: string) => void = console.log): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const catalog of ['uniform', 'heterogeneous'] as const) {
    const runs: Array<[ScaleRow['tests'], ScaleOptions, boolean]> = [
      ...(TMPFS
        ? ([
            ['full', { output: 'tmpfs', catalog }, true],
            ['full', { output: 'tmpfs', jobs: 1, catalog }, true],
            ['none', { output: 'tmpfs', catalog }, false],
          ] as Array<[ScaleRow['tests'], ScaleOptions, boolean]>)
        : []),
      ['full', { output: 'disk', catalog }, false],
    ];
    for (const [tests, options, median] of runs) {
      const row = median ? medianGenerateAtScale(INSTANCES, tests, options, MEDIAN_OF) : generateAtScale(INSTANCES, tests, undefined, options);
      cleanUp(row.out);
      rows.push(row);
      log(`scale goal: ${catalog} ${tests} ${row.output} ${row.threads} threads: ${row.seconds.toFixed(2)} s, ${row.peakRssMiB.toFixed(0)} MiB`);
    }
  }
  return rows;
}

const verdict = (row: ScaleRow) => (row.seconds <= 5 && row.peakRssMiB <= 1024 ? 'met' : '**not met**');

export function renderScaleGoalSection(rows: ScaleRow[], date: string, machine: string): string {
  return [
    SECTION.begin,
    '## The 10,000-instance goal on two catalogs',
    '',
    `Measured by \`make bench\` (or \`npm run bench:scale-goal\` alone) on ${date}, on ${machine}. The uniform catalog`,
    '(`bench/scale.ts`: every service the same metric names, objectives and SLI kinds) beside the heterogeneous one',
    '(`bench/heterogeneous.ts`: each service its own metric and label names, buckets, objectives and periods, and',
    'three profiles of SLI kinds in turn, among them p50/p95/p99 and p90/p99 targets on one histogram). Both have',
    `10,000 instances. Rows into memory with tests are each the median of ${MEDIAN_OF} runs. Goal: ≤ 5 s and ≤ 1 GiB with the default full tests.`,
    '',
    '| catalog | tests | output | threads | wall | loading and resolving | compiling and writing | peak RSS | files | goal |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.catalog} | ${r.tests} | ${r.output} | ${r.threads}${r.jobs ? ' (--jobs)' : ''} | ${r.seconds.toFixed(2)} s${r.runSeconds ? ` (median of ${r.runSeconds.map((x) => x.toFixed(2)).join(', ')})` : ''} | ${r.loadSeconds.toFixed(2)} s | ${r.compileWriteSeconds.toFixed(2)} s | ${r.peakRssMiB.toFixed(0)} MiB | ${r.files} | ${r.tests === 'full' ? verdict(r) : '-'} |`,
    ),
    SECTION.end,
  ].join('\n');
}

export function replaceScaleGoalSection(doc: string, section: string): string {
  return replaceSection(doc, SECTION, section);
}
