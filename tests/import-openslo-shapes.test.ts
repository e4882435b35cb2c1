/**
 * `sloforge import openslo` on OpenSLO as its users write it (issue "Migrations people trust",
 * point 4): objects split one kind a file as the OpenSLO go-sdk's examples are (a folder, YAML
 * lists, references across files), each kind alone, openslo/v1alpha as Sloth's
 * examples/openslo-getting-started.yml writes it, several objectives, a calendar week, and what
 * oslo refuses. Expected values come from the specs written here (their selectors and targets).
 */
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { vectorSelectors } from './helpers/promql.js';
import { PROJECT_ROOT, sloforge, tempDir } from './helpers/tools.js';

const SPLIT = path.join(PROJECT_ROOT, 'tests/fixtures/openslo/split');

function rule(dir: string, service: string, slo: string, record: string): string {
  const file = path.join(dir, 'out/alerts', service, 'production', `${slo}.rules.yml`);
  const rules = (parse(readFileSync(file, 'utf8')) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules);
  const found = rules.find((r) => 'record' in r && r.record === record);
  if (!found) throw new Error(`${file}: no ${record}`);
  return found.expr;
}

function importInto(dir: string, inputs: string[]) {
  const out = path.join(dir, 'catalog.ts');
  const imported = sloforge(['import', 'openslo', ...inputs, '--out', out], dir);
  const generated = existsSync(out) ? sloforge(['generate', '--catalog', out, '--out', path.join(dir, 'out')], dir) : undefined;
  return { imported, generated, source: existsSync(out) ? readFileSync(out, 'utf8') : '' };
}

describe('a folder of split OpenSLO objects (the go-sdk examples layout)', () => {
  it('imports the folder: SLO, SLI, policies, conditions, targets and data source found across files', () => {
    const dir = tempDir();
    const { imported, generated, source } = importInto(dir, [SPLIT]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(generated?.status, generated?.stderr).toBe(0);
    expect(source).toContain('owner: "payments-core"');
    expect(vectorSelectors(rule(dir, 'ledger', 'writes', 'slo:sli_bad_events:rate5m'))).toEqual(
      vectorSelectors('ledger_writes_total{job="ledger",status=~"5.."}'),
    );
    expect(vectorSelectors(rule(dir, 'ledger', 'writes', 'slo:sli_total_events:rate5m'))).toEqual(vectorSelectors('ledger_writes_total{job="ledger"}'));
    // 0.999 over 30d: the 1h/5m page at 14.4 × 0.1% = 1.44%.
    expect(readFileSync(path.join(dir, 'out/alerts/ledger/production/writes.rules.yml'), 'utf8')).toMatch(/slo:sli_error:ratio_rate1h\{[^}]*\} > 0\.0144\b/);
  });

  it('imports the same files given one by one in another order', () => {
    const dir = tempDir();
    const files = readdirSync(SPLIT)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .reverse()
      .map((f) => path.join(SPLIT, f));
    const { imported, source } = importInto(dir, files);
    expect(imported.status, imported.stderr).toBe(0);
    expect(source).toContain('id: "writes"');
  });

  it.each(['alert_conditions', 'alert_notification_targets', 'alert_policies', 'data_sources', 'services', 'slis'])(
    '%s.yaml alone: "no SLO found", exit 2, nothing written',
    (name) => {
      const dir = tempDir();
      const { imported } = importInto(dir, [path.join(SPLIT, `${name}.yaml`)]);
      expect(imported.status).toBe(2);
      expect(imported.stderr).toContain('no SLO found');
      expect(existsSync(path.join(dir, 'catalog.ts'))).toBe(false);
    },
  );

  it('slos.yaml alone: its SLI is missing, so no SLO can be imported, naming the reference', () => {
    const dir = tempDir();
    const { imported } = importInto(dir, [path.join(SPLIT, 'slos.yaml')]);
    expect(imported.status).toBe(2);
    expect(imported.stderr).toContain('field "spec.indicatorRef": no SLI named "ledger-writes-ok" in the given files');
  });
});

