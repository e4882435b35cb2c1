import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { counter, errorRate, histogram, latency, percentiles } from '../src/index.js';
import { CatalogError } from '../src/catalog/catalog-error.js';
import { validateCatalog } from '../src/catalog/validate.js';
import { checkoutErrors, checkoutLatency, testCatalog, testService } from './helpers/catalogs.js';
import { PROJECT_ROOT, sloforge, tempDir } from './helpers/tools.js';

function problems(raw: unknown): string[] {
  try {
    validateCatalog(raw, 'catalog.ts');
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return (error as CatalogError).problems;
  }
  throw new Error('expected the catalog to be rejected');
}

describe('catalog validation', () => {
  it('accepts a valid catalog', () => {
    expect(validateCatalog(testCatalog([checkoutErrors(), checkoutLatency()]), 'catalog.ts').services[0].slos).toHaveLength(2);
  });

  it('rejects a latency threshold that is not a bucket bound, naming file, SLO and field', () => {
    const [problem] = problems(testCatalog([checkoutLatency(99, '0.7s')]));
    expect(problem).toMatch(/^tests\/catalog-validation\.test\.ts:\d+|^tests\/helpers\/catalogs\.ts:\d+/);
    expect(problem).toContain('SLO "checkout-latency"');
    expect(problem).toContain('field "sli.threshold"');
    expect(problem).toContain('0.7 is not a bucket bound of shop_request_duration_seconds');
  });

  it('accepts a threshold written as 1s against a bound declared as 1 (and 1.0 spelled by Python)', () => {
    expect(() => validateCatalog(testCatalog([checkoutLatency(99, '1s'), { ...checkoutLatency(95, 1), id: 'checkout-latency-1' }]), 'c.ts')).not.toThrow();
  });

  it('rejects invalid metric names, label names and regexes', () => {
    const bad = [
      errorRate({ id: 'bad-metric', title: 'x', events: counter('shop-requests-total'), bad: { code: '500' }, below: '1%' }),
      errorRate({ id: 'bad-label', title: 'x', events: counter('shop_requests_total'), bad: { 'status-code': '500' }, below: '1%' }),
      {
        id: 'bad-regex',
        title: 'x',
        objective: 99,
        sli: {
          kind: 'ratio' as const,
          total: counter('shop_requests_total'),
          bad: { metric: 'shop_requests_total', matchers: [{ label: 'code', op: '=~' as const, value: '5(..' }] },
        },
      },
      errorRate({ id: 'reserved-label', title: 'x', events: counter('shop_requests_total'), bad: { __name__: 'x' }, below: '1%' }),
    ];
    const found = problems(testCatalog(bad));
    expect(found.find((p) => p.includes('SLO "bad-metric"'))).toMatch(/field "sli\.total\.metric".*not a valid Prometheus metric name/);
    expect(found.find((p) => p.includes('SLO "bad-label"'))).toMatch(/field "sli\.bad\.matchers\[0\]\.label".*not a valid Prometheus label name/);
    expect(found.find((p) => p.includes('SLO "bad-regex"'))).toMatch(/field "sli\.bad\.matchers\[0\]\.value".*not a regular expression Prometheus accepts/);
    expect(found.find((p) => p.includes('SLO "reserved-label"'))).toMatch(/reserved/);
  });

  it('rejects unsafe ids, duplicate ids, 100% objectives and unknown environments', () => {
    const found = problems(
      testCatalog([
        { ...checkoutErrors(), id: 'Checkout"Errors' },
        checkoutLatency(),
        checkoutLatency(),
        { ...checkoutErrors(), id: 'perfect', objective: 100 },
        { ...checkoutErrors(), id: 'elsewhere', environments: { qa: { objective: 99 } } },
      ]),
    );
    expect(found.some((p) => /field "id": must be kebab-case/.test(p))).toBe(true);
    expect(found.some((p) => /SLO "checkout-latency", field "id": SLO id "checkout-latency" is used twice/.test(p))).toBe(true);
    expect(found.some((p) => /SLO "perfect", field "objective": an objective of 100% leaves no error budget/.test(p))).toBe(true);
    expect(found.some((p) => /SLO "elsewhere", field "environments.qa": unknown environment "qa"/.test(p))).toBe(true);
  });

  it('rejects a service without owner or with a relative runbook URL', () => {
    const found = problems({ services: [testService([checkoutErrors()], { owner: '', runbookBaseUrl: 'runbooks/shop' })] });
    expect(found.some((p) => /service "shop", field "owner": must name the owning team/.test(p))).toBe(true);
    expect(found.some((p) => /service "shop", field "runbookBaseUrl": must be an absolute http:\/\/ or https:\/\/ URL/.test(p))).toBe(true);
  });

  it('turns "p50 < 500ms, p95 < 1s, p99 < 2s" into one SLO per percentile', () => {
    const slos = percentiles({
      idPrefix: 'chat-latency',
      title: 'Chat response',
      histogram: histogram('chat_seconds', { buckets: [0.5, 1, 2] }),
      targets: { p50: '500ms', p95: '1s', p99: '2s' },
    });
    expect(slos.map((s) => [s.id, s.objective, s.sli])).toEqual([
      ['chat-latency-p50', 50, expect.objectContaining({ kind: 'latency', threshold: 0.5 })],
      ['chat-latency-p95', 95, expect.objectContaining({ kind: 'latency', threshold: 1 })],
      ['chat-latency-p99', 99, expect.objectContaining({ kind: 'latency', threshold: 2 })],
    ]);
    expect(() => latency({ id: 'x', title: 'x', histogram: histogram('h', { buckets: [1] }), threshold: 'fast', objective: 99 })).toThrow(/not a latency/);
  });
});

