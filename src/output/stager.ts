/** Staging: each generated file written beside its target as a temporary, or noted as already up to date. */
import { type Dirent, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GeneratedFile } from '../core/generated-file.js';
import { OWNED_ROOTS, sha256, assertSafePath, assertInsideOutput, ownedFiles, io, tempOf } from './owned-paths.js';

/** A file staged (or found already up to date) by a Stager: what the commit and the manifest need of it. */
export interface StagedFile {
  path: string;
  /** sha256 of the content, for the manifest. */
  hash: string;
  /** Written to `<path>.tmp-<pid>`, to be renamed over the target; false when the target already holds it. */
  staged: boolean;
}

/**
 * Stages files as they are compiled, so none is held longer than its write: a file that differs
 * from its target goes to a temporary beside it, one that matches is only noted. Writes are
 * synchronous: a third of the CPU of fs.promises' (measured on tmpfs), and a parallel generate
 * writes from every thread. All threads of a run share one suffix (the process id), so the commit
 * and the clean-up find every temporary.
 */
export class Stager {
  private readonly staged: StagedFile[] = [];
  /** Each folder seen, and whether this run created it. */
  private readonly folders = new Map<string, boolean>();

  constructor(private readonly outDir: string) {}

  stage(file: GeneratedFile): void {
    assertSafePath(file.path);
    const target = path.join(this.outDir, file.path);
    const hash = sha256(file.content);
    // Each folder is created once, not once per file in it (10,000 mkdir calls cost seconds).
    const dir = path.dirname(target);
    if (!this.folders.has(dir)) {
      assertInsideOutput(this.outDir, path.dirname(file.path));
      this.folders.set(dir, io('create', path.dirname(file.path), () => mkdirSync(dir, { recursive: true })) !== undefined);
    }
    // In a folder this run created, nothing is up to date: no need to look.
    if (!this.folders.get(dir) && holds(target, file.path, file.content)) {
      this.staged.push({ path: file.path, hash, staged: false });
      return;
    }
    const temp = tempOf(file.path);
    io('write', temp, () => writeFileSync(path.join(this.outDir, temp), file.content));
    this.staged.push({ path: file.path, hash, staged: true });
  }

  /** Every file staged or found up to date, in the order given. */
  done(): StagedFile[] {
    return this.staged;
  }
}

/** Whether a file holds exactly `content`: read only when its size matches (a missing file throws nothing). */
function holds(file: string, relative: string, content: string): boolean {
  return io('read', relative, () => {
    try {
      const stats = statSync(file, { throwIfNoEntry: false });
      return stats?.isFile() === true && stats.size === Buffer.byteLength(content) && readFileSync(file, 'utf8') === content;
    } catch (error) {
      // A file where one of its folders should be: staging fails on that folder, with its name.
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
      throw error;
    }
  });
}

/** Removes this process's temporaries: a run that failed before its journal leaves the output as it was. */
export function removeOwnTemps(outDir: string, runStarted: number): void {
  const suffix = tempOf('');
  for (const temp of ownedFiles(outDir).filter((f) => f.endsWith(suffix))) rmSync(path.join(outDir, temp), { force: true });
  OWNED_ROOTS.forEach((root) => removeNewEmptyFolders(outDir, root, runStarted));
}

/** Folders below `relative` that this run created (born since it started) and left empty, deepest first; older ones stay. */
function removeNewEmptyFolders(outDir: string, relative: string, runStarted: number): void {
  const absolute = path.join(outDir, relative);
  let entries: Dirent[];
  try {
    entries = readdirSync(absolute, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) if (entry.isDirectory()) removeNewEmptyFolders(outDir, `${relative}/${entry.name}`, runStarted);
  const stats = statSync(absolute, { throwIfNoEntry: false });
  // A file system without birth times (0) keeps everything; generated/ holds the lock until the end.
  if (stats && stats.birthtimeMs >= runStarted && readdirSync(absolute).length === 0) rmdirSync(absolute);
}
