#!/usr/bin/env node
// Builds dist/: the package API (dist/index.js) and the CLI (dist/cli.js) bundled with esbuild,
// split into chunks so that each command loads only what it needs; then the API's type declarations.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { index: 'src/index.ts', cli: 'src/cli/main.ts', 'generate-worker': 'src/cli/generate-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies are bundled and tree-shaken (the Grafana SDK alone is 229 CommonJS files):
  // start-up reads a few files. esbuild stays a package: it bundles the user's TypeScript catalog.
  // re2js is required only for label regexes beyond the plain ones (src/core/re2.ts).
  external: ['esbuild', 're2js'],
  legalComments: 'linked',
  // Bundled CommonJS packages require Node's built-ins: give ES modules a require().
  banner: { js: "import { createRequire as __sloforgeCreateRequire } from 'node:module'; const require = __sloforgeCreateRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  // Smaller code parses faster: start-up is most of a command's time.
  minify: true,
  // No source maps: the builders find the catalog's line by skipping their own (dist) frames.
  sourcemap: false,
  logLevel: 'warning',
  define: { SLOFORGE_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
});
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
// The stamp of a complete build: tests rebuild dist/ when a source is newer (tests/setup/fresh-dist.ts).
writeFileSync('dist/.built', `${new Date().toISOString()}\n`);
