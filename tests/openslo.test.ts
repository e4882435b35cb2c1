/**
 * OpenSLO openslo/v1: `sloforge export openslo` and `sloforge import openslo`. The Kimberly catalog
 * goes out and back in, and the round trip must generate the committed files exactly (bar the
 * comment that cites the catalog line). A file written by hand after the OpenSLO specification
 * imports into SLOs whose objectives, thresholds and alert policy follow the Workbook, and whose
 * generated promtool tests pass. Unsupported constructs are errors naming the file, SLO and field.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { openSloV1DanglingReferences, openSloV1Problems, type OpenSloV1Document } from './helpers/openslo-v1.js';
import { PROJECT_ROOT, promtool, sloforge, tempDir } from './helpers/tools.js';

const FIXTURE = path.join(PROJECT_ROOT, 'tests/fixtures/openslo/checkout.yaml');

function filesUnder(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    return statSync(path.join(root, relative)).isDirectory() ? filesUnder(root, relative) : [relative];
  });
}

/** A generated file without the lines that cite where the catalog was written (and the manifest of hashes). */
const comparable = (text: string) =>
  text
    .split('\n')
    .filter((line) => !/written at |^# SLO |^# Capacity target /.test(line))
    .join('\n');

describe('sloforge export openslo, then import openslo: the Kimberly round trip', () => {
  const dir = tempDir('sloforge-openslo-');
  const exported = path.join(dir, 'kimberly.openslo.yaml');
  const exportRun = sloforge(['export', 'openslo', '--out', exported]);
  mkdirSync(path.join(dir, 'slos'));
  const importRun = sloforge(['import', 'openslo', exported, '--out', path.join(dir, 'slos/index.ts')]);
  const generateRun = sloforge(['generate', '--catalog', path.join(dir, 'slos/index.ts'), '--out', dir]);

  it('writes openslo/v1 Service, SLO and AlertPolicy documents', () => {
    expect(exportRun.status, exportRun.stderr).toBe(0);
    const documents = parseAllDocuments(readFileSync(exported, 'utf8')).map(
      (d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, unknown> },
    );
    expect(new Set(documents.map((d) => d.apiVersion))).toEqual(new Set(['openslo/v1']));
    const slos = documents.filter((d) => d.kind === 'SLO');
    // Kimberly's SLOs as the contract names them: uptime, 17 latency percentiles, 3 error rates, memory corruption, 3 batch.
    expect(slos.map((d) => d.metadata.name)).toContain('kimberly-api-errors-5xx');
    expect(slos).toHaveLength(25);
    const fivexx = slos.find((d) => d.metadata.name === 'kimberly-api-errors-5xx')!.spec;
    expect(fivexx).toMatchObject({
      service: 'kimberly',
      timeWindow: [{ duration: '30d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.99 }],
      indicator: {
        spec: {
          ratioMetric: {
            counter: true,
            bad: { metricSource: { type: 'Prometheus', spec: { query: 'kimberly_http_requests_total{code=~"5.."}' } } },
            total: { metricSource: { type: 'Prometheus', spec: { query: 'kimberly_http_requests_total' } } },
          },
        },
      },
    });
    // One AlertPolicy per tier (OpenSLO allows one condition a policy), each referenced by the SLO.
    const refs = (slos.find((d) => d.metadata.name === 'kimberly-api-errors-5xx')!.spec.alertPolicies as Array<{ alertPolicyRef: string }>).map(
      (p) => p.alertPolicyRef,
    );
    const conditions = refs.map((ref) => {
      const policy = documents.find((d) => d.kind === 'AlertPolicy' && d.metadata.name === ref)!;
      const [condition] = policy.spec.conditions as Array<{
        spec: { severity: string; condition: { threshold: number; lookbackWindow: string; alertAfter: string } };
      }>;
      return [condition.spec.severity, condition.spec.condition.threshold, condition.spec.condition.lookbackWindow, condition.spec.condition.alertAfter];
    });
    // The Workbook's table for a 30d period.
    expect(conditions).toEqual([
      ['page', 14.4, '1h', '5m'],
      ['page', 6, '6h', '30m'],
      ['ticket', 3, '1d', '2h'],
      ['ticket', 1, '3d', '6h'],
    ]);
  });

  it('is valid openslo/v1 as the specification states it, every reference resolving', () => {
    const documents = parseAllDocuments(readFileSync(exported, 'utf8')).map((d) => d.toJS() as unknown);
    expect(openSloV1Problems(documents)).toEqual([]);
    expect(openSloV1DanglingReferences(documents as OpenSloV1Document[])).toEqual([]);
    // Zero tolerance: the largest target below 1, and the annotation that restores 100%.
    const corruption = documents.find((d) => (d as { metadata: { name: string } }).metadata.name === 'kimberly-memory-corruption') as {
      spec: { objectives: Array<{ target: number }> };
      metadata: { annotations: Record<string, string> };
    };
    expect(corruption.spec.objectives[0].target).toBe(0.9999999999999999);
    expect(JSON.parse(corruption.metadata.annotations['sloforge.dev/slo'])).toMatchObject({ zeroTolerance: true, objective: 100 });
  });

  it('the schema refuses what the specification forbids (so a valid export means something)', () => {
    const policy = (conditions: number, targets: boolean) => ({
      apiVersion: 'openslo/v1',
      kind: 'AlertPolicy',
      metadata: { name: 'p' },
      spec: {
        conditions: Array.from({ length: conditions }, (_, i) => ({ conditionRef: `c${i}` })),
        ...(targets ? { notificationTargets: [{ targetRef: 't' }] } : {}),
      },
    });
    const slo = (objective: object, budgetingMethod = 'Timeslices', name = 's') => ({
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: { name },
      spec: {
        service: 'x',
        indicatorRef: 'i',
        timeWindow: [{ duration: '1M', isRolling: false, calendar: { startTime: '2020-01-01 00:00:00', timeZone: 'UTC' } }],
        budgetingMethod,
        objectives: [objective],
      },
    });
    expect(openSloV1Problems([policy(1, true)])).toEqual([]);
    expect(openSloV1Problems([policy(2, true)]).join()).toContain('at most one condition');
    expect(openSloV1Problems([policy(1, false)]).join()).toContain('notificationTargets');
    expect(openSloV1Problems([slo({ target: 0.99, timeSliceTarget: 1, timeSliceWindow: '1m' })])).toEqual([]);
    expect(openSloV1Problems([slo({ target: 0.99, timeSliceWindow: '1m' })]).join()).toContain('timeSliceTarget');
    expect(openSloV1Problems([slo({ target: 1 }, 'Occurrences')]).join()).toContain('target');
    expect(openSloV1Problems([slo({ target: 0.99 }, 'Occurrences', 'Not_A_Label')]).join()).toContain('metadata.name');
  });

  it('a catalog unlike Kimberly (calendar quarter at +01:00, titles over 63 and a description over 1,050 characters, long ids) exports valid openslo/v1 and imports back the same', () => {
    const dir = tempDir();
    const longTitle = 'Orders accepted by the fulfilment backend within the agreed latency of the partner contract';
    const longDescription = 'Why this matters. '.repeat(80);
    writeFileSync(
      path.join(dir, 'catalog.ts'),
      `import { catalog, counter, environment, errorRate, gauge, histogram, latency, service, uptime, zeroTolerance } from 'sloforge';
export default catalog(service({
  name: 'fulfilment-backend-for-partner-orders-eu',
  owner: 'orders',
  runbookBaseUrl: 'https://runbooks.example.com',
  dashboardBaseUrl: 'https://grafana.example.com',
  environments: [environment('live', { period: 'calendar-quarter', timeZone: '+01:00', alerting: 'page-and-ticket' })],
  slos: [
    latency({ id: 'orders-accepted-within-contract-latency', title: ${JSON.stringify(longTitle)}, description: ${JSON.stringify(longDescription)},
      histogram: histogram('orders_seconds', { buckets: [0.5, 1, 2] }), threshold: 1, objective: 99 }),
    errorRate({ id: 'orders-errors', title: 'Order errors', events: counter('orders_total'), bad: { code: /5../ }, below: '0.5%' }),
    uptime({ id: 'partner-api-up', title: 'Partner API up', probe: gauge('probe_success', { target: 'https://partner.example/' }), objective: 99.5 }),
    zeroTolerance({ id: 'lost-orders', title: 'Lost orders', events: counter('orders_total'), bad: counter('orders_lost_total'), environments: { live: { period: '28d' } } }),
  ],
}));
`,
    );
    const exported = sloforge(['export', 'openslo', '--catalog', 'catalog.ts'], dir);
    expect(exported.status, exported.stderr).toBe(0);
    const documents = parseAllDocuments(exported.stdout).map((d) => d.toJS() as unknown);
    expect(openSloV1Problems(documents)).toEqual([]);
    expect(openSloV1DanglingReferences(documents as OpenSloV1Document[])).toEqual([]);
    expect(exported.stdout).toContain('timeZone: Etc/GMT-1');
    writeFileSync(path.join(dir, 'exported.yaml'), exported.stdout);
    const imported = sloforge(['import', 'openslo', 'exported.yaml', '--out', 'imported.ts'], dir);
    expect(imported.status, imported.stderr).toBe(0);
    for (const [catalog, out] of [
      ['catalog.ts', 'before'],
      ['imported.ts', 'after'],
    ]) {
      const generated = sloforge(['generate', '--catalog', catalog, '--out', out], dir);
      expect(generated.status, generated.stderr).toBe(0);
    }
    const before = [...filesUnder(dir, 'before/alerts'), ...filesUnder(dir, 'before/generated')].filter((f) => !f.endsWith('manifest.json'));
    expect(before.length).toBeGreaterThan(8);
    for (const file of before) {
      const after = file.replace(/^before/, 'after');
      expect(comparable(readFileSync(path.join(dir, after), 'utf8')), after).toBe(comparable(readFileSync(path.join(dir, file), 'utf8')));
    }
  });

  it('imports back into a catalog that generates exactly the committed rules, tests, dashboards and routing', () => {
    expect(importRun.status, importRun.stderr).toBe(0);
    expect(generateRun.status, generateRun.stderr).toBe(0);
    const committed = [...filesUnder(PROJECT_ROOT, 'alerts'), ...filesUnder(PROJECT_ROOT, 'generated')]
      .filter((f) => !f.endsWith('.sloforge-manifest.json'))
      .sort();
    const roundTrip = [...filesUnder(dir, 'alerts'), ...filesUnder(dir, 'generated')].filter((f) => !f.endsWith('.sloforge-manifest.json')).sort();
    expect(roundTrip).toEqual(committed);
    const differing = committed.filter(
      (f) => comparable(readFileSync(path.join(PROJECT_ROOT, f), 'utf8')) !== comparable(readFileSync(path.join(dir, f), 'utf8')),
    );
    expect(differing).toEqual([]);
    // Only the provenance comment differs: the imported catalog's SLOs were not written in slos/kimberly.ts.
    const original = readFileSync(path.join(PROJECT_ROOT, 'alerts/kimberly/production/api-errors-5xx.rules.yml'), 'utf8');
    expect(readFileSync(path.join(dir, 'alerts/kimberly/production/api-errors-5xx.rules.yml'), 'utf8')).not.toBe(original);
  });
});

describe('sloforge import openslo: a file written after the OpenSLO specification', () => {
  const dir = tempDir('sloforge-openslo-checkout-');
  mkdirSync(path.join(dir, 'slos'));
  const run = sloforge(['import', 'openslo', FIXTURE, '--out', path.join(dir, 'slos/index.ts')]);
  const generated = sloforge(['generate', '--catalog', path.join(dir, 'slos/index.ts'), '--out', dir]);
  const rules = (slo: string) =>
    (
      parse(readFileSync(path.join(dir, `alerts/checkout/production/${slo}.rules.yml`), 'utf8')) as { groups: Array<{ rules: Array<Record<string, string>> }> }
    ).groups.flatMap((g) => g.rules);
  const alert = (slo: string, name: string) => rules(slo).find((r) => r.alert === name);

  it('imports with the owner from the team label, and generates', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(generated.status, generated.stderr).toBe(0);
    const source = readFileSync(path.join(dir, 'slos/index.ts'), 'utf8');
    expect(source).toContain('owner: "payments-sre"');
  });

  it('good over total, targetPercent 99.5, 28d: the 1h/5m page at 13.44× the 0.5% budget (6.72%)', () => {
    // Workbook: 2% of a 28d budget in 1h is 0.02 × 672h / 1h = 13.44×; times the 0.5% budget: 0.0672.
    expect(alert('availability', 'SLOBurnRate1h5m')!.expr).toContain('> 0.0672');
    expect(rules('availability').find((r) => r.record === 'slo:objective:ratio')!.expr).toBe('vector(0.995)');
    // Good requests are code!~"5..": the bad events are the total minus them.
    expect(rules('availability').find((r) => r.record === 'slo:sli_bad_events:rate5m')!.expr).toContain('code!~"5.."');
  });

  it('bad over total, target 0.999 over 4w (28d), only a ticket condition: ticket-only', () => {
    expect(rules('errors').find((r) => r.record === 'slo:objective:ratio')!.expr).toBe('vector(0.999)');
    expect(
      rules('errors')
        .filter((r) => r.alert?.startsWith('SLOBurnRate'))
        .every((r) => (r as unknown as { labels: { severity: string } }).labels.severity === 'ticket'),
    ).toBe(true);
    expect(rules('errors').find((r) => r.record === 'slo:period:seconds')!.expr).toBe(`vector(${28 * 86_400})`);
  });

  it('a histogram bucket over its count is a latency SLI; a probe on Timeslices over a calendar month is an uptime SLO', () => {
    expect(rules('latency').find((r) => r.record === 'slo:sli_bad_events:rate5m')!.expr).toContain('checkout_request_duration_seconds_bucket');
    expect(rules('latency').find((r) => r.record === 'slo:sli_bad_events:rate5m')!.expr).toContain('le=~"0\\\\.5"');
    expect(rules('uptime').find((r) => r.record === 'slo:sli_bad_events:rate5m')!.expr).toContain('probe_success{job="checkout-probe"}');
    expect(rules('uptime').some((r) => r.record === 'slo:sli_error:ratio_calendar_period')).toBe(true);
  });

  it('the imported SLOs pass their generated promtool tests (they page and stay silent as the Workbook says)', () => {
    const tests = filesUnder(dir, 'alerts').filter((f) => f.endsWith('.test.yml'));
    expect(tests.length).toBeGreaterThanOrEqual(4);
    const result = promtool(['test', 'rules', ...tests.map((f) => path.join(dir, f))]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});

describe('sloforge import openslo: what cannot be imported is an error naming the file, the SLO and the field', () => {
  const base = readFileSync(FIXTURE, 'utf8');
  const cases: Array<[string, (text: string) => string, RegExp]> = [
    [
      'a non-Prometheus data source',
      (t) => t.replace('type: Prometheus\n  connectionDetails', 'type: Datadog\n  connectionDetails'),
      /SLO "checkout-availability": field "indicator.spec.ratioMetric.total.metricSource.type": "Datadog" is not a Prometheus data source/,
    ],
    [
      'a composite objective',
      (t) => t.replace('    - target: 0.999\n', '    - target: 0.999\n      compositeWeight: 1\n'),
      /SLO "checkout-errors": field "spec.objectives": composite objectives/,
    ],
    [
      'RatioTimeslices',
      (t) => t.replace('budgetingMethod: Timeslices', 'budgetingMethod: RatioTimeslices'),
      /SLO "checkout-uptime": field "spec.budgetingMethod": RatioTimeslices is not supported/,
    ],
    [
      'a calendar window of two months',
      (t) => t.replace('duration: 1M', 'duration: 2M'),
      /SLO "checkout-uptime": field "spec.timeWindow\[0\].duration": a calendar window of 2M/,
    ],
    [
      'a time zone with daylight saving',
      (t) => t.replace('timeZone: UTC', 'timeZone: Europe/Berlin'),
      /SLO "checkout-uptime": field "spec.timeWindow\[0\].calendar.timeZone": "Europe\/Berlin"/,
    ],
    [
      'a latency gauge on a threshold',
      (t) =>
        t
          .replace('query: probe_success{job="checkout-probe"}', 'query: checkout_p99_latency_seconds')
          .replace('op: gte\n      value: 1', 'op: lte\n      value: 0.2'),
      /SLO "checkout-uptime": field "objectives\[0\]": a thresholdMetric imports as a probe/,
    ],
    [
      'a query sloforge cannot read',
      (t) => t.replace('query: checkout_payments_total\n', 'query: sum(rate(checkout_payments_total[5m]))\n'),
      /SLO "checkout-errors": field "indicator.spec.ratioMetric.total": cannot import "sum\(rate/,
    ],
    [
      'another OpenSLO version',
      (t) => t.replace('apiVersion: openslo/v1\nkind: Service', 'apiVersion: openslo/v2alpha\nkind: Service'),
      /document 1: field "apiVersion": "openslo\/v2alpha" is not supported/,
    ],
  ];
  it.each(cases)('%s', (_, edit, message) => {
    const dir = tempDir('sloforge-openslo-bad-');
    const file = path.join(dir, 'bad.yaml');
    const edited = edit(base);
    expect(edited).not.toBe(base);
    writeFileSync(file, edited);
    const out = path.join(dir, 'index.ts');
    const result = sloforge(['import', 'openslo', file, '--out', out]);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(message);
    const sloLevel = /SLO "([a-z-]+)"/.exec(message.source.replaceAll('\\', ''));
    if (!sloLevel) {
      // A document sloforge cannot read at all: nothing is written.
      expect(result.status).toBe(2);
      expect(existsSync(out)).toBe(false);
      return;
    }
    // One SLO that cannot be imported: it is skipped by name, the file's other SLOs are imported (exit 1).
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`skipped: .*${message.source}`));
    const written = readFileSync(out, 'utf8');
    expect(written).not.toContain(`id: "${sloLevel[1].replace(/^checkout-/, '')}"`);
    expect(written).toContain('id: "');
    expect(sloforge(['generate', '--catalog', out, '--out', path.join(dir, 'out')]).status).toBe(0);
  });

  it('export refuses a composite SLO, naming it', () => {
    const dir = tempDir('sloforge-openslo-composite-');
    mkdirSync(path.join(dir, 'slos'));
    writeFileSync(
      path.join(dir, 'slos/index.ts'),
      `import { catalog, composite, counter, environment, errorRate, service } from 'sloforge';
const e = (id: string) => errorRate({ id, title: id, events: counter(id.replace(/-/g, '_') + '_total'), bad: { code: /5../ }, below: '1%' });
export default catalog(service({
  name: 'shop', owner: 'o', runbookBaseUrl: 'https://r.example.com', dashboardBaseUrl: 'https://g.example.com',
  environments: [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
  slos: [e('a'), e('b'), composite({ id: 'journey', title: 'Journey', components: ['a', 'b'], objective: 98 })],
}));
`,
    );
    const result = sloforge(['export', 'openslo', '--catalog', path.join(dir, 'slos/index.ts')]);
    if (result.status !== 2) console.log(result.stderr);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('service "shop", SLO "journey": field "sli": a composite SLO has no openslo/v1 form');
  });
});
