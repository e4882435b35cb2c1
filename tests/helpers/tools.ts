/** Runs the real Prometheus tools and the CLI from tests. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedFile } from '../../src/core/generated-file.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function run(command: string, args: string[], cwd = PROJECT_ROOT): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

export function sloforge(args: string[], cwd = PROJECT_ROOT): SpawnSyncReturns<string> {
  return run(process.execPath, [path.join(PROJECT_ROOT, 'bin/sloforge.mjs'), ...args], cwd);
}

export function tempDir(prefix = 'sloforge-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function writeFiles(root: string, files: GeneratedFile[]): void {
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
    writeFileSync(path.join(root, file.path), file.content);
  }
}

export function promtool(args: string[], cwd = PROJECT_ROOT): SpawnSyncReturns<string> {
  return run('promtool', args, cwd);
}
