#!/usr/bin/env node
// The sloforge CLI, compiled to dist/ (npm run build): sloforge's own code is plain JavaScript
// at run time; only the user's TypeScript catalog goes through a loader (tsx).
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// A run lasts seconds, so V8's optimizing compiler costs more than its code saves: in a one-thread
// generate of 10,000 SLOs its compile jobs took 2.8 s of CPU, and every thread compiles its own.
// With less inlining that run took 4.7 s instead of 5.2 s in 2 threads, and 1,000 SLOs 0.85 s
// instead of 0.99 s. Set before any of sloforge's code runs; threads share the process's flags.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=100');

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('sloforge: dist/ is missing; build it with `npm run build` (make does it for you)\n');
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv);
