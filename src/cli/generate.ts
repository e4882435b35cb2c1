import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadCatalog } from '../catalog/load.js';
import { defaultTarget, type CatalogSpec, type RuleFileLayoutSpec, type TargetKind, type TestDepthSpec } from '../catalog/schema.js';
import { resolveCatalog, type ResolveOptions } from '../model/resolve.js';
import { reportFeasibility, reportMaintenance } from './maintenance.js';
import type { StagedFile } from '../output/stager.js';
import { checkGeneratedFiles, isClean, writeStaged } from '../output/write.js';
import { OutputError, UserError } from '../core/errors.js';
import type { ShardCommand, ShardDone, ShardFailure, ShardJob } from './generate-worker.js';
import { claimed, newServiceQueue } from './service-queue.js';

// A type, not an interface: commander hands the action its options as an index-signature record.
export type GenerateOptions = {
  catalog: string;
  out: string;
  check?: boolean;
  target?: TargetKind;
  tests?: TestDepthSpec;
  ruleFiles?: RuleFileLayoutSpec;
  /** Threads that compile and write (see threadsFor). */
  jobs?: number;
  /** Rulers that split the rules (the target's shards); overrides the catalog's. */
  shards?: number;
};

/** The catalog with the target `generate --target` and `--shards` ask for (the target's other options kept when it is the same kind). */
function withTargetOptions(catalog: CatalogSpec, options: GenerateOptions): CatalogSpec {
  if (options.shards === undefined) return catalog;
  const target = options.target && options.target !== catalog.target.kind ? defaultTarget(options.target) : catalog.target;
  return { ...catalog, target: { ...target, shards: options.shards } };
}

/** Below this many SLO instances a thread's start-up (its own resolve of the catalog) costs more than it saves. */
const PARALLEL_FROM_INSTANCES = 5000;
const MAX_DEFAULT_THREADS = 4;

/** The catalog's SLO instances, before it is resolved: each SLO in each of its service's environments. */
const instanceCount = (catalog: CatalogSpec) => catalog.services.reduce((sum, s) => sum + s.slos.length * s.environments.length, 0);

/** Threads that compile and write the services' files, this one included: --jobs, else one per core (at most 4) for a large catalog. */
function threadsFor(catalog: CatalogSpec, jobs: number | undefined): number {
  const threads = jobs ?? (instanceCount(catalog) >= PARALLEL_FROM_INSTANCES ? Math.min(availableParallelism(), MAX_DEFAULT_THREADS) : 1);
  return Math.max(1, Math.min(threads, catalog.services.length));
}

/** The worker's script: dist/generate-worker.js beside the bundled CLI (not there when run from src/, as tests do). */
function workerScript(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [path.join(here, 'generate-worker.js'), path.join(here, '..', 'generate-worker.js')].find((file) => existsSync(file));
}

interface Shard {
  start(): void;
  /** The thread's staged files. */
  done: Promise<StagedFile[]>;
  /** Asks the thread to rename its staged files (once the journal is written). */
  rename(): Promise<void>;
  stop(): Promise<number>;
}

function startShard(script: string, job: ShardJob): Shard {
  const worker = new Worker(script, { workerData: job });
  let staged: { resolve: (files: StagedFile[]) => void; reject: (error: unknown) => void };
  let renamed: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const done = new Promise<StagedFile[]>((resolve, reject) => (staged = { resolve, reject }));
  // A failure rejects whatever is awaited: the staged files until they came, then the renames; one
  // between the two (a thread that died after staging) is kept for the renames to report.
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    (renamed ?? staged).reject(error);
  };
  worker.on('message', (message: ShardDone) => {
    if ('staged' in message) staged.resolve(message.staged);
    else if ('renamed' in message) renamed?.resolve();
    else fail(rethrown(message.failed));
  });
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`a generate thread stopped (exit code ${code}) before it finished`)));
  // Awaited only once staging starts; a failed resolve is the main thread's to report.
  done.catch(() => undefined);
  return {
    start: () => worker.postMessage({ go: true } satisfies ShardCommand),
    done,
    rename: () =>
      new Promise<void>((resolve, reject) => {
        renamed = { resolve, reject };
        if (failure !== undefined) reject(failure);
        else worker.postMessage({ rename: true } satisfies ShardCommand);
      }),
    stop: () => worker.terminate(),
  };
}

