/** One run at a time on an output folder: a lock file holding the writer's process id. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OutputError } from '../core/errors.js';
import { LOCK_PATH, OWNED_ROOTS, assertInsideOutput, readIfExists, io } from './owned-paths.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An exclusive lock on the output, or an OutputError naming the run that holds it. A dead holder's lock is taken over. */
export function lock(outDir: string): () => void {
  const file = path.join(outDir, LOCK_PATH);
  for (const owned of OWNED_ROOTS) assertInsideOutput(outDir, owned);
  io('create', path.dirname(file), () => mkdirSync(path.dirname(file), { recursive: true }));
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        return io('create the lock', file, () => {
          throw error;
        });
      const holder = Number((readIfExists(file) ?? '').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new OutputError(`${path.join(outDir, 'generated')} is being written by another sloforge (pid ${holder}); try again when it has finished`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new OutputError(`cannot lock ${file}`);
}
