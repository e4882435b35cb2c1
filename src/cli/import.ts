import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { decodeInput } from '../importers/input.js';
import { importOpenSlo } from '../importers/openslo.js';
import { importSloth } from '../importers/sloth.js';

function readInputs(files: string[]): Array<{ path: string; text: string }> {
  return files.map((path) => {
    if (!existsSync(path)) throw new UserError(`${JSON.stringify(path)}: no such file`);
    return { path, text: decodeInput(readFileSync(path), path) };
  });
}

export async function importSlothCommand(files: string[], options: { out?: string }): Promise<void> {
  writeImport(importSloth(readInputs(files)), options);
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
  writeFileSync(options.out, text, { flag: 'wx' });
  process.stderr.write(`wrote ${options.out}\n`);
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
  writeFileSync(options.out, source, { flag: 'wx' });
  process.stderr.write(`wrote ${options.out}: check it with \`sloforge validate --catalog ${options.out}\`\n`);
}
