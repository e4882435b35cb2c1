/**
 * A short calibration: a fixed piece of work (parsing and printing JSON, the kind of CPU work the
 * suite does) timed five times after a warm-up, its median set against what it takes on a quiet 2-core machine.
 * The factor is that ratio or the load average per core, whichever is higher, at least 1 and at
 * most 6: time limits scale with it (tests/helpers/slowdown.ts).
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

/** The work's median on a quiet machine of the kind CI runs on (2 cores), in milliseconds. */
const QUIET_MS = 12; // measured 9.8–12.2 ms on the quiet CI-like machine, 2026-12-07

function work(): void {
  const doc = Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `slo-${i}`, values: [i, i * 2, i * 3], nested: { ok: i % 2 === 0 } }));
  for (let round = 0; round < 5; round++) JSON.parse(JSON.stringify(doc));
}

export function measureSlowdown(): number {
  work(); // the first run compiles: not timed
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  const median = times.sort((a, b) => a - b)[2];
  // A short run can fall in a quiet moment of a busy machine: the load average (runnable processes
  // per core over the last minute) says how crowded the cores have been.
  const crowding = loadavg()[0] / availableParallelism();
  return Math.round(Math.min(6, Math.max(1, median / QUIET_MS, crowding)) * 100) / 100;
}
