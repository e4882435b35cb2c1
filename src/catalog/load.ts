/**
 * Loads a TypeScript catalog module and validates it: the only I/O of the catalog layer.
 * The catalog's own TypeScript files are bundled with esbuild (types stripped, no type check)
 * and imported as one module; everything else it imports (sloforge itself, npm packages,
 * JavaScript files) is left to Node by absolute path. An inline source map keeps stack frames,
 * and so the builders' file:line, pointing at the catalog's own lines. Chosen over tsx's loader:
 * no loader thread to start, which halves the start-up of every command that reads a catalog.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type * as Esbuild from 'esbuild';
import type { CatalogSpec } from './schema.js';
import { CatalogError } from './catalog-error.js';
import { displaySource, frameLocation } from './source.js';

const TYPESCRIPT = /\.(?:ts|tsx|mts|cts)$/;

// esbuild is CommonJS: require() skips Node's scan of it for ES named exports (~10 ms a start).
const { build } = createRequire(import.meta.url)('esbuild') as typeof Esbuild;

/** The running sloforge's package entry: a catalog's `import … from 'sloforge'` gets this very copy. */
function ownEntry(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest) || (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name !== 'sloforge') continue;
    const built = path.join(dir, 'dist', 'index.js');
    return pathToFileURL(existsSync(built) ? built : path.join(dir, 'src', 'index.ts')).href;
  }
  throw new Error('sloforge: cannot find its own package.json');
}

/** Leaves every import that is not one of the catalog's TypeScript files to Node, by absolute URL. */
const externalByPath: Esbuild.Plugin = {
  name: 'sloforge-external',
  setup(builder) {
    builder.onResolve({ filter: /^sloforge$/ }, () => ({ path: ownEntry(), external: true }));
    builder.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind === 'entry-point' || args.pluginData === 'resolving' || args.path.startsWith('node:')) return undefined;
      const resolved = await builder.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
      if (resolved.errors.length > 0 || resolved.external || !resolved.path) return undefined;
      if (TYPESCRIPT.test(resolved.path) && !resolved.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};

function describeBuildError(message: Esbuild.Message, display: string): string {
  const where = message.location ? `${path.relative(process.cwd(), message.location.file) || display}:${message.location.line}` : display;
  return `${where}: the catalog does not compile: ${message.text}`;
}

async function bundle(absolute: string, display: string): Promise<string> {
  try {
    const result = await build({
      entryPoints: [absolute],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      outfile: `${absolute}.mjs`,
      plugins: [externalByPath],
      logLevel: 'silent',
    });
    const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))!.text;
    const map = JSON.parse(result.outputFiles.find((f) => f.path.endsWith('.map'))!.text) as { sources: string[] };
    // The module runs from a temporary folder, so the map names its sources by absolute file URL.
    map.sources = map.sources.map((source) => pathToFileURL(path.resolve(path.dirname(absolute), source)).href);
    return `${code.replace(/\/\/# sourceMappingURL=.*\n?$/, '')}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
  } catch (error) {
    const errors = (error as { errors?: Esbuild.Message[] }).errors;
    if (errors?.length) throw new CatalogError(errors.map((m) => describeBuildError(m, display)));
    throw new CatalogError([`${display}: the catalog module failed to load: ${(error as Error).message}`]);
  }
}

/** The catalog's own file:line in an error's (source-mapped) stack, if a frame is there. */
function catalogFrame(error: unknown): string | undefined {
  for (const frame of String((error as Error).stack ?? '').split('\n')) {
    const location = frameLocation(frame);
    if (typeof location === 'object' && TYPESCRIPT.test(location.file)) return displaySource(`${location.file}:${location.line}`);
  }
  return undefined;
}

/** How long a catalog module may take to load and settle, in seconds (--load-timeout). */
let loadTimeoutSeconds = 60;
export function setLoadTimeout(seconds: number): void {
  loadTimeoutSeconds = seconds;
}

/**
 * The catalog module runs in a worker thread: a module that never finishes (a loop, a promise
 * that never settles) is stopped at the time limit, and the verdict waits until the module has
 * settled, so that a late rejection is reported rather than printed after "valid". Its exports
 * come back by structured clone: catalogs are data (strings, numbers, RegExps, plain objects).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { inspect } = require('node:util');
process.setSourceMapsEnabled(true);
const describe = (error) => error instanceof Error
  ? { name: error.name, message: error.message, stack: String(error.stack), problems: Array.isArray(error.problems) ? error.problems.map(String) : undefined }
  : { thrown: inspect(error, { depth: 2, breakLength: Infinity }) };
const fail = (error, when) => { parentPort.postMessage({ failed: describe(error), when }); process.exit(1); };
process.on('unhandledRejection', (error) => fail(error, 'rejected'));
process.on('uncaughtException', (error) => fail(error, 'threw'));
import(workerData.url).then((module) => {
  const exported = module.default !== undefined ? module.default : module.catalog;
  try {
    parentPort.postMessage({ exported, hasExport: exported !== undefined });
  } catch (error) {
    parentPort.postMessage({ failed: { name: 'DataCloneError', message: 'the exported catalog is not plain data (' + error.message + '): export builder results, objects, arrays, strings, numbers and regular expressions' } });
  }
}, (error) => fail(error, 'load'));
`;

interface WorkerFailure {
  name?: string;
  message?: string;
  stack?: string;
  problems?: string[];
  thrown?: string;
}
type WorkerMessage = { exported: unknown; hasExport: boolean } | { failed: WorkerFailure; when?: 'rejected' | 'threw' | 'load' };

/** Temporary folders of catalog bundles this process made: removed on exit and on SIGINT/SIGTERM too. */
const temporary = new Set<string>();
function removeTemporary(): void {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  temporary.clear();
}
let cleanupInstalled = false;
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', removeTemporary);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeTemporary();
      // The default action, now that the folder is gone: end as the signal would have.
      process.kill(process.pid, signal);
    });
  }
}

