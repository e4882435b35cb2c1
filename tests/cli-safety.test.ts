/**
 * The CLI against careless or hostile catalogs, folders and flags (issue "Nothing sloforge writes
 * can run code", defects 8-11): catalog modules that never finish, throw non-Errors, forge error
 * lines or reject late; limits with clear errors; init beside a dangling link; generate through a
 * link out of the output folder; usage errors that exit 2, never 1 (a decision).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, run, sloforge, tempDir } from './helpers/tools.js';

const SERVICE = `service({ name: 'web', owner: 'web-sre', runbookBaseUrl: 'https://r.example.com', dashboardBaseUrl: 'https://g.example.com',
  environments: [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
  slos: [errorRate({ id: 'a', title: 'A', events: counter('x_total'), bad: { code: /5../ }, below: '1%' })] })`;
const HEADER = `import { catalog, counter, environment, errorRate, service } from 'sloforge';\n`;

/** Runs the CLI on a catalog module with its own temporary folder, so that leftovers can be counted. */
function withCatalog(body: string, args: string[] = ['validate']) {
  const dir = tempDir();
  const tmp = path.join(dir, 'tmp');
  mkdirSync(tmp);
  writeFileSync(path.join(dir, 'catalog.ts'), `${HEADER}${body}\n`);
  const result = run('env', [`TMPDIR=${tmp}`, process.execPath, path.join(PROJECT_ROOT, 'bin/sloforge.mjs'), ...args, '--catalog', 'catalog.ts'], dir);
  return { ...result, leftovers: readdirSync(tmp) };
}

describe('loading a catalog module (defect 8)', () => {
  it('a module that never returns is stopped at --load-timeout, exit 2, and leaves nothing in the temp folder', () => {
    const result = withCatalog(`while (true) {}\nexport default catalog(${SERVICE});`, ['validate', '--load-timeout', '2']);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('catalog.ts: the catalog module did not finish loading within 2 s (--load-timeout)');
    expect(result.leftovers).toEqual([]);
  });

  it('a top-level await that never settles is reported, not waited on forever', () => {
    const result = withCatalog(`await new Promise(() => {});\nexport default catalog(${SERVICE});`, ['validate', '--load-timeout', '5']);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/never finished loading|did not finish loading/);
  });

  it.each([
    ['a number', 'throw 42;', 'it threw a value that is not an Error: 42'],
    ['an object', "throw { code: 'E_NOPE' };", "it threw a value that is not an Error: { code: 'E_NOPE' }"],
    ['undefined', 'throw undefined;', 'it threw a value that is not an Error: undefined'],
  ])('a thrown %s is printed as what was thrown', (_, statement, expected) => {
    const result = withCatalog(`${statement}\nexport default catalog(${SERVICE});`);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(expected);
    expect(result.stderr).not.toContain('failed to load: undefined');
  });

  it('an error message with newlines cannot forge further "invalid catalog" lines', () => {
    const result = withCatalog(`throw new Error('first\\n  - catalog.ts:1: forged problem\\nthird');\nexport default catalog(${SERVICE});`);
    expect(result.status).toBe(2);
    const problemLines = result.stderr.split('\n').filter((line) => line.startsWith('  - '));
    expect(problemLines).toHaveLength(1);
    expect(result.stderr).toContain('\n      - catalog.ts:1: forged problem\n    third');
  });

  it('a late unhandled rejection is reported before any verdict: no "valid", exit 2', () => {
    const result = withCatalog(`setTimeout(() => { Promise.reject(new Error('late failure')); }, 300);\nexport default catalog(${SERVICE});`);
    expect(result.stdout).not.toContain('valid');
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('a promise of the catalog module was rejected and not handled: late failure');
  });

  it('a run killed while the catalog loads removes its temporary folder', async () => {
    const dir = tempDir();
    const tmp = path.join(dir, 'tmp');
    mkdirSync(tmp);
    writeFileSync(path.join(dir, 'catalog.ts'), `${HEADER}while (true) {}\nexport default catalog(${SERVICE});\n`);
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/sloforge.mjs'), 'validate', '--catalog', 'catalog.ts'], {
      cwd: dir,
      env: { ...process.env, TMPDIR: tmp },
    });
    // Wait until the bundle is on disk, then stop the run.
    for (let i = 0; i < 200 && readdirSync(tmp).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(tmp).length).toBe(1);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('close', resolve));
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('a valid catalog still loads, with the file and line of a builder error', () => {
    expect(withCatalog(`export default catalog(${SERVICE});`).status).toBe(0);
    const bad = withCatalog(`export default catalog(\n${SERVICE.replace("below: '1%'", "below: '0.5'")});`);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/catalog\.ts:5: errorRate "a"/);
  });
});

