/**
 * The evaluation-cost benchmark on its own (`npm run bench:eval-cost`; `make bench` runs it too):
 * writes bench/eval-cost/results.json and the section of docs/benchmarks.md.
 * BENCH_EVAL_MINUTES (10) and BENCH_EVAL_WARMUP_MINUTES (2) set the windows; BENCH_EVAL_SIZES
 * (100,1000,10000) the catalog sizes.
 */
import { runEvalCost } from './section.js';

await runEvalCost();
