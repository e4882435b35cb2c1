/**
 * A thread of a parallel generate: it resolves the catalog it is handed (as the main thread does),
 * then, once the main thread holds the output's lock, claims services one at a time from the queue
 * all threads share, and compiles and stages their files. Once the main thread has written the
 * journal, it renames its own staged files over their targets, in parallel with the other threads. The main thread writes the catalog-wide files and commits them all in one swap.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CatalogSpec } from '../catalog/schema.js';
import { serviceFilesWithDashboard, servicesOf } from '../compile.js';
import { isSystemError, OutputError, UserError } from '../core/errors.js';
import { resolveCatalog, type ResolveOptions } from '../model/resolve.js';
import { renameStaged } from '../output/journal.js';
import { Stager, type StagedFile } from '../output/stager.js';
import { claimed, type ServiceQueue } from './service-queue.js';

export interface ShardJob {
  catalog: CatalogSpec;
  options: ResolveOptions;
  outDir: string;
  /** Shared with the other threads: the next service to compile. */
  queue: ServiceQueue;
}

/** From the main thread: once it holds the output's lock (if its own resolve fails, it stops the threads instead), then once the journal is written. */
export type ShardCommand = { go: true } | { rename: true };

/** An error's kind survives the thread boundary, so the CLI reports it (and exits) as it would its own. */
export interface ShardFailure {
  kind: 'output' | 'user' | 'internal';
  message: string;
  stack?: string;
}

export type ShardDone = { staged: StagedFile[] } | { renamed: true } | { failed: ShardFailure };

const port = parentPort!;
const job = workerData as ShardJob;
const commands: ShardCommand[] = [];
let waiting: (() => void) | undefined;
port.on('message', (command: ShardCommand) => {
  commands.push(command);
  waiting?.();
});
/** The next command from the main thread (they come in order: go, then rename). */
async function next(): Promise<ShardCommand> {
  while (commands.length === 0) await new Promise<void>((resolve) => (waiting = resolve));
  return commands.shift()!;
}

try {
  const services = servicesOf(resolveCatalog(job.catalog, job.options));
  await next();
  const stager = new Stager(job.outDir);
  for (const service of claimed(job.queue, services)) for (const file of serviceFilesWithDashboard(service)) stager.stage(file);
  const staged = stager.done();
  port.postMessage({ staged } satisfies ShardDone);
  await next();
  renameStaged(
    job.outDir,
    staged.filter((f) => f.staged).map((f) => f.path),
  );
  port.postMessage({ renamed: true } satisfies ShardDone);
} catch (error) {
  const kind = error instanceof OutputError || isSystemError(error) ? 'output' : error instanceof UserError ? 'user' : 'internal';
  port.postMessage({ failed: { kind, message: (error as Error).message, stack: (error as Error).stack } } satisfies ShardDone);
}