// Sloth's example writes no isRolling: a count and a unit without a calendar are a rolling window.
const v1alpha = (objectives: object[], timeWindows: object[] = [{ count: 30, unit: 'Day' }]) =>
  stringify({
    apiVersion: 'openslo/v1alpha',
    kind: 'SLO',
    metadata: { name: 'sloth-slo-my-service', displayName: 'Requests Availability' },
    spec: { service: 'my-service', description: 'HTTP availability', budgetingMethod: 'Occurrences', objectives, timeWindows },
  });
// The query shape of Sloth's examples/openslo-getting-started.yml: sum(rate(...[{{.window}}])).
const ratioMetrics = {
  good: { source: 'prometheus', queryType: 'promql', query: 'sum(rate(http_request_duration_seconds_count{job="myservice",code!~"(5..|429)"}[{{.window}}]))' },
  total: { source: 'prometheus', queryType: 'promql', query: 'sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))' },
};

describe('openslo/v1alpha, the form Sloth reads', () => {
  it('imports an SLO whose objective holds ratioMetrics of sum(rate(...)) queries, each selector whole', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'slo.yaml'), v1alpha([{ ratioMetrics, target: 0.999 }]));
    const { imported, generated } = importInto(dir, ['slo.yaml']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(generated?.status, generated?.stderr).toBe(0);
    // bad = total - good, each exactly the source's series.
    expect([...new Set(vectorSelectors(rule(dir, 'my-service', 'sloth-slo-my-service', 'slo:sli_bad_events:rate5m')))].sort()).toEqual(
      [
        ...vectorSelectors('http_request_duration_seconds_count{job="myservice"}'),
        ...vectorSelectors('http_request_duration_seconds_count{job="myservice",code!~"(5..|429)"}'),
      ].sort(),
    );
  });

  it('several objectives of one indicator: one catalog SLO each, named after its objective', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'slo.yaml'),
      v1alpha([
        { displayName: 'Internal', ratioMetrics, target: 0.99 },
        { displayName: 'Customer contract', ratioMetrics, target: 0.995 },
      ]),
    );
    const { imported, generated, source } = importInto(dir, ['slo.yaml']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(generated?.status, generated?.stderr).toBe(0);
    expect(source).toContain('id: "sloth-slo-my-service-internal"');
    expect(source).toContain('id: "sloth-slo-my-service-customer-contract"');
    expect(source).toMatch(/id: "sloth-slo-my-service-internal",[\s\S]*?objective: 99,/);
    expect(source).toMatch(/id: "sloth-slo-my-service-customer-contract",[\s\S]*?objective: 99\.5,/);
  });

  it("objectives with different queries (the shape of Sloth's examples/openslo-kubernetes-apiserver.yml) are one SLO each", () => {
    const latency = (le: string) => ({
      good: { source: 'prometheus', queryType: 'promql', query: `sum(rate(apiserver_request_duration_seconds_bucket{le="${le}",verb!="WATCH"}[{{.window}}]))` },
      total: { source: 'prometheus', queryType: 'promql', query: 'sum(rate(apiserver_request_duration_seconds_count{verb!="WATCH"}[{{.window}}]))' },
    });
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'slo.yaml'),
      v1alpha([
        { ratioMetrics: latency('0.4'), target: 0.99 },
        { ratioMetrics: latency('5'), target: 0.999 },
      ]),
    );
    const { imported, generated, source } = importInto(dir, ['slo.yaml']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(generated?.status, generated?.stderr).toBe(0);
    expect(source).toMatch(/id: "sloth-slo-my-service-1",[\s\S]*?threshold: 0\.4,[\s\S]*?objective: 99,/);
    expect(source).toMatch(/id: "sloth-slo-my-service-2",[\s\S]*?threshold: 5,[\s\S]*?objective: 99\.9,/);
    expect(source).toContain('period: "30d"');
  });

  it('a calendar week (v1alpha count 1, unit Week, or v1 1w) is the catalog period calendar-week', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'slo.yaml'),
      v1alpha(
        [{ ratioMetrics, target: 0.99 }],
        [{ count: 1, unit: 'Week', isRolling: false, calendar: { startTime: '2022-01-03 00:00:00', timeZone: 'UTC' } }],
      ),
    );
    const { imported, generated, source } = importInto(dir, ['slo.yaml']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(generated?.status, generated?.stderr).toBe(0);
    expect(source).toContain('period: "calendar-week"');
    expect(readFileSync(path.join(dir, 'out/alerts/my-service/production/sloth-slo-my-service.rules.yml'), 'utf8')).toContain('vector(604800)');
  });
});

