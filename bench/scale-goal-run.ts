/** `npm run bench:scale-goal`: the goal's rows on both catalogs, into docs/benchmarks.md's section (see bench/scale-goal.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { renderScaleGoalSection, replaceScaleGoalSection, scaleGoalRows } from './scale-goal.js';

const rows = await scaleGoalRows();
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const section = renderScaleGoalSection(rows, new Date().toISOString().slice(0, 10), machine);
writeFileSync('docs/benchmarks.md', replaceScaleGoalSection(readFileSync('docs/benchmarks.md', 'utf8'), section));
console.log(section);
