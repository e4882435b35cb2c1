/**
 * The swap's journal (generated/.sloforge-journal.json): the renames of staged files over their
 * targets and the deletions of stale files, written before any of them runs. It is the commit
 * point: a run killed after writing it is completed by the next run (docs/output.md).
 */
import { existsSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JOURNAL_PATH, isOwnedPath, readIfExists, io, tempOf } from './owned-paths.js';

export interface Journal {
  renames: Array<[string, string]>;
  deletes: string[];
}

/** Writes the journal whole (a temporary renamed over it): once it exists, the swap will complete. */
export function commitJournal(outDir: string, journal: Journal): void {
  const journalFile = path.join(outDir, JOURNAL_PATH);
  io('write', JOURNAL_PATH, () => {
    writeFileSync(tempOf(journalFile), JSON.stringify(journal));
    renameSync(tempOf(journalFile), journalFile);
  });
}

/** Completes the renames and deletions of a run that was killed during its swap. */
export function completeJournal(outDir: string): boolean {
  const file = path.join(outDir, JOURNAL_PATH);
  const text = readIfExists(file);
  if (text === undefined) return false;
  const journal = JSON.parse(text) as Journal;
  renameAll(
    outDir,
    journal.renames.filter(([temp, target]) => isOwnedPath(temp) && isOwnedPath(target)),
  );
  finishJournal(outDir, journal.deletes);
  return true;
}

/** The journal's deletions, then the journal itself: the swap is complete. */
export function finishJournal(outDir: string, deletes: string[]): void {
  for (const relative of deletes) if (isOwnedPath(relative)) deleteOwned(outDir, relative);
  rmSync(path.join(outDir, JOURNAL_PATH), { force: true });
}

/** Renames this process's staged files over their targets. */
export function renameStaged(outDir: string, targets: string[]): void {
  renameAll(
    outDir,
    targets.map((target) => [tempOf(target), target]),
  );
}

/** Each [temporary, target] pair: the temporary renamed over its target. */
function renameAll(outDir: string, renames: Array<[string, string]>): void {
  for (const [temp, target] of renames) io('rename', target, () => renameIfThere(path.join(outDir, temp), path.join(outDir, target)));
}

/** A rename whose source an interrupted run may already have moved: tried, not looked up first (31,000 stat calls at 10,000 SLOs). */
function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function deleteOwned(outDir: string, relative: string): void {
  io('delete', relative, () => rmSync(path.join(outDir, relative), { force: true }));
  let dir = path.dirname(relative);
  // Empty folders left behind go too, up to (not including) alerts/ and generated/ themselves.
  while (dir.includes('/')) {
    const absolute = path.join(outDir, dir);
    if (!existsSync(absolute) || readdirSync(absolute).length > 0) return;
    rmdirSync(absolute);
    dir = path.dirname(dir);
  }
}
