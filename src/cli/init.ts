import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../core/errors.js';
import { scaffoldFiles, scaffoldManifest } from '../scaffold/templates.js';

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

/**
 * The dependency that resolves to the sloforge running now: the registry's range when it runs from
 * an installed package (node_modules), the folder itself when it runs from a git checkout, so that
 * `npm install` in the new repository installs this very sloforge.
 */
export function ownDependency(version: string, here = fileURLToPath(import.meta.url)): string {
  for (let dir = path.dirname(here); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name !== 'sloforge') continue;
    if (!dir.split(path.sep).includes('node_modules')) return `file:${dir}`;
    // Installed: from a tarball or a folder (file:), as the project that installed it says, or the registry.
    const project = dir.slice(0, dir.lastIndexOf(`${path.sep}node_modules${path.sep}`));
    const installed = path.join(project, 'package.json');
    if (existsSync(installed)) {
      const { dependencies, devDependencies } = JSON.parse(readFileSync(installed, 'utf8')) as Manifest;
      const spec = dependencies?.sloforge ?? devDependencies?.sloforge;
      if (typeof spec === 'string' && spec.startsWith('file:')) return `file:${path.resolve(project, spec.slice('file:'.length))}`;
    }
    return `^${version}`;
  }
  return `^${version}`;
}

type Manifest = Record<string, unknown> & {
  type?: unknown;
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
};

/**
 * The scaffold's package.json fields merged into an existing one: what is missing is added, what is
 * there stays (a sloforge dependency already installed, from a tarball say, is the one used), and a
 * real conflict (a script of the same name doing something else, "type": "commonjs") refuses, named.
 */
function mergedManifest(file: string, wanted: ReturnType<typeof scaffoldManifest>): string {
  let existing: Manifest;
  try {
    existing = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (error) {
    throw new UserError(`init: ${file}: not JSON (${(error as Error).message}); nothing was written`);
  }
  if (!existing || typeof existing !== 'object' || Array.isArray(existing)) throw new UserError(`init: ${file}: not a JSON object; nothing was written`);
  const conflicts: string[] = [];
  if (existing.type !== undefined && existing.type !== 'module')
    conflicts.push(`"type" is ${JSON.stringify(existing.type)}: the catalog is an ES module (tsc checks it as one), so "type" must be "module"`);
  const scripts = { ...(existing.scripts ?? {}) };
  for (const [name, command] of Object.entries(wanted.scripts)) {
    if (scripts[name] === undefined) scripts[name] = command;
    else if (scripts[name] !== command) conflicts.push(`script "${name}" runs ${JSON.stringify(scripts[name])}, not ${JSON.stringify(command)}`);
  }
  if (conflicts.length) throw new UserError(`init: ${file}: ${conflicts.join('; ')}; change these or merge by hand; nothing was written`);
  const devDependencies = { ...(existing.devDependencies ?? {}) };
  for (const [name, spec] of Object.entries(wanted.devDependencies)) {
    if (existing.dependencies?.[name] === undefined && devDependencies[name] === undefined) devDependencies[name] = spec;
  }
  return `${JSON.stringify({ ...existing, type: 'module', scripts, devDependencies }, null, 2)}\n`;
}

export async function initCommand(options: { dir: string; service?: string; skipExisting?: boolean; sloforgeVersion: string }): Promise<void> {
  const service = options.service ?? serviceFromFolder(options.dir);
  if (!NAME_RE.test(service)) throw new UserError(`--service "${service}": must be kebab-case (lowercase letters and digits separated by single dashes)`);
  const scaffold = { service, sloforgeVersion: options.sloforgeVersion };
  const files = scaffoldFiles(scaffold);
  // lstat: a dangling symbolic link exists too (existsSync follows it and says no), and writing would fail half-way.
  const present = (file: string) => lstatSync(path.join(options.dir, file), { throwIfNoEntry: false }) !== undefined;
  // An existing package.json (npm install of sloforge made one, say) is merged into, not replaced.
  const manifestPath = path.join(options.dir, 'package.json');
  const merged = present('package.json') ? mergedManifest(manifestPath, scaffoldManifest(scaffold)) : undefined;
  const existing = files.filter((f) => f.path !== 'package.json' && present(f.path)).map((f) => f.path);
  if (existing.length > 0 && !options.skipExisting) {
    throw new UserError(
      `init: refusing to overwrite ${existing.join(', ')} in ${options.dir}; nothing was written (--skip-existing writes only the missing files)`,
    );
  }
  const toWrite = files
    .filter((f) => !existing.includes(f.path))
    .map((f) => (f.path === 'package.json' && merged !== undefined ? { ...f, content: merged } : f));
  // Every target's folder must be a folder (or be creatable) before the first file is written.
  for (const file of toWrite) {
    for (let dir = path.dirname(file.path); dir !== '.'; dir = path.dirname(dir)) {
      const where = path.join(options.dir, dir);
      if (lstatSync(where, { throwIfNoEntry: false }) && !statSync(where, { throwIfNoEntry: false })?.isDirectory())
        throw new UserError(`init: ${path.join(options.dir, dir)} is not a folder, and ${file.path} goes inside it; nothing was written`);
    }
  }
  const written: string[] = [];
  for (const file of toWrite) {
    const target = path.join(options.dir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    // Only the merged package.json replaces a file (its own, read above); every other file is new.
    writeFileSync(target, file.content, { flag: file.path === 'package.json' && merged !== undefined ? 'w' : 'wx' });
    written.push(file.path === 'package.json' && merged !== undefined ? 'package.json (merged)' : file.path);
  }
  process.stdout.write(
    `sloforge init: wrote ${written.join(', ') || 'nothing'}${existing.length ? ` (kept ${existing.join(', ')})` : ''} for service "${service}".\nNext: npm install, then npx sloforge generate (or make generate), and commit alerts/ and generated/.\n`,
  );
}
