/**
 * Tests run what they test: the CLI tests run bin/sloforge.mjs, which loads dist/, so before any
 * test (and before each rerun in watch mode) dist/ is rebuilt when a source it is built from is
 * newer than the last build. `npx vitest run tests/x.test.ts` after an edit of src/ then tests
 * the edit, not an old build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The newest modification time (ms) of the files dist/ is built from. */
function newestSource(root: string): number {
  const walk = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
      const file = path.join(dir, entry.name);
      return Math.max(newest, entry.isDirectory() ? walk(file) : statSync(file).mtimeMs);
    }, 0);
  return Math.max(
    walk(path.join(root, 'src')),
    ...['scripts/build.mjs', 'tsconfig.build.json', 'package.json'].map((f) => statSync(path.join(root, f)).mtimeMs),
  );
}

/** The build's stamp (written last by the build), or 0 when dist/ was never built. */
const builtAt = (root: string) => {
  const stamp = path.join(root, 'dist/.built');
  return existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
};

/** Rebuilds dist/ when a source is newer than the build; returns whether it did. */
export function ensureFreshDist(root = ROOT): boolean {
  if (builtAt(root) >= newestSource(root)) return false;
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  return true;
}

export default function setup(project: { onTestsRerun?: (callback: () => void | Promise<void>) => void }): void {
  ensureFreshDist();
  project.onTestsRerun?.(() => {
    ensureFreshDist();
  });
}