describe('CLI on an invalid catalog', () => {
  const writeCatalog = (dir: string, body: string) => {
    const file = path.join(dir, 'catalog.ts');
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(file, `import { catalog, counter, errorRate, histogram, latency, service, environment } from '${PROJECT_ROOT}/dist/index.js';\n${body}`);
    return file;
  };
  const invalid = `
export default catalog(service({
  name: 'shop', owner: 'shop-sre', runbookBaseUrl: 'https://r.example.com', dashboardBaseUrl: 'https://g.example.com',
  environments: [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
  slos: [
    latency({ id: 'checkout-latency', title: 'Checkout', objective: 99, threshold: '700ms',
      histogram: histogram('shop_request_duration_seconds', { buckets: [0.5, 1] }) }),
  ],
}));
`;

  it('exits non-zero, names file, SLO and field, and writes nothing', () => {
    const dir = tempDir();
    const catalogFile = writeCatalog(dir, invalid);
    const out = path.join(dir, 'out');
    mkdirSync(path.join(out, 'alerts'), { recursive: true });
    writeFileSync(path.join(out, 'alerts', 'keep.yml'), 'mine\n');
    const result = sloforge(['generate', '--catalog', catalogFile, '--out', out], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/catalog\.ts:\d+: service "shop", SLO "checkout-latency", field "sli\.threshold": 0\.7 is not a bucket bound/);
    expect(readdirSync(out).sort()).toEqual(['alerts']); // no generated/ either
    expect(readdirSync(path.join(out, 'alerts'))).toEqual(['keep.yml']);
    expect(readFileSync(path.join(out, 'alerts', 'keep.yml'), 'utf8')).toBe('mine\n');
  });

  it('validate exits non-zero too, and a missing catalog is a clear error', () => {
    const dir = tempDir();
    const catalogFile = writeCatalog(dir, invalid);
    expect(sloforge(['validate', '--catalog', catalogFile], dir).status).toBe(2);
    const missing = sloforge(['validate', '--catalog', path.join(dir, 'nope.ts')], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('catalog file not found');
    expect(existsSync(path.join(dir, 'generated'))).toBe(false);
  });

  it('loads a catalog from a folder without "type": "module" too', () => {
    const dir = tempDir();
    const file = path.join(dir, 'catalog.ts');
    writeFileSync(file, `import { catalog, histogram, latency, service, environment } from '${PROJECT_ROOT}/dist/index.js';\n${invalid}`);
    const result = sloforge(['validate', '--catalog', file], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/catalog\.ts(:\d+)?: service "shop", SLO "checkout-latency", field "sli\.threshold"/);
  });

  it('a catalog that throws while loading is reported, not a stack dump', () => {
    const dir = tempDir();
    const catalogFile = writeCatalog(dir, `throw new Error('boom in catalog');\nexport default {};`);
    const result = sloforge(['validate', '--catalog', catalogFile], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('the catalog module failed to load: boom in catalog');
  });
});