/** A progress line while a catalog loads for long, on a terminal only (nothing in CI or in a pipe). */
function progress(display: string): () => void {
  if (!process.stderr.isTTY || process.env.CI) return () => undefined;
  const started = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    shown = true;
    process.stderr.write(`\rsloforge: loading ${display}: ${Math.round((Date.now() - started) / 1000)} s (limit ${loadTimeoutSeconds} s)`);
  }, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (shown) process.stderr.write('\r\u001b[2K');
  };
}

/** A failure in the catalog module, as the user's error: what was thrown, continuation lines indented by CatalogError. */
function loadFailure(failure: WorkerFailure, when: string | undefined, display: string): CatalogError {
  if (failure.name === 'CatalogError' && failure.problems) return new CatalogError(failure.problems);
  const what =
    failure.thrown !== undefined
      ? `it threw a value that is not an Error: ${failure.thrown}`
      : `${failure.name && failure.name !== 'Error' ? `${failure.name}: ` : ''}${failure.message ?? ''}`;
  const at = catalogFrame({ stack: failure.stack }) ?? display;
  const phase =
    when === 'rejected'
      ? 'a promise of the catalog module was rejected and not handled'
      : when === 'threw'
        ? 'the catalog module threw later'
        : 'the catalog module failed to load';
  return new CatalogError([`${at}: ${phase}: ${what}`]);
}

async function runModule(file: string, display: string): Promise<unknown> {
  const worker = new Worker(WORKER, { eval: true, workerData: { url: pathToFileURL(file).href }, stdout: false, stderr: false });
  const stop = progress(display);
  let result: WorkerMessage | undefined;
  worker.on('message', (message: WorkerMessage) => {
    // The first answer counts, except that a later failure (a late rejection) overrides a success.
    if (!result || 'failed' in message) result = message;
  });
  try {
    const exitCode = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(
          new CatalogError([
            `${display}: the catalog module did not ${result ? 'settle (it keeps timers, sockets or promises going)' : 'finish loading'} within ${loadTimeoutSeconds} s (--load-timeout)`,
          ]),
        );
      }, loadTimeoutSeconds * 1000);
      worker.once('error', (error) => {
        clearTimeout(timer);
        result = { failed: { name: error.name, message: error.message, stack: error.stack }, when: 'threw' };
        resolve(1);
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    if (result && 'failed' in result) throw loadFailure(result.failed, result.when, display);
    if (!result)
      throw new CatalogError([`${display}: the catalog module never finished loading (a top-level await that never settles?), exit code ${exitCode}`]);
    if (!result.hasExport) throw new CatalogError([`${display}: the module has no default export (export default catalog(...))`]);
    return result.exported;
  } finally {
    stop();
  }
}

export async function loadCatalog(catalogPath: string): Promise<CatalogSpec> {
  const absolute = path.resolve(catalogPath);
  const display = path.relative(process.cwd(), absolute) || absolute;
  if (!existsSync(absolute)) throw new CatalogError([`${display}: catalog file not found`]);
  // esbuild bundles in its own process: load zod and the schemas meanwhile.
  const [code, { validateCatalog }] = await Promise.all([bundle(absolute, display), import('./validate.js')]);
  // The bundle runs from a private temporary file: Node maps its stack frames (and so the
  // builders' file:line) back to the catalog's .ts lines only for file URLs.
  installCleanup();
  const dir = mkdtempSync(path.join(tmpdir(), 'sloforge-catalog-'));
  temporary.add(dir);
  let exported: unknown;
  try {
    const file = path.join(dir, 'catalog.mjs');
    writeFileSync(file, code);
    exported = await runModule(file, display);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    temporary.delete(dir);
  }
  return validateCatalog(exported, display);
}
