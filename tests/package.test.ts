/**
 * sloforge as another team gets it: `npm pack`, installed from the tarball into a fresh
 * repository with its own package.json, a catalog there that imports from 'sloforge', then
 * `npx sloforge generate`, promtool on the result, and TypeScript on the catalog against the
 * package's declarations. Also `sloforge init`: its scaffold generates and passes its own tests.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, promtool, run, tempDir } from './helpers/tools.js';
import { scaled } from './helpers/slowdown.js';

const CATALOG = `import { catalog, counter, environment, errorRate, histogram, percentiles, service } from 'sloforge';
import type { SloInput } from 'sloforge';

const latency: SloInput[] = percentiles({
  idPrefix: 'search-latency',
  title: 'Search',
  histogram: histogram('search_duration_seconds', { buckets: [0.1, 0.25, 0.5, 1] }),
  targets: { p95: '250ms' },
});

export default catalog(
  service({
    name: 'search',
    owner: 'search-team',
    runbookBaseUrl: 'https://runbooks.example.org/search',
    dashboardBaseUrl: 'https://grafana.example.org',
    environments: [environment('prod', { period: '28d', alerting: 'page-and-ticket' })],
    slos: [errorRate({ id: 'search-errors', title: 'Search errors', events: counter('search_requests_total'), bad: { status: 'error' }, below: '0.5%' }), ...latency],
  }),
);
`;

function ok(result: ReturnType<typeof run>): string {
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

function promtoolAll(dir: string): void {
  const alerts = path.join(dir, 'alerts');
  const files = (readdirSync(alerts, { recursive: true }) as string[]).map((f) => path.join('alerts', f));
  ok(promtool(['check', 'rules', ...files.filter((f) => f.endsWith('.rules.yml'))], dir));
  for (const test of files.filter((f) => f.endsWith('.test.yml'))) ok(promtool(['test', 'rules', test], dir));
}

describe('the npm package', () => {
  let repo: string;
  let tarball: string;

  beforeAll(() => {
    // dist/ is built by make; packing without scripts leaves it alone while other tests run it.
    const packDir = tempDir('sloforge-pack-');
    const packed = JSON.parse(ok(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], PROJECT_ROOT))) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    tarball = path.join(packDir, packed[0].filename);
    const shipped = packed[0].files.map((f) => f.path);
    expect(shipped).toEqual(
      expect.arrayContaining([
        'bin/sloforge.mjs',
        'dist/cli.js',
        'dist/index.js',
        'dist/generate-worker.js',
        'dist/types/index.d.ts',
        'LICENSE',
        'CHANGELOG.md',
        'README.md',
        'package.json',
      ]),
    );
    expect(shipped.filter((f) => f.startsWith('src/') || f.startsWith('tests/') || f.startsWith('alerts/'))).toEqual([]);

    repo = tempDir('sloforge-user-repo-');
    writeFileSync(path.join(repo, 'package.json'), `${JSON.stringify({ name: 'search-slos', private: true, type: 'module' }, null, 2)}\n`);
    ok(run('npm', ['install', '--no-audit', '--no-fund', '--save-dev', tarball], repo));
    mkdirSync(path.join(repo, 'slos'));
    writeFileSync(path.join(repo, 'slos/index.ts'), CATALOG);
  }, scaled(300_000));

  it('installs with three runtime dependencies, and npx sloforge generate writes rules that promtool accepts and tests', () => {
    // esbuild loads TypeScript catalogs; re2js checks unusual label regexes; zod's types are part of the API's declarations.
    const installed = JSON.parse(readFileSync(path.join(repo, 'node_modules/sloforge/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(installed.dependencies)).toEqual(['esbuild', 're2js', 'zod']);
    expect(ok(run('npx', ['--no-install', 'sloforge', 'generate'], repo))).toMatch(/generated \d+ files for 2 SLO instances/);
    expect(existsSync(path.join(repo, 'alerts/search/prod/search-errors.rules.yml'))).toBe(true);
    expect(existsSync(path.join(repo, 'generated/grafana/dashboards/search/search-slos.json'))).toBe(true);
    promtoolAll(repo);
    expect(ok(run('npx', ['--no-install', 'sloforge', 'generate', '--check'], repo))).toMatch(/up to date/);
  });

  it('generates in threads from the installed package: the same files as in one thread', () => {
    // A second service, so that a second thread has a share (threads never outnumber services).
    const twoServices = CATALOG.replace(
      /\n\);\n$/,
      `\n  service({ name: 'suggest', owner: 'search-team', runbookBaseUrl: 'https://runbooks.example.org/suggest', dashboardBaseUrl: 'https://grafana.example.org', environments: [environment('prod', { period: '28d', alerting: 'page-and-ticket' })], slos: [errorRate({ id: 'suggest-errors', title: 'Suggest errors', events: counter('suggest_requests_total'), bad: { status: 'error' }, below: '1%' })] }),\n);\n`,
    );
    expect(twoServices).toContain("name: 'suggest'");
    writeFileSync(path.join(repo, 'slos/two.ts'), twoServices);
    const outputs = [1, 2].map((jobs) => {
      const out = path.join(repo, `out-j${jobs}`);
      const stdout = ok(run('npx', ['--no-install', 'sloforge', 'generate', '--catalog', 'slos/two.ts', '--out', out, '--jobs', String(jobs)], repo));
      expect(stdout).toMatch(jobs === 2 ? /in 2 threads\)/ : /compiling and writing\)/);
      return readFileSync(path.join(out, 'generated/.sloforge-manifest.json'), 'utf8');
    });
    expect(Object.keys((JSON.parse(outputs[1]!) as { files: object }).files)).toContain('alerts/suggest/prod/suggest-errors.rules.yml');
    expect(outputs[1]).toBe(outputs[0]);
  });

  it('types the catalog API: a typo in a builder option is a TypeScript error', () => {
    const tsc = path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', 'false'];
    ok(run(process.execPath, [tsc, ...flags, 'slos/index.ts'], repo));
    writeFileSync(path.join(repo, 'slos/typo.ts'), CATALOG.replace("below: '0.5%'", "belw: '0.5%'"));
    const typo = run(process.execPath, [tsc, ...flags, 'slos/typo.ts'], repo);
    expect(typo.status).not.toBe(0);
    expect(typo.stdout).toMatch(/slos\/typo\.ts.*belw/);
  });

  it('compiles programmatically: compile() returns the same files', async () => {
    const script = `import { compile } from 'sloforge';\nimport c from './slos/index.ts';\nconst { files } = await compile(c);\nconsole.log(files.length);\n`;
    writeFileSync(path.join(repo, 'compile.mjs'), script.replace("import c from './slos/index.ts';", "const { default: c } = await import('./catalog.mjs');"));
    // The catalog as plain JavaScript, so that node runs the script without a TypeScript loader.
    writeFileSync(path.join(repo, 'catalog.mjs'), CATALOG.replace("import type { SloInput } from 'sloforge';\n", '').replace(': SloInput[]', ''));
    const count = Number(ok(run(process.execPath, ['compile.mjs'], repo)).trim());
    const manifest = JSON.parse(readFileSync(path.join(repo, 'generated/.sloforge-manifest.json'), 'utf8')) as { files: Record<string, string> };
    expect(count).toBe(Object.keys(manifest.files).length);
  });

  it('sloforge init scaffolds a repository whose catalog generates and passes its own promtool tests, and never overwrites', () => {
    const scaffold = path.join(repo, 'checkout-slos');
    ok(run('npx', ['--no-install', 'sloforge', 'init', '--dir', scaffold], repo));
    for (const file of ['slos/index.ts', 'package.json', 'Makefile', '.github/workflows/slos.yml', 'README.md'])
      expect(existsSync(path.join(scaffold, file)), file).toBe(true);
    // The dependency is the package actually used: the tarball this repository installed, by its absolute path.
    expect(JSON.parse(readFileSync(path.join(scaffold, 'package.json'), 'utf8'))).toMatchObject({
      devDependencies: { sloforge: `file:${tarball}`, typescript: expect.stringMatching(/^\^5\./) },
    });
    ok(run('npx', ['--no-install', 'sloforge', 'generate', '--catalog', path.join(scaffold, 'slos/index.ts'), '--out', scaffold], repo));
    expect(existsSync(path.join(scaffold, 'alerts/checkout/production/availability.rules.yml'))).toBe(true);
    promtoolAll(scaffold);
    const again = run('npx', ['--no-install', 'sloforge', 'init', '--dir', scaffold], repo);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite slos/index.ts');
  });

  it(
    'after npm install of the tarball, init merges into the package.json npm wrote, and the scaffold types, generates and tests',
    () => {
      const team = tempDir('sloforge-team-');
      ok(run('npm', ['install', '--no-audit', '--no-fund', '--save-dev', tarball], team));
      const before = JSON.parse(readFileSync(path.join(team, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
      ok(run('npx', ['--no-install', 'sloforge', 'init', '--service', 'checkout'], team));
      const merged = JSON.parse(readFileSync(path.join(team, 'package.json'), 'utf8')) as Record<string, Record<string, string> | string>;
      expect(merged).toMatchObject({
        type: 'module',
        scripts: { generate: 'sloforge generate', check: 'sloforge generate --check', typecheck: 'tsc --noEmit' },
        devDependencies: { sloforge: before.devDependencies.sloforge, typescript: expect.stringMatching(/^\^5\./) },
      });
      ok(run('npm', ['install', '--no-audit', '--no-fund'], team));
      ok(run('npx', ['--no-install', 'tsc', '--noEmit'], team));
      ok(run('make', ['generate'], team));
      ok(run('make', ['test'], team));
      // A conflicting script is named, and nothing is written.
      const other = tempDir('sloforge-team-');
      writeFileSync(path.join(other, 'package.json'), JSON.stringify({ name: 'x', scripts: { generate: 'make all' } }));
      const refused = run(path.join(team, 'node_modules/.bin/sloforge'), ['init', '--dir', other, '--service', 'checkout'], team);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('script "generate" runs "make all", not "sloforge generate"');
      expect(readdirSync(other)).toEqual(['package.json']);
    },
    scaled(300_000),
  );
});
