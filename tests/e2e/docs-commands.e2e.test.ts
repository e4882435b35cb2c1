/**
 * Every `sloforge` command line of the documentation runs (issue "A codebase the next maintainer can
 * change safely", part 4): each line tests/docs-cli.test.ts checks against --help is run for real,
 * in a project made by `sloforge init --service web` (a git repository, for diff --base), against a
 * real Prometheus that evaluates its rules, and a real VictoriaMetrics for the lines that name one.
 * A synopsis's placeholders get concrete values (URL: the Prometheus; T: an hour ago; FILE: a Sloth,
 * Pyrra or OpenSLO file in the shape of the peer's published examples; ID: an SLO of the catalog;
 * [optional parts] kept; a|b|c: the first), so a renamed option, a required argument the docs omit,
 * or a crash fails here. A line that only names a command in prose (`sloforge backfill`) is not an
 * example and is not run when the command needs arguments.
 *
 * What a run must show: exit 0 for the offline commands; for the live ones the exit code the command
 * documents (0; 1 for a missed objective or a no go; 2 only with "no data" or "cannot tell", since the
 * Prometheus here has rules but no traffic); and never a
 * stack trace or a usage error from the option parser. docs/adopting.md runs verbatim, with its
 * own servers, in tests/e2e/adopting-guide.e2e.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOC_COMMAND_LINES, type CommandLine } from '../helpers/doc-commands.js';
import { startPrometheus, startVictoriaMetrics, stopEverything, type RunningProcess } from '../helpers/servers.js';
import { scaled } from '../helpers/slowdown.js';
import { PROJECT_ROOT, run, sloforge, tempDir } from '../helpers/tools.js';

const BIN = path.join(PROJECT_ROOT, 'bin/sloforge.mjs');

/** Commands that do nothing useful without arguments: named alone in prose, they are references, not examples. */
const NEEDS_ARGUMENTS = new Set([
  'backfill',
  'backtest',
  'bench-check',
  'checklist',
  'diff',
  'gate',
  'report',
  'import sloth',
  'import pyrra',
  'import openslo',
]);

// A Sloth prometheus/v1 spec in the shape of Sloth's examples/getting-started.yml.
const SLOTH = {
  version: 'prometheus/v1',
  service: 'myservice',
  labels: { owner: 'myteam' },
  slos: [
    {
      name: 'requests-availability',
      objective: 99.9,
      description: 'Common SLO based on availability for HTTP request responses.',
      sli: {
        events: {
          error_query: 'sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))',
          total_query: 'sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))',
        },
      },
      alerting: {
        name: 'MyServiceHighErrorRate',
        labels: { category: 'availability' },
        page_alert: { labels: { severity: 'pageteam' } },
        ticket_alert: { labels: { severity: 'slack' } },
      },
    },
  ],
};

// A Pyrra ServiceLevelObjective in the shape of its examples/kubernetes/manifests/slos/ files.
const PYRRA = {
  apiVersion: 'pyrra.dev/v1alpha1',
  kind: 'ServiceLevelObjective',
  metadata: { name: 'api-errors', namespace: 'monitoring', labels: { prometheus: 'k8s', role: 'alert-rules' } },
  spec: {
    target: '99',
    window: '2w',
    indicator: { ratio: { errors: { metric: 'http_requests_total{job="api",code=~"5.."}' }, total: { metric: 'http_requests_total{job="api"}' } } },
  },
};

let project: string;
let prometheus: RunningProcess;
let victoriaMetrics: RunningProcess;
const now = Math.floor(Date.now() / 1000);
const hourAgo = now - 3600;

