import { lstatSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { scaffoldFiles } from '../scaffold/templates.js';

const NAME_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A kebab-case service name from a folder name: "My Shop" → "my-shop". */
function serviceFromFolder(dir: string): string {
  const name = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-slos$/, '');
  return NAME_RE.test(name) ? name : 'my-service';
}

export async function initCommand(options: { dir: string; service?: string; skipExisting?: boolean; sloforgeVersion: string }): Promise<void> {
  const service = options.service ?? serviceFromFolder(options.dir);
  if (!NAME_RE.test(service)) throw new UserError(`--service "${service}": must be kebab-case (lowercase letters and digits separated by single dashes)`);
  const files = scaffoldFiles({ service, sloforgeVersion: options.sloforgeVersion });
  // lstat: a dangling symbolic link exists too (existsSync follows it and says no), and writing would fail half-way.
  const present = (file: string) => lstatSync(path.join(options.dir, file), { throwIfNoEntry: false }) !== undefined;
  const existing = files.filter((f) => present(f.path)).map((f) => f.path);
  // Every target's folder must be a folder (or be creatable) before the first file is written.
  for (const file of files.filter((f) => !existing.includes(f.path))) {
    for (let dir = path.dirname(file.path); dir !== '.'; dir = path.dirname(dir)) {
      const where = path.join(options.dir, dir);
      if (lstatSync(where, { throwIfNoEntry: false }) && !statSync(where, { throwIfNoEntry: false })?.isDirectory())
        throw new UserError(`init: ${path.join(options.dir, dir)} is not a folder, and ${file.path} goes inside it; nothing was written`);
    }
  }
  if (existing.length > 0 && !options.skipExisting) {
    throw new UserError(
      `init: refusing to overwrite ${existing.join(', ')} in ${options.dir}; nothing was written (--skip-existing writes only the missing files)`,
    );
  }
  const written: string[] = [];
  for (const file of files.filter((f) => !existing.includes(f.path))) {
    const target = path.join(options.dir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content, { flag: 'wx' });
    written.push(file.path);
  }
  process.stdout.write(
    `sloforge init: wrote ${written.join(', ') || 'nothing'}${existing.length ? ` (kept ${existing.join(', ')})` : ''} for service "${service}".\nNext: npm install, then npx sloforge generate (or make generate), and commit alerts/ and generated/.\n`,
  );
}
