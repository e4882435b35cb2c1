/** The sloforge command line: a thin shell over load → compile → write. */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isSystemError, OutputError, UserError } from '../core/errors.js';

// Each command's module is imported when it runs: --help loads commander alone, and only
// generate and validate load the Grafana SDK.
type Options = Record<string, unknown>;
const lazy =
  <T extends Options>(load: () => Promise<(options: T) => Promise<void>>) =>
  async (options: T) =>
    (await load())(options);

export const DEFAULT_CATALOG = 'slos/index.ts';

/** The package's version, set by the build (esbuild define); the source tree reads as "development". */
declare const SLOFORGE_VERSION: string | undefined;
const VERSION = typeof SLOFORGE_VERSION === 'string' ? SLOFORGE_VERSION : '0.0.0-development';

export function buildProgram(): Command {
  const positiveInteger = (value: string): number => {
    if (!/^[1-9]\d{0,2}$/.test(value)) throw new InvalidArgumentError('a whole number of threads, from 1 to 999.');
    return Number(value);
  };
  const program = new Command()
    .name('sloforge')
    .description('SLO-as-code: compile a typed TypeScript SLO catalog into Prometheus rules, alerts and their promtool tests')
    .version(VERSION)
    .showHelpAfterError()
    // A usage error is exit 2, never commander's 1, which reads as a decision (a missed objective, a no go).
    .exitOverride();

  program
    .command('generate')
    .description('compile the catalog and write every output file (atomically); delete stale files an earlier run generated')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .option('-o, --out <dir>', 'output root (alerts/ and generated/ go below it)', '.')
    .option('--check', 'write nothing; exit 1 and list the files that differ from what generate would write')
    .addOption(
      new Option('-t, --target <kind>', "rule engine: also write its format under generated/<kind>/ (default: the catalog's target, prometheus)").choices([
        'prometheus',
        'prometheus-operator',
        'victoriametrics',
        'mimir',
        'thanos',
      ]),
    )
    .addOption(
      new Option(
        '--tests <depth>',
        "generated promtool tests: full (every scenario), smoke (one detection test per SLO) or none (default: the catalog's tests, full)",
      ).choices(['full', 'smoke', 'none']),
    )
    .addOption(
      new Option(
        '--rule-files <layout>',
        "rule files under alerts/: per-slo (alerts/<service>/<env>/<slo>.rules.yml) or per-service-env (alerts/<service>/<env>.rules.yml) (default: the catalog's ruleFiles, per-slo)",
      ).choices(['per-slo', 'per-service-env']),
    )
    .addOption(
      new Option(
        '-j, --jobs <threads>',
        "threads that compile and write the services' files; the output is the same for any number (default: one per core, at most 4, from 5,000 SLO instances; 1 below)",
      ).argParser(positiveInteger),
    )
    .addOption(
      new Option(
        '--shards <n>',
        "rulers that split the rules, reading one shared store: also write each one's rule set under generated/<kind>/shards/ (default: the target's shards, 1)",
      ).argParser(positiveInteger),
    )
    .action(lazy(async () => (await import('./generate.js')).generateCommand));

  program
    .command('init')
    .description('scaffold a new SLO repository: a starter catalog, package.json, Makefile, CI workflow and README; never overwrites a file')
    .option('-d, --dir <dir>', 'the repository folder', '.')
    .option('-s, --service <name>', "the service's name, kebab-case (default: from the folder's name)")
    .option('--skip-existing', 'write only the files that do not exist yet')
    .action(
      lazy(async () => {
        const { initCommand, ownDependency } = await import('./init.js');
        return (options: { dir: string; service?: string; skipExisting?: boolean }) => initCommand({ ...options, sloforgeVersion: ownDependency(VERSION) });
      }),
    );

  program
    .command('validate')
    .description('load and validate the catalog, compile it in memory, write nothing')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .action(lazy(async () => (await import('./validate.js')).validateCommand));

  program
    .command('list')
    .description('list SLO instances (service, SLO, environment) with objective, period and error budget')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .option('--json', 'print JSON instead of a table')
    .action(lazy(async () => (await import('./list.js')).listCommand));

  program
    .command('budget')
    .description('offline error-budget table: allowed bad events or downtime per period, calendar month, week and day, and whether planned maintenance fits')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .addOption(formatOption())
    .action(lazy(async () => (await import('./budget.js')).budgetCommand));

  program
    .command('report')
    .description(
      'live SLO report from a real Prometheus: SLI over the period, remaining budget, burn rate, firing alerts, met or missed; exits 1 when an objective is missed',
    )
    .requiredOption('-p, --prometheus <url>', 'Prometheus base URL, e.g. http://localhost:9090')
    .option('--at <time>', 'evaluate at this time (RFC 3339 or Unix seconds; default now)')
    .option('--env <env>', 'only this environment')
    .option('--slo <id>', 'only this SLO')
    .option('--service <name>', 'only this service')
    .option('--strict', 'also exit 1 when an SLO has no data')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .addOption(
      new Option('-f, --format <format>', 'output format (html: a self-contained page with charts, for stakeholders)')
        .choices(['table', 'markdown', 'json', 'html'])
        .default('table'),
    )
    .action(lazy(async () => (await import('./live.js')).reportCommand));

  program
    .command('checklist')
    .description("the success criteria's release validation checklist, evaluated from metrics (pass, fail, cannot tell, manual); exits 1 when an item fails")
    .requiredOption('-p, --prometheus <url>', 'Prometheus base URL')
    .option('--env <env>', 'environment to validate', 'staging')
    .option('--service <name>', "only this service's SLOs and series (default: every service)")
    .option('--window <window>', 'window of the latency and error checks (a recorded window: 1h, 6h, 1d, 3d, ...)', '1d')
    .option('--memory-growth <share>', 'allowed resident memory growth over 1h', '0.1')
    .option('--at <time>', 'evaluate at this time (RFC 3339 or Unix seconds; default now)')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .addOption(formatOption())
    .action(lazy(async () => (await import('./live.js')).checklistCommand));

  program
    .command('gate')
    .description("release gate on the error budget: the live report of a service's environment against its budgetPolicy; exits 0 go, 1 no go, 2 cannot tell")
    .requiredOption('-p, --prometheus <url>', 'Prometheus base URL')
    .requiredOption('--service <name>', 'the service to release')
    .requiredOption('--env <env>', 'the environment it goes to')
    .option('--slo <id>', 'only this SLO')
    .option('--override <reason>', 'release anyway: the reason (and $GITHUB_ACTOR or $USER) is printed and kept in the output')
    .option('--checklist-env <env>', 'environment of the release checklist (default staging when the service has it, else --env)')
    .option('--no-checklist', "leave the success criteria's release checklist out (by default a failed item is a no go)")
    .option('--at <time>', 'evaluate at this time (RFC 3339 or Unix seconds; default now)')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .addOption(formatOption())
    .action(lazy(async () => (await import('./live.js')).gateCommand));

  program
    .command('diff')
    .description(
      'what a catalog change does, against a git revision: objectives, budgets, alert tiers, paging, SLOs added and removed, rule load (Markdown for a pull request)',
    )
    .requiredOption('--base <ref>', 'git revision to compare with, e.g. origin/main')
    .option('-p, --prometheus <url>', 'also backtest the changed SLOs under both revisions on this Prometheus (needs the local prometheus and promtool)')
    .option('--backtest-from <time>', 'start of the backtest: a number of days before its end (7d) or a time', '7d')
    .option('--backtest-to <time>', 'end of the backtest (default now)')
    .option('--step <duration>', 'evaluation interval of the backtest', '1m')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['markdown', 'json']).default('markdown'))
    .action(lazy(async () => (await import('./diff.js')).diffCommand));

  program
    .command('backtest')
    .description(
      "replay the catalog's rules over past raw data, as Prometheus would have evaluated them, and list the alerts that would have fired (needs the local prometheus and promtool)",
    )
    .requiredOption('-p, --prometheus <url>', 'Prometheus holding the raw series (read through remote read)')
    .requiredOption('--from <time>', 'start (RFC 3339 or Unix seconds)')
    .option('--to <time>', 'end (default now)')
    .option('--slo <id>', 'only this SLO (repeat for more)', collect, [])
    .option('--env <env>', 'only this environment')
    .option('--service <name>', 'only this service')
    .option('--step <duration>', 'evaluation interval of the rules', '1m')
    .option('--against <catalog>', 'also backtest this catalog (e.g. the one before a change) and compare pages and tickets')
    .option(
      '--incidents <file>',
      'score the alerts against labelled incidents (YAML or JSON: incidents: [{ name, slo, service?, env?, start, end, deserves: page|ticket|none }]): recall, precision, detection and reset times',
    )
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .addOption(formatOption())
    .action(lazy(async () => (await import('./history.js')).backtestCommand));

  program
    .command('backfill')
    .description(
      "write the recording rules' history for new or changed SLOs as TSDB blocks, in dependency order, ready to move into Prometheus's data directory (needs the local prometheus and promtool)",
    )
    .requiredOption('-p, --prometheus <url>', 'Prometheus holding the raw series (read through remote read); VictoriaMetrics with --engine victoriametrics')
    .option('--tsdb <dir>', 'a new, empty folder for the blocks (Prometheus)')
    .addOption(
      new Option('--engine <engine>', "prometheus: TSDB blocks; victoriametrics: vmalert's replay mode writes into VictoriaMetrics")
        .choices(['prometheus', 'victoriametrics'])
        .default('prometheus'),
    )
    .requiredOption('--from <time>', 'start (RFC 3339 or Unix seconds); a period before now makes the period SLI exact at once')
    .option('--to <time>', "end (default now; stops earlier where the live rules' data begins)")
    .option('--slo <id>', 'only this SLO (repeat for more)', collect, [])
    .option('--env <env>', 'only this environment')
    .option('--service <name>', 'only this service')
    .option('--step <duration>', 'evaluation interval of the rules', '1m')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .action(lazy(async () => (await import('./history.js')).backfillCommand));

  program
    .command('bench-check')
    .description(
      "CI regression gate: compare a pytest-benchmark JSON (or a plain metrics JSON) with its baseline, using the catalog's regression gates; exits 1 on a regression, 2 on a malformed file",
    )
    .requiredOption('-b, --baseline <file>', 'baseline: pytest-benchmark JSON or {"metrics": {...}}')
    .requiredOption('--current <file>', 'current run, same format as the baseline')
    .option('--update-baseline', 'replace the baseline with the current file (atomically), after the comparison')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .addOption(formatOption())
    .action(lazy(async () => (await import('./bench-check.js')).benchCheckCommand));

  const importer = program.command('import').description('convert SLOs written for other tools into catalog source');
  importer
    .command('sloth')
    .description('Sloth prometheus/v1 specs and PrometheusServiceLevel resources (multi-document YAML too) → a catalog module (TypeScript)')
    .argument('<files...>', 'Sloth spec files, or folders of them (their .yaml and .yml files, recursively)')
    .option('-o, --out <file>', 'write the catalog module here (refuses to replace a file) instead of standard output')
    .action(async (files: string[], options: { out?: string }) => (await import('./import.js')).importSlothCommand(files, options));
  importer
    .command('openslo')
    .description('OpenSLO openslo/v1 documents (Service, SLO, SLI, AlertPolicy, AlertCondition; inline or referenced) → a catalog module (TypeScript)')
    .argument('<files...>', 'OpenSLO YAML files (multi-document, or YAML lists), or folders of them; objects may reference each other across files')
    .option('-o, --out <file>', 'write the catalog module here (refuses to replace a file) instead of standard output')
    .action(async (files: string[], options: { out?: string }) => (await import('./import.js')).importOpenSloCommand(files, options));
  importer
    .command('pyrra')
    .description('Pyrra ServiceLevelObjective resources (pyrra.dev/v1alpha1: ratio, latency, bool_gauge, grouping) → a catalog module (TypeScript)')
    .argument('<files...>', 'Pyrra YAML files (multi-document, or a Kubernetes List), or folders of them')
    .option('-o, --out <file>', 'write the catalog module here (refuses to replace a file) instead of standard output')
    .action(async (files: string[], options: { out?: string }) => (await import('./import.js')).importPyrraCommand(files, options));

  const exporter = program.command('export').description("write the catalog in other tools' formats");
  exporter
    .command('openslo')
    .description('the catalog as OpenSLO openslo/v1 documents (sloforge.dev/* annotations keep what OpenSLO has no field for)')
    .option('-c, --catalog <path>', 'catalog module exporting the catalog as default', DEFAULT_CATALOG)
    .option('-o, --out <file>', 'write here (refuses to replace a file) instead of standard output')
    .action(lazy(async () => (await import('./import.js')).exportOpenSloCommand));

  // Every command that loads a catalog takes its time limit.
  const withCatalog = (command: Command): Command[] => [
    ...(command.options.some((o) => o.long === '--catalog') ? [command] : []),
    ...command.commands.flatMap(withCatalog),
  ];
  for (const command of withCatalog(program)) {
    command.addOption(
      new Option('--load-timeout <seconds>', 'stop loading the catalog module after this many seconds (it runs in a worker thread)')
        .default(60)
        .argParser((value) => {
          if (!/^[1-9]\d{0,4}$/.test(value)) throw new InvalidArgumentError('a whole number of seconds, from 1 to 99999.');
          return Number(value);
        }),
    );
  }
  program.hook('preAction', async (_, action) => {
    const seconds = action.opts().loadTimeout as number | undefined;
    if (seconds !== undefined) (await import('../catalog/load.js')).setLoadTimeout(seconds);
  });
  return program;
}

/** A repeatable option's values, in order. */
const collect = (value: string, previous: string[]) => [...previous, value];

export function formatOption(): Option {
  return new Option('-f, --format <format>', 'output format').choices(['table', 'markdown', 'json']).default('table');
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // --help and --version end with exit code 0; every usage error (commander has printed it) is 2.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UserError) {
      process.stderr.write(`sloforge: ${error.message}\n`);
      return 2;
    }
    if (error instanceof OutputError || isSystemError(error)) {
      process.stderr.write(
        `sloforge: ${error instanceof OutputError ? error.message : `${(error as NodeJS.ErrnoException).code}: ${(error as Error).message}`}\n`,
      );
      return 3;
    }
    process.stderr.write(`sloforge: internal error, please report it: ${(error as Error).stack ?? String(error)}\n`);
    return 4;
  }
}
