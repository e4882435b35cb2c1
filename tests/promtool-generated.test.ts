/** The generated rules and promtool tests, run through the real promtool (Debian's prometheus package). */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { counter, errorRate, histogram, latency, successRate } from '../src/index.js';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import { checkoutErrors, checkoutLatency, testCatalog } from './helpers/catalogs.js';
import { promtool, tempDir, writeFiles } from './helpers/tools.js';

function generate(slos: Parameters<typeof testCatalog>[0]): { dir: string; paths: string[] } {
  const dir = tempDir();
  const { files } = compileCatalog(validateCatalog(testCatalog(slos), 'test-catalog.ts'));
  writeFiles(dir, files);
  return { dir, paths: files.map((f) => f.path) };
}

function promtoolTest(dir: string, testPath: string) {
  return promtool(['test', 'rules', testPath], dir);
}

describe('generated rules under promtool', () => {
  it('pass promtool check rules and their own promtool tests (error ratio and latency)', () => {
    const { dir, paths } = generate(
      [checkoutErrors(), checkoutLatency(99, '1s'), checkoutLatency(50, '500ms')].map((s, i) => (i === 2 ? { ...s, id: 'checkout-latency-p50' } : s)),
    );
    const rules = paths.filter((p) => p.endsWith('.rules.yml'));
    const check = promtool(['check', 'rules', ...rules], dir);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    for (const test of paths.filter((p) => p.endsWith('.test.yml'))) {
      const result = promtoolTest(dir, test);
      expect(result.status, `${test}\n${result.stdout}${result.stderr}`).toBe(0);
    }
  });

  it('escape label values with quotes and backslashes, and template braces in text', () => {
    const weird = errorRate({
      id: 'weird-labels',
      title: 'Errors of {{ weird }} paths',
      events: counter('shop_requests_total', { path: 'C:\\shop\\"quoted"' }),
      bad: { code: /5..|error\.\d+/ },
      below: '1%',
    });
    const { dir, paths } = generate([weird]);
    const rules = readFileSync(path.join(dir, 'alerts/shop/production/weird-labels.rules.yml'), 'utf8');
    expect(rules).toContain('path="C:\\\\shop\\\\\\"quoted\\""');
    const check = promtool(['check', 'rules', ...paths.filter((p) => p.endsWith('.rules.yml'))], dir);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    // The generated series carry the raw value: if escaping were wrong, no rule would select them and the tests would fail.
    for (const test of paths.filter((p) => p.endsWith('.test.yml'))) {
      const result = promtoolTest(dir, test);
      expect(result.status, `${test}\n${result.stdout}${result.stderr}`).toBe(0);
    }
  });

  it('match Go-style bounds (le="1") as well as Python-style ones (le="1.0")', () => {
    const { dir } = generate([checkoutLatency(99, '1s')]);
    const testPath = 'alerts/shop/production/checkout-latency.detection.test.yml';
    const file = path.join(dir, testPath);
    const python = readFileSync(file, 'utf8');
    expect(python).toContain('le="1.0"');
    writeFileSync(file, python.replace(/le="(\d+)\.0"/g, 'le="$1"'));
    expect(readFileSync(file, 'utf8')).toContain('le="1"');
    const result = promtoolTest(dir, testPath);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('fail when a rule is broken: the generated tests can fail', () => {
    const { dir } = generate([checkoutErrors()]);
    const rulesPath = path.join(dir, 'alerts/shop/production/checkout-errors.rules.yml');
    const rules = readFileSync(rulesPath, 'utf8');
    // A page threshold far too high: the outage is no longer detected in time.
    writeFileSync(rulesPath, rules.replaceAll('> 0.144', '> 0.9'));
    const detection = promtoolTest(dir, 'alerts/shop/production/checkout-errors.detection.test.yml');
    expect(detection.status).not.toBe(0);
    expect(detection.stdout + detection.stderr).toMatch(/FAILED|expected/);
    // The slow-burn ticket tier fires too eagerly: the healthy test catches it.
    writeFileSync(rulesPath, rules.replaceAll('> 0.01\n', '> 0.0001\n'));
    const suite = promtoolTest(dir, 'alerts/shop/production/checkout-errors.test.yml');
    expect(suite.status).not.toBe(0);
  });

  it('handle good/total ratios (successRate): the good selector is counted, the rest is bad', () => {
    const slo = successRate({
      id: 'payments-ok',
      title: 'Payments accepted',
      events: counter('shop_payments_total'),
      good: { outcome: 'accepted' },
      objective: 99.5,
    });
    expect(slo.sli).toMatchObject({ kind: 'ratio', good: { matchers: [{ label: 'outcome', op: '=', value: 'accepted' }] } });
    const { dir, paths } = generate([slo]);
    const rules = readFileSync(path.join(dir, 'alerts/shop/production/payments-ok.rules.yml'), 'utf8');
    expect(rules).toContain(
      'sum(rate(shop_payments_total{job="shop",env="production"}[5m])) - (sum(rate(shop_payments_total{job="shop",env="production",outcome="accepted"}[5m])) or vector(0))',
    );
    for (const test of paths.filter((p) => p.includes('/production/') && p.endsWith('.test.yml'))) {
      const result = promtoolTest(dir, test);
      expect(result.status, `${test}\n${result.stdout}${result.stderr}`).toBe(0);
    }
  });

  it('page a p50 latency outage through the replacement tier (the Workbook factors are unreachable)', () => {
    const p50 = latency({
      id: 'search-p50',
      title: 'Search p50',
      histogram: histogram('search_seconds', { buckets: [0.1, 0.2, 0.5] }),
      threshold: '200ms',
      objective: 50,
    });
    const { dir } = generate([p50]);
    const detection = readFileSync(path.join(dir, 'alerts/shop/production/search-p50.detection.test.yml'), 'utf8');
    // The outage starts at 74m so that its deadline is one of the suite's 30m steps: 74m + 45m (0.75 × 1h) + 1m.
    expect(detection).toMatch(/evaluation_interval: 30m\n/);
    expect(detection).toMatch(/eval_time: 73m\n\s+alertname: SLOBurnRate1h5m\n\s+exp_alerts: \[\]/);
    expect(detection).toMatch(/eval_time: 120m\n\s+alertname: SLOBurnRate1h5m\n\s+exp_alerts:\n/);
    const result = promtoolTest(dir, 'alerts/shop/production/search-p50.detection.test.yml');
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