describe('what oslo refuses, import refuses too (exit 2, naming the file and the field)', () => {
  const service = (metadata: object, spec: object = {}) => stringify({ apiVersion: 'openslo/v1', kind: 'Service', metadata, spec });
  it.each([
    ['a name that is not an RFC 1123 label', service({ name: 'my rad service' }), 'field "metadata.name": not an RFC 1123 label'],
    ['a display name over 63 characters', service({ name: 'web', displayName: 'W'.repeat(64) }), 'field "metadata.displayName": longer than 63 characters'],
    [
      'an unknown field in spec (oslo test input unknown-field.yaml)',
      service({ name: 'web' }, { markdown: 'text' }),
      'field "spec.markdown": not a field of an openslo/v1 Service',
    ],
    ['an unknown field in metadata', service({ name: 'web', owner: 'me' }), 'field "metadata": Unrecognized key: "owner"'],
  ])('%s', (_, text, message) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'service.yaml'), text);
    cpSync(path.join(SPLIT, 'slos.yaml'), path.join(dir, 'slos.yaml'));
    const { imported } = importInto(dir, ['service.yaml', 'slos.yaml']);
    expect(imported.status).toBe(2);
    expect(imported.stderr).toContain('service.yaml');
    expect(imported.stderr).toContain(message);
  });

  it('a description over 1,050 characters', () => {
    const dir = tempDir();
    const text = readFileSync(path.join(SPLIT, 'slos.yaml'), 'utf8').replace(
      '    service: ledger\n',
      `    service: ledger\n    description: ${'x'.repeat(1051)}\n`,
    );
    writeFileSync(path.join(dir, 'slos.yaml'), text);
    cpSync(path.join(SPLIT, 'slis.yaml'), path.join(dir, 'slis.yaml'));
    const { imported } = importInto(dir, ['slos.yaml', 'slis.yaml']);
    expect(imported.status).toBe(2);
    expect(imported.stderr).toContain('field "spec.description": longer than 1,050 characters');
  });
});

describe('shapes of the OpenSLO specification examples', () => {
  it('an SLO without a timeWindow (optional in the specification) takes the 30d default', () => {
    const dir = tempDir();
    for (const f of ['slis.yaml', 'data_sources.yaml']) cpSync(path.join(SPLIT, f), path.join(dir, f));
    const slos = readFileSync(path.join(SPLIT, 'slos.yaml'), 'utf8').replace(/ {4}timeWindow:\n( {6}.*\n)+/, '');
    expect(slos).not.toContain('timeWindow');
    writeFileSync(path.join(dir, 'slos.yaml'), slos.replace(/ {4}alertPolicies:\n( {6}- .*\n)+/, ''));
    const { imported, generated, source } = importInto(dir, ['.']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(generated?.status, generated?.stderr).toBe(0);
    expect(source).toContain('period: "30d"');
  });

  it('an empty alertPolicies (only comments under it, as examples/budgeting-method writes it) means no policy', () => {
    const dir = tempDir();
    for (const f of ['slis.yaml', 'data_sources.yaml']) cpSync(path.join(SPLIT, f), path.join(dir, f));
    const slos = readFileSync(path.join(SPLIT, 'slos.yaml'), 'utf8').replace(/ {4}alertPolicies:\n( {6}- .*\n)+/, '    alertPolicies: # none yet\n');
    expect(slos).toContain('alertPolicies: # none yet');
    writeFileSync(path.join(dir, 'slos.yaml'), slos);
    const { imported, generated } = importInto(dir, ['.']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(generated?.status, generated?.stderr).toBe(0);
  });
});