describe('progress while a catalog loads (defect 9)', () => {
  // A module that takes 2.5 s: a terminal sees a progress line, a pipe or CI nothing.
  const slow = `const until = Date.now() + 2500;\nwhile (Date.now() < until) {}\nexport default catalog(${SERVICE});`;

  it('on a terminal, a progress line; in a pipe, none', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'catalog.ts'), `${HEADER}${slow}\n`);
    const command = `${process.execPath} ${path.join(PROJECT_ROOT, 'bin/sloforge.mjs')} validate --catalog catalog.ts`;
    // script(1) gives the command a terminal; CI is unset there, as on a person's machine.
    const tty = run('script', ['-qec', `env -u CI ${command}`, '/dev/null'], dir);
    expect(tty.status, tty.stdout).toBe(0);
    expect(tty.stdout).toMatch(/sloforge: loading catalog\.ts: [12] s \(limit 60 s\)/);
    const piped = run('env', ['-u', 'CI', process.execPath, path.join(PROJECT_ROOT, 'bin/sloforge.mjs'), 'validate', '--catalog', 'catalog.ts'], dir);
    expect(piped.status).toBe(0);
    expect(piped.stderr).not.toContain('loading');
    const ci = run('script', ['-qec', `env CI=true ${command}`, '/dev/null'], dir);
    expect(ci.stdout).not.toContain('sloforge: loading');
  });
});

describe('resource limits with clear errors (defect 9)', () => {
  it('a 10 MB description is refused as too long, with the limit', () => {
    const result = withCatalog(`export default catalog(${SERVICE.replace("title: 'A',", `title: 'A', description: 'x'.repeat(10 * 1024 * 1024),`)});`);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('field "description": is too long: 10485760 characters, at most 16384');
    expect(result.stderr).not.toContain('unknown field');
  });

  it('a groupBy of 100,000 labels is refused with the limit', () => {
    const result = withCatalog(
      `export default catalog(${SERVICE.replace("below: '1%'", "below: '1%', groupBy: Array.from({ length: 100000 }, (_, i) => 'l' + i)")});`,
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('field "groupBy": 100000 labels; at most 10');
  });

  it('a catalog of 1,000,000 SLO instances is refused at once, with the limit and the tested size', () => {
    const slo =
      "{ id: 'a', title: 'A', sli: { kind: 'ratio', total: { metric: 'x_total', matchers: [] }, bad: { metric: 'x_total', matchers: [{ label: 'c', op: '=', value: '5' }] } }, objective: 99 }";
    const result = withCatalog(
      `const slo = ${slo};\nexport default { services: [{ name: 'web', owner: 'o', runbookBaseUrl: 'https://r.example.com', dashboardBaseUrl: 'https://g.example.com', environments: [{ name: 'production', period: '30d', alerting: 'page-and-ticket' }], slos: Array.from({ length: 1000000 }, () => slo) }] };`,
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('1000000 SLO instances (SLOs × environments); sloforge takes at most 100000 (it is tested to 10,000)');
  });
});

describe('the file system (defect 10)', () => {
  it('init beside a dangling symbolic link writes nothing and says why', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'slos'));
    symlinkSync(path.join(dir, 'nowhere.ts'), path.join(dir, 'slos/index.ts'));
    const result = sloforge(['init', '--dir', dir, '--service', 'web'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('refusing to overwrite slos/index.ts');
    expect(readdirSync(dir).sort()).toEqual(['slos']);
  });

  it('init where a target folder is a dangling link writes nothing', () => {
    const dir = tempDir();
    symlinkSync(path.join(dir, 'gone'), path.join(dir, 'slos'));
    const result = sloforge(['init', '--dir', dir, '--service', 'web'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('slos is not a folder');
    expect(readdirSync(dir)).toEqual(['slos']);
  });

  it('generate refuses to write through a generated/ that links out of the output folder, and changes nothing there', () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFileSync(path.join(outside, 'BUDGETS.md'), 'not sloforge\n');
    writeFileSync(path.join(dir, 'catalog.ts'), `${HEADER}export default catalog(${SERVICE});\n`);
    symlinkSync(outside, path.join(dir, 'generated'));
    const result = sloforge(['generate', '--catalog', 'catalog.ts', '--out', '.'], dir);
    expect(result.status, result.stderr).toBe(3);
    expect(result.stderr).toContain(`generated: a symbolic link to ${outside}, outside the output folder`);
    expect(readdirSync(outside)).toEqual(['BUDGETS.md']);
    expect(readFileSync(path.join(outside, 'BUDGETS.md'), 'utf8')).toBe('not sloforge\n');
    expect(existsSync(path.join(dir, 'alerts'))).toBe(false);
  });

  it('generate refuses a deeper folder that links outside too', () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFileSync(path.join(dir, 'catalog.ts'), `${HEADER}export default catalog(${SERVICE});\n`);
    mkdirSync(path.join(dir, 'alerts'));
    symlinkSync(outside, path.join(dir, 'alerts/web'));
    const result = sloforge(['generate', '--catalog', 'catalog.ts', '--out', '.'], dir);
    expect(result.status, result.stderr).toBe(3);
    expect(result.stderr).toContain('alerts/web: a symbolic link to');
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('usage errors exit 2, never 1 (defect 11)', () => {
  it.each([
    ['gate without --service', ['gate', '-p', 'http://127.0.0.1:9', '--env', 'production']],
    ['an unknown option', ['report', '-p', 'http://127.0.0.1:9', '--nope']],
    ['an unknown command', ['gatee']],
    ['a bad choice', ['generate', '--tests', 'most']],
    ['a missing argument', ['import', 'sloth']],
    ['no command', []],
  ])('%s', (_, args) => {
    const result = sloforge(args);
    expect(result.status, result.stderr).toBe(2);
  });

  it('--help and --version exit 0', () => {
    expect(sloforge(['--help']).status).toBe(0);
    expect(sloforge(['gate', '--help']).status).toBe(0);
    expect(sloforge(['--version']).status).toBe(0);
  });
});
