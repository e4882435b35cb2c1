/**
 * The incident corpus alone (`make bench` runs it too): scores sloforge, Sloth and Pyrra on it and
 * writes docs/benchmarks.md's section and bench/results.json's `incidents` (BENCH_QUICK=1: the
 * quick slice, into bench/results/quick-incidents.md only).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { incidentMetrics, renderIncidentSection, replaceIncidentSection } from './report.js';
import { runIncidentCorpus } from './run.js';

export async function incidentBenchmark(quick: boolean): Promise<{ section: string; metrics: ReturnType<typeof incidentMetrics> }> {
  const slice = quick ? 'quick' : 'full';
  const run = await runIncidentCorpus(slice);
  const section = renderIncidentSection({
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    slice,
    stats: run.stats,
    score: run.score,
    tools: run.tools,
    scenarios: run.scenarios.length,
  });
  return { section, metrics: incidentMetrics(run.score, run.tools) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = Boolean(process.env.BENCH_QUICK);
  const { section, metrics } = await incidentBenchmark(quick);
  console.log(section);
  if (quick) {
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/quick-incidents.md', `${section}\n`);
  } else {
    writeFileSync('docs/benchmarks.md', replaceIncidentSection(readFileSync('docs/benchmarks.md', 'utf8'), section));
    const results = JSON.parse(readFileSync('bench/results.json', 'utf8')) as { metrics: Record<string, unknown> };
    results.metrics.incidents = metrics;
    writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  }
}