/** A synopsis made concrete: placeholders replaced, optional parts kept, the first of alternatives. */
function instantiate(line: string, files: Record<string, string>): string {
  let text = line
    .replace(/^(?:npx |node bin\/)?sloforge(?:\.mjs)? /, `node ${BIN} `)
    // [--a X | --b Y]: options that exclude each other; the first.
    .replace(/\[([^\]|\\]*?)\s\\?\|\s[^\]]*\]/g, '[$1]')
    // --check is a mode of its own (the lines that show it alone run it); in a synopsis beside
    // options that change the output it would only report that output as stale.
    .replace(/ \[--check\]/g, '')
    .replace(/\[([^\]]*)\]\.\.\./g, '$1')
    .replace(/\[([^\]]*)\]/g, '$1')
    .replace(/([a-z][a-z-]*)(?:\\?\|[a-z][a-z-]*)+/g, '$1')
    .replace(/--format …/g, '--format table')
    .replace(/ FILE\.\.\./g, ' FILE');
  const command = /sloforge\.mjs (import \w+|export \w+|\S+)/.exec(text)?.[1] ?? '';
  const values: Array<[RegExp, string]> = [
    [/--from (T|…)/g, `--from ${hourAgo}`],
    [/--to (T|…)/g, `--to ${now}`],
    [/--at TIME/g, `--at ${now}`],
    [/VM_URL/g, victoriaMetrics.url],
    [/http:\/\/127\.0\.0\.1:9090|\bURL\b/g, prometheus.url],
    [/--tsdb DIR/g, '--tsdb blocks'],
    [/--dir DIR/g, '--dir another'],
    [/--incidents FILE/g, `--incidents ${files.incidents}`],
    [/--out FILE/g, command.startsWith('export') ? '--out exported.openslo.yaml' : '--out slos/imported.ts'],
    [/import sloth FILE/g, `import sloth ${files.sloth}`],
    [/import pyrra FILE/g, `import pyrra ${files.pyrra}`],
    [/import openslo FILE/g, `import openslo ${files.openslo}`],
    [/--baseline F\b/g, `--baseline ${files.baseline}`],
    [/--current F\b/g, `--current ${files.current}`],
    [/--slo ID/g, '--slo availability'],
    [/--env E\b/g, '--env production'],
    [/--service S\b/g, '--service web'],
    [/--service NAME/g, '--service shop'],
    [/--base REF/g, '--base HEAD'],
    [/--catalog (PATH|OTHER_CATALOG|CATALOG)/g, '--catalog slos/index.ts'],
    [/--against (OTHER_CATALOG|CATALOG)/g, '--against slos/index.ts'],
    [/--target (KIND|<kind>)/g, '--target victoriametrics'],
    [/--jobs N/g, '--jobs 2'],
    [/--shards N/g, '--shards 2'],
    [/--override REASON/g, '--override hotfix'],
    [/--out DIR/g, '--out generated-elsewhere'],
  ];
  for (const [pattern, value] of values) text = text.replace(pattern, value);
  return text;
}

/** A line worth running: an example or a synopsis, not a bare mention of a command that needs arguments. */
const runnable = (l: CommandLine) =>
  l.where !== 'docs/adopting.md' &&
  !(l.line.split(/\s+/).length <= l.command.length + 1 + (l.line.startsWith('npx') ? 1 : 0) && NEEDS_ARGUMENTS.has(l.command.join(' ')));

/** The commands that ask a server; their answer depends on its data. */
const LIVE = new Set(['report', 'gate', 'checklist', 'backtest', 'backfill']);

const LINES = [...new Map(DOC_COMMAND_LINES.filter(runnable).map((l) => [l.line, l])).values()];

beforeAll(async () => {
  project = tempDir('sloforge-docs-commands-');
  const init = sloforge(['init', '--service', 'web'], project);
  expect(init.status, init.stderr).toBe(0);
  const generated = sloforge(['generate'], project);
  expect(generated.status, generated.stderr).toBe(0);
  // Inputs for the import and history lines, in the peers' shapes.
  mkdirSync(path.join(project, 'inputs'));
  writeFileSync(path.join(project, 'inputs/sloth.yml'), stringify(SLOTH));
  writeFileSync(path.join(project, 'inputs/pyrra.yaml'), stringify(PYRRA));
  cpSync(path.join(PROJECT_ROOT, 'tests/fixtures/openslo/checkout.yaml'), path.join(project, 'inputs/openslo.yaml'));
  cpSync(path.join(PROJECT_ROOT, 'tests/fixtures/bench/baseline.json'), path.join(project, 'inputs/baseline.json'));
  cpSync(path.join(PROJECT_ROOT, 'tests/fixtures/bench/current-clean.json'), path.join(project, 'inputs/current.json'));
  writeFileSync(
    path.join(project, 'inputs/incidents.yaml'),
    stringify({
      incidents: [{ name: 'outage', service: 'web', slo: 'availability', env: 'production', start: hourAgo + 600, end: hourAgo + 1200, deserves: 'page' }],
    }),
  );
  // The paths the docs' own examples use, where a line names one.
  mkdirSync(path.join(project, 'perf'));
  cpSync(path.join(project, 'inputs/baseline.json'), path.join(project, 'perf/baseline.json'));
  cpSync(path.join(project, 'inputs/current.json'), path.join(project, 'benchmark.json'));
  const exported = sloforge(['export', 'openslo', '--out', 'kimberly.openslo.yaml'], project);
  expect(exported.status, exported.stderr).toBe(0);
  // What docs/migrating.md validates after its import.
  const imported = sloforge(['import', 'sloth', 'inputs/sloth.yml', '--out', 'slos/imported.ts'], project);
  expect(imported.status, imported.stderr).toBe(0);
  for (const args of [
    ['init', '-q'],
    ['add', '.'],
    ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'base'],
  ])
    expect(run('git', args, project).status).toBe(0);
  // A pull request's base, as CI checks it out: origin/main.
  expect(run('git', ['update-ref', 'refs/remotes/origin/main', 'HEAD'], project).status).toBe(0);
  const config = path.join(project, 'prometheus.yml');
  const ruleFiles = (readFileSync(path.join(project, 'generated/prometheus/rule-files.yml'), 'utf8').match(/alerts\/[^\s]+/g) ?? []).map((f) =>
    path.join(project, f),
  );
  writeFileSync(config, stringify({ global: { evaluation_interval: '15s', scrape_interval: '15s' }, rule_files: ruleFiles }));
  prometheus = await startPrometheus(config);
  victoriaMetrics = await startVictoriaMetrics();
}, scaled(180_000));

