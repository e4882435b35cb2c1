import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { importSloth } from '../importers/sloth.js';

export async function importSlothCommand(files: string[], options: { out?: string }): Promise<void> {
  const inputs = files.map((path) => {
    if (!existsSync(path)) throw new UserError(`${path}: no such file`);
    return { path, text: readFileSync(path, 'utf8') };
  });
  const { source, warnings } = importSloth(inputs);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  if (!options.out) {
    process.stdout.write(source);
    return;
  }
  if (existsSync(options.out)) throw new UserError(`${options.out}: already exists; sloforge import never replaces a file (remove it, or pick another --out)`);
  writeFileSync(options.out, source, { flag: 'wx' });
  process.stderr.write(`wrote ${options.out}: check it with \`sloforge validate --catalog ${options.out}\`\n`);
}
