/** sloforge bench-check on real pytest-benchmark output (tests/fixtures/bench, remade by remake.sh). */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchCheck, judge, summarize } from '../src/bench/compare.js';
import { BenchInputError, parseBenchInput } from '../src/bench/formats.js';
import { compiled } from './helpers/kimberly.js';
import { sloforge, tempDir } from './helpers/tools.js';

const FIXTURES = 'tests/fixtures/bench';
const fixture = (name: string) => path.join(FIXTURES, name);
const check = (baseline: string, current: string, ...extra: string[]) =>
  sloforge(['bench-check', '--baseline', baseline, '--current', current, '--format', 'json', ...extra]);
type Result = { rows: Array<{ name: string; gate: string | null; verdict: string; change: number | null }>; warnings: string[]; regressions: number };
const parsed = (r: ReturnType<typeof check>) => JSON.parse(r.stdout) as Result;

describe('the catalog carries the four rows of the success criteria', () => {
  it('test suite duration +20%, memory peak +15%, endpoint latency p95 +10%, cold start +25%', async () => {
    const { default: catalog } = await import('../slos/index.js');
    const { validateCatalog } = await import('../src/catalog/validate.js');
    const gates = validateCatalog(catalog, 'slos/index.ts').services[0].regressionGates;
    expect(gates.map((g) => [g.id, g.maxIncrease])).toEqual([
      ['test-suite-duration', 0.2],
      ['memory-peak', 0.15],
      ['endpoint-latency-p95', 0.1],
      ['cold-start', 0.25],
    ]);
    expect(compiled.model.instances.length).toBeGreaterThan(0);
  });
});