afterAll(async () => {
  await stopEverything();
});

describe('every sloforge command line of the documentation runs', () => {
  it('there are examples from several pages to run', () => {
    expect(LINES.length).toBeGreaterThan(30);
    expect(new Set(LINES.map((l) => l.where)).size).toBeGreaterThanOrEqual(5);
  });

  it.each(LINES.map((l) => [`${l.where}: ${l.line}`, l] as const))('%s', { timeout: scaled(180_000) }, (_, l) => {
    const files = {
      sloth: 'inputs/sloth.yml',
      pyrra: 'inputs/pyrra.yaml',
      openslo: 'inputs/openslo.yaml',
      incidents: 'inputs/incidents.yaml',
      baseline: 'inputs/baseline.json',
      current: 'inputs/current.json',
    };
    // Each line in its own copy of the project, so that one line's output is not the next one's input.
    const dir = tempDir('sloforge-docs-line-');
    cpSync(project, dir, { recursive: true });
    // Shell globs (slos/*.yml) and redirections (> report.html) as a reader's shell would run them;
    // the docs' slos/ for imports holds the peer's files.
    if (/import sloth slos\//.test(l.line)) cpSync(path.join(dir, files.sloth), path.join(dir, 'slos/sloth.yml'));
    if (/import pyrra slos\//.test(l.line)) {
      mkdirSync(path.join(dir, 'pyrra-slos'));
      cpSync(path.join(dir, files.pyrra), path.join(dir, 'pyrra-slos/api.yaml'));
    }
    // Lines that write a file the project already holds (for the lines that read it) write it anew;
    // init starts from an empty folder, as the README says.
    const cwd = l.command[0] === 'init' ? tempDir('sloforge-docs-init-') : dir;
    const command = instantiate(l.line, files).replace(/import pyrra slos\//, 'import pyrra pyrra-slos/');
    for (const out of ['slos/imported.ts', 'kimberly.openslo.yaml']) if (command.includes(`--out ${out}`)) rmSync(path.join(dir, out));
    const result = spawnSync('bash', ['-c', command], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: scaled(170_000) });
    const said = `$ ${command}\nexit ${result.status}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`;
    expect(command, 'every placeholder replaced').not.toMatch(/\b(URL|FILE|DIR|REF|PATH|ID|KIND|REASON|TIME)\b|…|\s[TEFSN](\s|$)/);
    expect(result.stderr, said).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(result.stderr, said).not.toMatch(/error: (unknown option|required option|missing required argument|too many arguments)/);
    // Offline commands on a valid project succeed; the live ones answer about a Prometheus without traffic.
    if (!LIVE.has(l.command[0])) expect(result.status, said).toBe(0);
    expect([0, 1, 2], said).toContain(result.status);
    if (result.status === 2) expect(`${result.stdout}${result.stderr}`, said).toMatch(/no data|cannot tell|CANNOT TELL/i);
  });
});
