/**
 * The paths sloforge owns in an output folder (alerts/ and generated/, nothing else), its own files
 * there (manifest, lock, journal, temporaries), and file-system access that names the file on failure.
 */
import { createHash } from 'node:crypto';
import { type Dirent, existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { OutputError } from '../core/errors.js';

export const MANIFEST_PATH = 'generated/.sloforge-manifest.json';

export const LOCK_PATH = 'generated/.sloforge.lock';

export const JOURNAL_PATH = 'generated/.sloforge-journal.json';

/** The folders sloforge owns below the output root: the only places it writes, reads back or deletes. */
export const OWNED_ROOTS = ['alerts', 'generated'];

export const TEMP_RE = /\.tmp-\d+$/;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A relative path inside one of the owned folders, without `..`: the only kind sloforge touches. */
export function isOwnedPath(relative: string): boolean {
  const parts = relative.split(/[\\/]/);
  return !path.isAbsolute(relative) && !parts.includes('..') && !parts.includes('') && OWNED_ROOTS.includes(parts[0]) && parts.length > 1;
}

export function assertSafePath(relative: string): void {
  if (!isOwnedPath(relative)) throw new Error(`refusing to write outside the output folder's alerts/ and generated/: ${relative}`);
}

/**
 * Refuses a folder of the output that a symbolic link takes outside the output root: a linked
 * generated/ would have sloforge create, replace and delete files elsewhere. The nearest existing
 * ancestor is resolved before anything is created below it, since mkdir follows links too.
 */
export function assertInsideOutput(outDir: string, relativeDir: string): void {
  // A new output folder holds no link yet (the user chose --out, whatever it resolves to).
  if (!existsSync(outDir)) return;
  const root = realpathSync(outDir);
  let existing = path.join(outDir, relativeDir);
  // ENOTDIR (a file where a folder goes) is left to the mkdir that follows, which names it.
  const present = (p: string) => {
    try {
      return lstatSync(p, { throwIfNoEntry: false }) !== undefined;
    } catch {
      return false;
    }
  };
  while (!present(existing)) existing = path.dirname(existing);
  let resolved: string;
  try {
    resolved = realpathSync(existing);
  } catch {
    throw new OutputError(`${path.relative(outDir, existing) || existing}: a symbolic link that leads nowhere; remove it, and sloforge creates the folder`);
  }
  if (resolved !== root && !resolved.startsWith(`${root}${path.sep}`))
    throw new OutputError(
      `${path.relative(outDir, existing)}: a symbolic link to ${resolved}, outside the output folder ${root}; sloforge writes only inside it: replace the link with a folder, or give --out the real path`,
    );
}

export function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Every file below the owned folders, as paths relative to the output root (links are not followed). */
export function ownedFiles(outDir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    const absolute = path.join(outDir, relative);
    let entries: Dirent[];
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw error;
    }
    // The entries' own types, from the folder listing: one call per folder, and links are neither walked nor listed.
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) found.push(child);
    }
  };
  OWNED_ROOTS.forEach(walk);
  return found;
}

export function leftovers(outDir: string): string[] {
  const temps = ownedFiles(outDir).filter((f) => TEMP_RE.test(f));
  return existsSync(path.join(outDir, JOURNAL_PATH)) ? [...temps, JOURNAL_PATH] : temps;
}

/** A file-system failure as an OutputError that names the file and what went wrong. */
function outputError(what: string, file: string, error: unknown): OutputError {
  if (error instanceof OutputError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new OutputError(`cannot ${what} ${file}: ${code} (${(error as Error).message})`);
}

export function io<T>(what: string, file: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw outputError(what, file, error);
  }
}

export const tempOf = (relative: string) => `${relative}.tmp-${process.pid}`;
