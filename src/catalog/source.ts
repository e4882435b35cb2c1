/**
 * Where a catalog entry was written: the file and line of the builder call, found on the stack.
 * Kept absolute in the catalog; shown relative to the working directory in errors, and relative
 * to the output root in generated files, so that --check gives the same bytes from any folder.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file (absolute) and line of one stack frame, 'builtin' for frames without a file (Array.prototype.map), or undefined. */
export function frameLocation(frame: string): { file: string; line: string } | 'builtin' | undefined {
  // "at fn (LOCATION)" or "at LOCATION", LOCATION being file:line:column.
  const location = /^at (?:.*\((.*)\)|(.*))$/.exec(frame.trim());
  const text = location?.[1] ?? location?.[2] ?? '';
  if (text === '<anonymous>' || text === 'native' || text.startsWith('node:')) return 'builtin';
  const match = /^((?:file:\/\/)?\/[^():]+):(\d+):\d+$/.exec(text);
  if (!match) return undefined;
  return { file: match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1], line: match[2] };
}

/** The catalog file and line (absolute) that called a builder of this folder. */
export function callerSource(): string | undefined {
  const here = import.meta.url.startsWith('file:') ? path.dirname(fileURLToPath(import.meta.url)) : undefined;
  for (const frame of new Error().stack?.split('\n').slice(1) ?? []) {
    const location = frameLocation(frame);
    if (location === 'builtin') continue;
    if (location && (path.dirname(location.file) === here || location.file.includes(`${path.sep}node_modules${path.sep}`))) continue;
    // The first frame past the builders is the catalog's; one without a real file and line gives no source.
    return location ? `${location.file}:${location.line}` : undefined;
  }
  return undefined;
}

/** An absolute file:line relative to `root` (the working directory by default); anything else as it is. */
export function displaySource(source: string | undefined, root = process.cwd()): string {
  if (!source) return 'catalog';
  const match = /^(\/.*):(\d+)$/.exec(source);
  return match ? `${path.relative(root, match[1]) || match[1]}:${match[2]}` : source;
}
