/**
 * Writes generated files atomically (temp file + rename), deletes stale files that an earlier
 * run generated (per the manifest, and only while untouched), and checks committed output.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GeneratedFile } from '../core/generated-file.js';

export const MANIFEST_PATH = 'generated/.sloforge-manifest.json';

interface Manifest {
  generator: 'sloforge';
  files: Record<string, string>;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function manifestFile(files: GeneratedFile[]): GeneratedFile {
  const entries = [...files].sort((a, b) => a.path.localeCompare(b.path, 'en'));
  const manifest: Manifest = { generator: 'sloforge', files: Object.fromEntries(entries.map((f) => [f.path, sha256(f.content)])) };
  return { path: MANIFEST_PATH, content: `${JSON.stringify(manifest, null, 2)}\n` };
}

function readManifest(outDir: string): Manifest | undefined {
  const file = path.join(outDir, MANIFEST_PATH);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    return parsed.generator === 'sloforge' && typeof parsed.files === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Files an earlier run generated, that this run does not, and that nobody edited since. */
function staleFiles(outDir: string, files: GeneratedFile[]): { stale: string[]; edited: string[] } {
  const previous = readManifest(outDir);
  const current = new Set(files.map((f) => f.path));
  const stale: string[] = [];
  const edited: string[] = [];
  for (const [relative, hash] of Object.entries(previous?.files ?? {})) {
    if (current.has(relative)) continue;
    const content = readIfExists(path.join(outDir, relative));
    if (content === undefined) continue;
    (sha256(content) === hash ? stale : edited).push(relative);
  }
  return { stale: stale.sort(), edited: edited.sort() };
}

function assertSafePath(relative: string): void {
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) throw new Error(`refusing to write outside the output folder: ${relative}`);
}

export interface WriteResult {
  written: string[];
  unchanged: string[];
  deleted: string[];
  /** Stale files left alone because they were edited by hand. */
  keptEdited: string[];
}

export function writeGeneratedFiles(outDir: string, files: GeneratedFile[]): WriteResult {
  const all = [...files, manifestFile(files)];
  all.forEach((f) => assertSafePath(f.path));
  const { stale, edited } = staleFiles(outDir, files);
  const result: WriteResult = { written: [], unchanged: [], deleted: [], keptEdited: edited };
  // Stage every changed file first, then rename: a failure while staging leaves the old output whole.
  const staged: Array<{ temp: string; target: string; relative: string }> = [];
  try {
    for (const file of all) {
      const target = path.join(outDir, file.path);
      if (readIfExists(target) === file.content) {
        if (file.path !== MANIFEST_PATH) result.unchanged.push(file.path);
        continue;
      }
      mkdirSync(path.dirname(target), { recursive: true });
      const temp = `${target}.tmp-${process.pid}`;
      writeFileSync(temp, file.content);
      staged.push({ temp, target, relative: file.path });
    }
  } catch (error) {
    staged.forEach(({ temp }) => rmSync(temp, { force: true }));
    throw error;
  }
  for (const { temp, target, relative } of staged) {
    renameSync(temp, target);
    if (relative !== MANIFEST_PATH) result.written.push(relative);
  }
  for (const relative of stale) {
    rmSync(path.join(outDir, relative));
    removeEmptyParents(outDir, path.dirname(relative));
    result.deleted.push(relative);
  }
  return result;
}

function removeEmptyParents(outDir: string, relativeDir: string): void {
  let dir = relativeDir;
  while (dir && dir !== '.' && dir.includes('/')) {
    const absolute = path.join(outDir, dir);
    if (!existsSync(absolute) || readdirSync(absolute).length > 0) return;
    rmdirSync(absolute);
    dir = path.dirname(dir);
  }
}

export interface CheckResult {
  missing: string[];
  changed: string[];
  stale: string[];
}

export function checkGeneratedFiles(outDir: string, files: GeneratedFile[]): CheckResult {
  const result: CheckResult = { missing: [], changed: [], stale: [] };
  for (const file of [...files, manifestFile(files)]) {
    const existing = readIfExists(path.join(outDir, file.path));
    if (existing === undefined) result.missing.push(file.path);
    else if (existing !== file.content) result.changed.push(file.path);
  }
  const { stale, edited } = staleFiles(outDir, files);
  result.stale = [...stale, ...edited].sort();
  return result;
}

export function isClean(check: CheckResult): boolean {
  return check.missing.length + check.changed.length + check.stale.length === 0;
}
