/**
 * Where a catalog entry was written: the file and line of the builder call, found on the stack.
 * Kept absolute in the catalog; shown relative to the working directory in errors, and relative
 * to the output root in generated files, so that --check gives the same bytes from any folder.
 */
import { findSourceMap, type SourceMapping } from 'node:module';
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

/**
 * The stack as V8's call sites, unformatted: a formatted stack maps every frame through the
 * catalog's source map, and the builders ask thousands of times (half the load of a 10,000-SLO
 * catalog); here only the frames read are mapped.
 */
function callSites(): NodeJS.CallSite[] {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, sites) => sites;
  try {
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callSites);
    return holder.stack as NodeJS.CallSite[];
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** A call site's location as Node prints it with source maps on: through the module's source map where it maps the position. */
function siteLocation(site: NodeJS.CallSite): string {
  if (site.isNative()) return 'native';
  const file = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!file || line === null || column === null) return site.isEval() ? 'eval' : '<anonymous>';
  const entry = file.startsWith('node:') ? undefined : (findSourceMap(file)?.findEntry(line - 1, column - 1) as Partial<SourceMapping> | undefined);
  if (entry?.originalSource && entry.originalLine !== undefined && entry.originalColumn !== undefined)
    return `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  return `${file}:${line}:${column}`;
}

/** The builders' folder, as a path and as the URL prefix of its modules (whose frames are skipped without parsing). */
const here = import.meta.url.startsWith('file:') ? path.dirname(fileURLToPath(import.meta.url)) : undefined;
const hereUrl = import.meta.url.slice(0, import.meta.url.lastIndexOf('/') + 1);

/** The catalog file and line (absolute) that called a builder of this folder. */
export function callerSource(): string | undefined {
  for (const site of callSites()) {
    const file = site.getFileName();
    if (here && file?.startsWith(hereUrl) && !file.includes('/', hereUrl.length)) continue;
    const location = frameLocation(`at ${siteLocation(site)}`);
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
