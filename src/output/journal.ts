/**
 * The swap's journal (generated/.sloforge-journal.json): the renames of staged files over their
 * targets and the deletions of stale files, written before any of them runs. It is the commit
 * point: a run killed after writing it is completed by the next run (docs/output.md).
 */
import { existsSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OutputError } from '../core/errors.js';
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

/**
 * The journal's shape, checked before anything is renamed or deleted from it: sloforge writes it
 * whole (a temporary renamed into place), so one that does not parse was written by something else.
 * Nothing is touched then: which of its steps ran cannot be told.
 */
function parseJournal(text: string): Journal {
  const refuse = (why: string): never => {
    throw new OutputError(
      `${JOURNAL_PATH} is not a journal sloforge wrote (${why}): the swap of an interrupted run cannot be completed from it. Check alerts/ and generated/ (git status), delete the file and run again`,
    );
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return refuse('not JSON');
  }
  const { renames, deletes } = (parsed ?? {}) as Partial<Record<keyof Journal, unknown>>;
  const isPair = (r: unknown) => Array.isArray(r) && r.length === 2 && r.every((p) => typeof p === 'string');
  if (!Array.isArray(renames) || !renames.every(isPair)) return refuse('"renames" is not a list of [temporary, target] pairs');
  if (!Array.isArray(deletes) || !deletes.every((d) => typeof d === 'string')) return refuse('"deletes" is not a list of paths');
  return { renames: renames as Journal['renames'], deletes: deletes as string[] };
}

/** Completes the renames and deletions of a run that was killed during its swap. */
export function completeJournal(outDir: string): boolean {
  const file = path.join(outDir, JOURNAL_PATH);
  const text = readIfExists(file);
  if (text === undefined) return false;
  const journal = parseJournal(text);
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
