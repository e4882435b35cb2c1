#!/usr/bin/env node
// The sloforge CLI, compiled to dist/ (npm run build): sloforge's own code is plain JavaScript
// at run time; only the user's TypeScript catalog goes through a loader (tsx).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('sloforge: dist/ is missing; build it with `npm run build` (make does it for you)\n');
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv);
