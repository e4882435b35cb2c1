/**
 * Loads a TypeScript catalog module and validates it: the only I/O of the catalog layer.
 * The catalog's own TypeScript files are bundled with esbuild (types stripped, no type check)
 * and imported as one module; everything else it imports (sloforge itself, npm packages,
 * JavaScript files) is left to Node by absolute path. An inline source map keeps stack frames,
 * and so the builders' file:line, pointing at the catalog's own lines. Chosen over tsx's loader:
 * no loader thread to start, which halves the start-up of every command that reads a catalog.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

export async function loadCatalog(catalogPath: string): Promise<CatalogSpec> {
  const absolute = path.resolve(catalogPath);
  const display = path.relative(process.cwd(), absolute) || absolute;
  if (!existsSync(absolute)) throw new CatalogError([`${display}: catalog file not found`]);
  // esbuild bundles in its own process: load zod and the schemas meanwhile.
  const [code, { validateCatalog }] = await Promise.all([bundle(absolute, display), import('./validate.js')]);
  // The bundle runs from a private temporary file: Node maps its stack frames (and so the
  // builders' file:line) back to the catalog's .ts lines only for file URLs.
  const dir = mkdtempSync(path.join(tmpdir(), 'sloforge-catalog-'));
  let module: Record<string, unknown>;
  try {
    const file = path.join(dir, 'catalog.mjs');
    writeFileSync(file, code);
    process.setSourceMapsEnabled(true);
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    // A builder's own complaint already names the file, the line and the SLO.
    if ((error as Error).name === 'CatalogError') throw error;
    throw new CatalogError([`${catalogFrame(error) ?? display}: the catalog module failed to load: ${(error as Error).message}`]);
  } finally {
    // Only the catalog's frames need mapping; the compiler's modules load faster without it.
    process.setSourceMapsEnabled(false);
    rmSync(dir, { recursive: true, force: true });
  }
  const exported = module.default ?? module.catalog;
  if (exported === undefined) throw new CatalogError([`${display}: the module has no default export (export default catalog(...))`]);
  return validateCatalog(exported, display);
}
