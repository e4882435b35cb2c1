/**
 * generate in several threads (issue "Scale"): the threads claim services from one shared queue,
 * compile and stage them; the main thread commits them all in one swap. The output must not depend on the number of
 * threads, and a failure in any thread must leave the output as it was.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sloforge, tempDir } from './helpers/tools.js';

/** A catalog of `services` services, each with an error-rate SLO, a latency SLO, a journey of both and a capacity target. */
function writeCatalog(dir: string, services: number, objective = 99): string {
  const file = path.join(dir, 'slos/index.ts');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `import { catalog, ceiling, composite, counter, environment, errorRate, histogram, latency, perSecond, service } from 'sloforge';
const duration = histogram('http_request_duration_seconds', { buckets: [0.1, 0.5, 1] });
const svc = (i: number) =>
  service({
    name: 'svc-' + i,
    owner: 'team-' + (i % 3),
    runbookBaseUrl: 'https://runbooks.example.com',
    dashboardBaseUrl: 'https://grafana.example.com',
    matchers: [{ label: 'job', op: '=', value: 'svc-' + i }],
    environments: [environment('staging', { period: '7d', alerting: 'ticket-only' }), environment('production', { period: '30d', alerting: 'page-and-ticket' })],
    slos: [
      errorRate({ id: 'errors', title: 'Errors', events: counter('http_requests_total'), bad: { code: /5../ }, below: '${100 - objective}%' }),
      latency({ id: 'latency', title: 'Latency', histogram: duration, threshold: 0.5, objective: ${objective} }),
      composite({ id: 'journey', title: 'Journey', components: ['errors', 'latency'], objective: 98 }),
    ],
    capacity: [ceiling({ id: 'throughput', title: 'Requests per second', load: perSecond(counter('http_requests_total')), target: 40, unit: 'req/s' })],
  });
export default catalog(...Array.from({ length: ${services} }, (_, i) => svc(i)));
`,
  );
  return file;
}

/** Every folder below a folder, by relative path. */
function folders(root: string, relative = ''): string[] {
  return readdirSync(path.join(root, relative), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => [path.join(relative, entry.name), ...folders(root, path.join(relative, entry.name))])
    .sort();
}

/** Every file below a folder, by relative path, with its bytes. */
function tree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(root, relative)).sort()) {
      const child = path.join(relative, name);
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else files.set(child, readFileSync(path.join(root, child), 'utf8'));
    }
  };
  walk('');
  return files;
}

