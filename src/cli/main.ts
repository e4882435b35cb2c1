/** The sloforge command line: a thin shell over load → compile → write. */
import { Command } from 'commander';
import { CatalogError } from '../catalog/validate.js';
import { generateCommand } from './generate.js';
import { listCommand } from './list.js';
import { validateCommand } from './validate.js';

export const DEFAULT_CATALOG = 'slos/index.ts';

export function buildProgram(): Command {
  const program = new Command()
    .name('sloforge')
    .description('SLO-as-code: compile a typed TypeScript SLO catalog into Prometheus rules, alerts and their promtool tests')
    .showHelpAfterError();

  program
    .command('generate')
    .description('compile the catalog and write every output file (atomically); delete stale files an earlier run generated')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .option('-o, --out <dir>', 'output root (alerts/ and generated/ go below it)', '.')
    .option('--check', 'write nothing; exit 1 and list the files that differ from what generate would write')
    .action(generateCommand);

  program
    .command('validate')
    .description('load and validate the catalog, compile it in memory, write nothing')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .action(validateCommand);

  program
    .command('list')
    .description('list SLO instances (service, SLO, environment) with objective, period and error budget')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .option('--json', 'print JSON instead of a table')
    .action(listCommand);

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CatalogError) {
      process.stderr.write(`sloforge: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`sloforge: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
