import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { decodeInput } from '../importers/input.js';
import { importOpenSlo } from '../importers/openslo.js';
import { importPyrra } from '../importers/pyrra.js';
import { importSloth } from '../importers/sloth.js';

/** The most files one import reads from folders: far above any real repository of specs. */
const MAX_FOLDER_FILES = 10_000;

/** The YAML files under a folder (as oslo discovers them: .yaml and .yml, recursively), sorted, symbolic links not followed. */
function yamlFilesUnder(folder: string, found: string[] = []): string[] {
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yamlFilesUnder(full, found);
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) found.push(full);
    if (found.length > MAX_FOLDER_FILES) throw new UserError(`${folder}: more than ${MAX_FOLDER_FILES} YAML files; import a smaller folder`);
  }
  return found;
}

/** The files given, a folder standing for the YAML files under it. */
function readInputs(files: string[]): Array<{ path: string; text: string }> {
  return files.flatMap((given) => {
    if (!existsSync(given)) throw new UserError(`${JSON.stringify(given)}: no such file`);
    const paths = statSync(given).isDirectory() ? yamlFilesUnder(given) : [given];
    if (paths.length === 0) throw new UserError(`${given}: a folder with no .yaml or .yml file`);
    return paths.map((file) => ({ path: file, text: decodeInput(readFileSync(file), file) }));
  });
}

export async function importSlothCommand(files: string[], options: { out?: string }): Promise<void> {
  writeImport(importSloth(readInputs(files)), options);
}

export async function importPyrraCommand(files: string[], options: { out?: string }): Promise<void> {
  writeImport(importPyrra(readInputs(files)), options);
}

export async function importOpenSloCommand(files: string[], options: { out?: string }): Promise<void> {
  writeImport(importOpenSlo(readInputs(files)), options);
}

/** `sloforge export openslo`: the catalog as openslo/v1 documents. */
export async function exportOpenSloCommand(options: { catalog: string; out?: string }): Promise<void> {
  const { loadCatalog } = await import('../catalog/load.js');
  const { resolveCatalog } = await import('../model/resolve.js');
  const { exportOpenSlo } = await import('../exporters/openslo.js');
  const spec = await loadCatalog(options.catalog);
  const text = exportOpenSlo(spec, resolveCatalog(spec));
  if (!options.out) {
    process.stdout.write(text);
    return;
  }
  if (existsSync(options.out)) throw new UserError(`${options.out}: already exists; sloforge export never replaces a file (remove it, or pick another --out)`);
  refuseMissingFolder(options.out);
  writeFileSync(options.out, text, { flag: 'wx' });
  process.stderr.write(`wrote ${options.out}\n`);
}

/** --out in a folder that does not exist is the user's to fix (exit 2), not a failure of the system. */
function refuseMissingFolder(out: string): void {
  const folder = path.dirname(path.resolve(out));
  if (!existsSync(folder)) throw new UserError(`${out}: field "--out": the folder ${folder} does not exist (create it, or pick another --out)`);
}

/**
 * Prints the catalog or writes it (never over a file). Exit 0 when every SLO was imported, 1 when
 * some were skipped (each listed with its reason); when none could be, the importer refused (exit 2).
 */
function writeImport({ source, warnings, skipped = [] }: { source: string; warnings: string[]; skipped?: string[] }, options: { out?: string }): void {
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  for (const s of skipped) process.stderr.write(`skipped: ${s}\n`);
  if (skipped.length > 0) process.exitCode = 1;
  if (!options.out) {
    process.stdout.write(source);
    return;
  }
  if (existsSync(options.out)) throw new UserError(`${options.out}: already exists; sloforge import never replaces a file (remove it, or pick another --out)`);
  refuseMissingFolder(options.out);
  writeFileSync(options.out, source, { flag: 'wx' });
  process.stderr.write(`wrote ${options.out}: check it with \`sloforge validate --catalog ${options.out}\`\n`);
}