describe('generate --jobs', () => {
  const base = tempDir();
  const catalog = writeCatalog(base, 7);

  it.each([
    ['full tests, per-SLO rule files', []],
    ['no tests, per-service-env rule files, vmalert', ['--tests', 'none', '--rule-files', 'per-service-env', '--target', 'victoriametrics']],
    ['smoke tests, PrometheusRule resources', ['--tests', 'smoke', '--target', 'prometheus-operator']],
  ])('writes the same bytes in 1, 2 and 4 threads (%s)', (_, extra) => {
    const outputs = [1, 2, 4].map((jobs) => {
      const out = path.join(base, `${extra.join('') || 'default'}-j${jobs}`);
      const run = sloforge(['generate', '--catalog', catalog, '--out', out, '--jobs', String(jobs), ...extra]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(
        jobs > 1 ? new RegExp(`in ${jobs} threads\\): \\d+ written, 0 unchanged`) : /compiling and writing\): \d+ written, 0 unchanged/,
      );
      return tree(out);
    });
    // A rule file for each of 7 services × 2 environments at least, plus dashboards and routing.
    expect(outputs[0]!.size).toBeGreaterThan(7 * 2 + 7);
    expect([...outputs[0]!.keys()].some((f) => f.includes('.tmp-'))).toBe(false);
    for (const other of outputs.slice(1)) expect(other).toEqual(outputs[0]);
  });

  it('in 2 threads, leaves the committed example (2 services) unchanged, byte for byte', () => {
    const copy = path.join(tempDir(), 'shop');
    cpSync(path.resolve('examples/shop'), copy, { recursive: true });
    const run = sloforge(['generate', '--catalog', path.join(copy, 'slos/index.ts'), '--out', copy, '--jobs', '2']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/in 2 threads\): 0 written, 63 unchanged, 0 stale deleted/);
    expect(tree(copy)).toEqual(tree(path.resolve('examples/shop')));
  });

  it('a write that fails in any thread fails the run (exit 3, naming the file) and leaves the output as it was', () => {
    const out = path.join(base, 'failing');
    expect(sloforge(['generate', '--catalog', catalog, '--out', out, '--jobs', '1']).status).toBe(0);
    // A file where svc-6's folder must go makes its mkdir fail, in whichever thread claims svc-6.
    rmSync(path.join(out, 'alerts/svc-6'), { recursive: true });
    writeFileSync(path.join(out, 'alerts/svc-6'), 'not a folder\n');
    const before = tree(out);
    const foldersBefore = folders(out);
    // Three more services: their folders, created before the failure, must go too.
    const changed = writeCatalog(path.join(base, 'changed'), 10, 99.5);
    const run = sloforge(['generate', '--catalog', changed, '--out', out, '--jobs', '4']);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/^sloforge: cannot create alerts\/svc-6\/(production|staging): E[A-Z]+/m);
    expect(tree(out)).toEqual(before);
    expect(folders(out)).toEqual(foldersBefore);
  });

  it('a rename that fails after the journal, in whichever thread staged the file, exits 3; the next run completes the swap', () => {
    const out = path.join(base, 'failing-rename');
    expect(sloforge(['generate', '--catalog', catalog, '--out', out, '--jobs', '1']).status).toBe(0);
    // A folder (not empty) where one of svc-3's rule files goes: staging beside it works, renaming over it cannot.
    const blocked = 'alerts/svc-3/production/errors.rules.yml';
    rmSync(path.join(out, blocked));
    mkdirSync(path.join(out, blocked));
    writeFileSync(path.join(out, blocked, 'keep'), 'in the way\n');
    const changed = writeCatalog(path.join(base, 'changed-rename'), 10, 99.5);
    const failed = sloforge(['generate', '--catalog', changed, '--out', out, '--jobs', '4']);
    expect(failed.status, failed.stderr).toBe(3);
    expect(failed.stderr).toMatch(new RegExp(`^sloforge: cannot rename ${blocked.replaceAll('.', '\\.')}: E[A-Z]+`, 'm'));
    // The journal stays: the swap is committed, only not finished.
    expect(readdirSync(path.join(out, 'generated'))).toContain('.sloforge-journal.json');
    rmSync(path.join(out, blocked), { recursive: true });
    const next = sloforge(['generate', '--catalog', changed, '--out', out, '--jobs', '4']);
    expect(next.status, next.stderr).toBe(0);
    expect(next.stderr).toContain('completed the swap of an interrupted run');
    const fresh = path.join(base, 'fresh-rename');
    expect(sloforge(['generate', '--catalog', changed, '--out', fresh, '--jobs', '1']).status).toBe(0);
    expect(tree(out)).toEqual(tree(fresh));
  });

  it('a catalog error is reported once, whatever the threads, and nothing is written', () => {
    const out = path.join(base, 'refused');
    const run = sloforge(['generate', '--catalog', catalog, '--out', out, '--jobs', '4', '--rule-files', 'per-service-env']);
    expect(run.status).toBe(2);
    expect(run.stderr.match(/cannot carry generated promtool tests/g)).toHaveLength(1);
    expect(() => readdirSync(out)).toThrow(/ENOENT/);
  });

  it.each(['0', '-1', 'two', '1.5'])('refuses --jobs %s before reading the catalog', (jobs) => {
    const out = path.join(base, `jobs-${jobs}`);
    const run = sloforge(['generate', '--catalog', catalog, '--out', out, '--jobs', jobs]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/option '-j, --jobs <threads>' argument '.*' is invalid\. a whole number of threads, from 1 to 999\./);
    expect(() => readdirSync(out)).toThrow(/ENOENT/);
  });
});