function rethrown(failure: ShardFailure): Error {
  if (failure.kind === 'output') return new OutputError(failure.message);
  if (failure.kind === 'user') return new UserError(failure.message);
  return Object.assign(new Error(`in a generate thread: ${failure.message}`), { stack: failure.stack });
}

export async function generateCommand(options: GenerateOptions): Promise<void> {
  const started = performance.now();
  // The compiler's modules load while esbuild bundles the catalog in its own process.
  const [loaded, compiler] = await Promise.all([loadCatalog(options.catalog), import('../compile.js')]);
  const catalog = withTargetOptions(loaded, options);
  const resolveOptions: ResolveOptions = {
    sourceRoot: path.resolve(options.out),
    ...(options.target ? { target: options.target } : {}),
    ...(options.tests ? { tests: options.tests } : {}),
    ...(options.ruleFiles ? { ruleFiles: options.ruleFiles } : {}),
  };
  if (options.check) {
    const { files, model } = compiler.compileCatalog(catalog, resolveOptions);
    reportMaintenance(model.instances);
    reportFeasibility(model.feasibility);
    checkCommand(options.out, files);
    return;
  }
  const script = workerScript();
  const threads = script ? threadsFor(catalog, options.jobs) : 1;
  // The other threads resolve the catalog while this one does; then each claims services from one queue, compiles and stages them.
  const queue = newServiceQueue();
  const shards = Array.from({ length: threads - 1 }, () => startShard(script!, { catalog, options: resolveOptions, outDir: options.out, queue }));
  try {
    const model = resolveCatalog(catalog, resolveOptions);
    const resolved = performance.now();
    reportMaintenance(model.instances);
    reportFeasibility(model.feasibility);
    const result = await writeStaged(options.out, async (stager) => {
      shards.forEach((s) => s.start());
      try {
        // The catalog-wide files first: meanwhile the other threads claim services, and all end together.
        for (const file of compiler.catalogWideFiles(model)) stager.stage(file);
        for (const service of claimed(queue, compiler.servicesOf(model))) for (const file of compiler.serviceFilesWithDashboard(service)) stager.stage(file);
        const own = stager.done();
        const elsewhere = await Promise.all(shards.map(async (shard) => ({ files: await shard.done, rename: () => shard.rename() })));
        return { own, elsewhere };
      } catch (error) {
        // Stopped before their temporaries are removed, so that none lands after.
        await Promise.all(shards.map((s) => s.stop()));
        throw error;
      }
    });
    const ms = Math.round(performance.now() - started);
    const loadMs = Math.round(resolved - started);
    const files = result.written.length + result.unchanged.length;
    process.stdout.write(
      `generated ${files} files for ${model.instances.length} SLO instances and ${model.capacities.length} capacity targets in ${ms} ms (${loadMs} ms loading and resolving the catalog, ${ms - loadMs} ms compiling and writing${threads > 1 ? ` in ${threads} threads` : ''}): ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.deleted.length} stale deleted\n`,
    );
    for (const problem of result.problems) process.stderr.write(`warning: ${problem}\n`);
    for (const f of result.recovered) process.stderr.write(`note: cleaned up after a run that was killed: ${f}\n`);
    for (const f of result.keptEdited) {
      process.stderr.write(
        `warning: ${f} is no longer generated but differs from what sloforge wrote (edited by hand, or not in the manifest); left in place: delete it if its alerts should stop\n`,
      );
    }
  } finally {
    // Threads still waiting (a failed resolve, a held lock) or still writing (a failed stage) stop here.
    await Promise.all(shards.map((s) => s.stop()));
  }
}

function checkCommand(out: string, files: Parameters<typeof checkGeneratedFiles>[1]): void {
  const check = checkGeneratedFiles(out, files);
  if (isClean(check)) {
    process.stdout.write(`generate --check: ${files.length} files up to date\n`);
    return;
  }
  for (const problem of check.problems) process.stderr.write(`warning: ${problem}\n`);
  const lines = [
    ...check.missing.map((f) => `  missing  ${f}`),
    ...check.changed.map((f) => `  changed  ${f}`),
    ...check.stale.map((f) => `  stale    ${f} (no longer generated: delete it, or run sloforge generate)`),
    ...check.leftovers.map((f) => `  leftover ${f} (from a run that was killed: sloforge generate cleans it up)`),
  ];
  process.stderr.write(`generate --check: the output differs from what the catalog generates; run \`sloforge generate\`:\n${lines.join('\n')}\n`);
  process.exitCode = 1;
}