describe('sloforge bench-check on real pytest-benchmark runs', () => {
  it('passes a clean run of the same code', () => {
    const r = check(fixture('baseline.json'), fixture('current-clean.json'));
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const result = parsed(r);
    expect(result.regressions).toBe(0);
    expect(result.rows.filter((row) => row.name.includes('latency')).every((row) => row.gate === 'endpoint-latency-p95')).toBe(true);
  });

  it('fails a run whose code got three times slower, and says which benchmarks regressed', () => {
    const r = check(fixture('baseline.json'), fixture('current-regression.json'));
    expect(r.status).toBe(1);
    const result = parsed(r);
    for (const name of ['test_health_endpoint_latency', 'test_memory_retrieval_latency']) {
      expect(result.rows.find((row) => row.name === name)).toMatchObject({ verdict: 'regression' });
    }
    const table = sloforge(['bench-check', '--baseline', fixture('baseline.json'), '--current', fixture('current-regression.json')]);
    expect(table.stdout).toMatch(/test_health_endpoint_latency\s+endpoint-latency-p95\s+p95\s+\S+\s+\S+\s+\+\d+\.\d%\s+\+10%\s+\S+\s+REGRESSION/);
    expect(table.stdout).toContain('the gate fails');
  });

  it('reports an improvement without failing', () => {
    const r = check(fixture('baseline.json'), fixture('current-improvement.json'));
    expect(r.status).toBe(0);
    expect(
      parsed(r)
        .rows.filter((row) => row.gate)
        .every((row) => row.verdict === 'improvement'),
    ).toBe(true);
  });

  it('reports a renamed benchmark as gone and new, without failing', () => {
    const r = check(fixture('baseline.json'), fixture('current-renamed.json'));
    expect(r.status).toBe(0);
    const rows = parsed(r).rows;
    expect(rows.find((row) => row.name === 'test_chat_render_latency')).toMatchObject({ verdict: 'gone' });
    expect(rows.find((row) => row.name === 'test_chat_render_latency_v2')).toMatchObject({ verdict: 'new' });
  });

  it('rejects a malformed file with a clear error and exit 2', () => {
    const r = sloforge(['bench-check', '--baseline', fixture('baseline.json'), '--current', fixture('malformed.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/malformed\.json: not a valid pytest-benchmark file .*field "benchmarks\.0\.stats\.median"/);
    const notJson = sloforge(['bench-check', '--baseline', fixture('baseline.json'), '--current', fixture('remake.sh')]);
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toMatch(/remake\.sh: not valid JSON/);
    const missing = sloforge(['bench-check', '--baseline', fixture('nope.json'), '--current', fixture('baseline.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read: ENOENT/);
  });

  it('warns when the two runs come from different machines', () => {
    const dir = tempDir();
    const other = JSON.parse(readFileSync(fixture('current-clean.json'), 'utf8'));
    other.machine_info.node = 'ci-runner-7';
    other.machine_info.cpu = { ...other.machine_info.cpu, brand: 'Some Other CPU', brand_raw: 'Some Other CPU' };
    writeFileSync(path.join(dir, 'other.json'), JSON.stringify(other));
    const r = check(fixture('baseline.json'), path.join(dir, 'other.json'));
    expect(parsed(r).warnings.join('\n')).toMatch(/different machines \(node: .* vs ci-runner-7; cpu: .* vs Some Other CPU\)/);
    expect(r.stderr).toContain('warning: the runs come from different machines');
  });

  it('--update-baseline replaces the baseline atomically with the current run', () => {
    const dir = tempDir();
    const baseline = path.join(dir, 'baseline.json');
    copyFileSync(fixture('baseline.json'), baseline);
    const r = check(baseline, fixture('current-improvement.json'), '--update-baseline');
    expect(r.status).toBe(0);
    expect(readFileSync(baseline, 'utf8')).toBe(readFileSync(fixture('current-improvement.json'), 'utf8'));
    expect(r.stderr).toContain('updated the baseline');
  });
});

describe('plain metrics files (suite duration, peak memory, cold start, p95)', () => {
  it('pass a clean run and fail the slowed-down one on the gated metrics', () => {
    const clean = check(fixture('metrics-baseline.json'), fixture('metrics-current-clean.json'));
    expect(clean.status, clean.stdout).toBe(0);
    expect(
      parsed(clean)
        .rows.map((r) => r.gate)
        .sort(),
    ).toEqual(['cold-start', 'endpoint-latency-p95', 'memory-peak', 'test-suite-duration']);
    const slow = check(fixture('metrics-baseline.json'), fixture('metrics-current-regression.json'));
    expect(slow.status).toBe(1);
    expect(parsed(slow).rows.find((r) => r.gate === 'endpoint-latency-p95')).toMatchObject({ verdict: 'regression' });
  });
});

describe('the noise rule', () => {
  it('does not call a change inside the run-to-run spread a regression', () => {
    const noisyBase = { value: 100, samples: 20, iqr: 30 };
    expect(judge(noisyBase, { value: 115, samples: 20, iqr: 25 }, 0.1).verdict).toBe('within noise');
    expect(judge(noisyBase, { value: 140, samples: 20, iqr: 25 }, 0.1).verdict).toBe('regression');
    // Too few rounds: the threshold alone decides.
    expect(judge({ value: 100, samples: 3, iqr: 30 }, { value: 115, samples: 3, iqr: 25 }, 0.1).verdict).toBe('regression');
    expect(judge(noisyBase, { value: 60, samples: 20, iqr: 5 }, 0.1).verdict).toBe('improvement');
  });

  it('uses a rank test when raw samples are known: a noisy tail is not a regression, a shift is', async () => {
    const { mannWhitneyZ } = await import('../src/bench/compare.js');
    const base = Array.from({ length: 30 }, (_, i) => 100 + (i % 10));
    const sameWithSlowTail = base.map((v, i) => (i % 10 === 9 ? v * 1.6 : v));
    expect(judge(summarize(base, 'p95'), summarize(sameWithSlowTail, 'p95'), 0.1).verdict).toBe('within noise');
    const shifted = base.map((v) => v * 1.3);
    expect(mannWhitneyZ(base, shifted)).toBeGreaterThan(4);
    expect(judge(summarize(base, 'p95'), summarize(shifted, 'p95'), 0.1).verdict).toBe('regression');
  });

  it('computes robust statistics from raw rounds', () => {
    expect(summarize([5, 1, 3, 2, 4], 'median')).toMatchObject({ value: 3, samples: 5, iqr: 2, raw: [1, 2, 3, 4, 5] });
    expect(summarize([1, 2, 3, 4, 100], 'median').value).toBe(3);
    expect(
      summarize(
        Array.from({ length: 101 }, (_, i) => i),
        'p95',
      ).value,
    ).toBe(95);
  });

  it('refuses p95 without raw rounds, and mixed file kinds', () => {
    const base = parseBenchInput(readFileSync(fixture('baseline.json'), 'utf8'), 'baseline.json');
    const stripped = structuredClone(base);
    if (stripped.kind === 'pytest-benchmark') for (const b of stripped.data.benchmarks) delete b.stats.data;
    const gates = [{ id: 'p95', title: 'p95', benchmarks: '.*', statistic: 'p95' as const, maxIncrease: 0.1, baseline: 'x' }];
    expect(() => benchCheck(gates, stripped, stripped)).toThrow(/--benchmark-save-data/);
    const metrics = parseBenchInput(readFileSync(fixture('metrics-baseline.json'), 'utf8'), 'm.json');
    expect(() => benchCheck(gates, base, metrics)).toThrow(/pytest-benchmark file but the current one is a metrics file/);
    expect(() => parseBenchInput('{"metrics": {"x": "fast"}}', 'bad.json')).toThrow(BenchInputError);
  });
});
