import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
  const existing = files.filter((f) => existsSync(path.join(options.dir, f.path))).map((f) => f.path);
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
