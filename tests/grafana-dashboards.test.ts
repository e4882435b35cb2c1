/**
 * Generated Grafana dashboards: JSON Schema validation against schemas derived from the
 * foundation SDK's types, structural checks, and every PromQL target parsed.
 */
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordingRule, RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { DATASOURCE_UID } from '../src/emitters/grafana/panels.js';
import { dashboardSchemaErrors, grafanaValidators, SCHEMA_SOURCE } from './helpers/grafana-schema.js';
import { compiled, CONTRACT_METRICS } from './helpers/kimberly.js';
import { parsePromql } from './helpers/promql.js';

interface Panel {
  id: number;
  type: string;
  title?: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: Array<{ expr: string; datasource?: { uid?: string }; refId: string }>;
  options?: unknown;
  fieldConfig?: { defaults: { custom?: unknown; unit?: string } };
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query?: unknown; datasource?: { uid?: string } }> };
}

const dashboardFiles = compiled.files.filter((f) => f.path.startsWith('generated/grafana/dashboards/'));
const dashboards = dashboardFiles.map((f) => ({ path: f.path, json: JSON.parse(f.content) as Dashboard }));
const recorded = new Set(
  compiled.files
    .filter((f) => f.path.endsWith('.rules.yml'))
    .flatMap((f) =>
      (parse(f.content) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules.filter((r): r is RecordingRule => 'record' in r).map((r) => r.record)),
    ),
);
const BUILTIN_VARIABLES = ['__rate_interval', '__interval', '__range', '__data', '__url_time_range'];

/** Grafana's macros and variables replaced by sample values, so the query parses as PromQL. */
function substitute(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$__interval|\$__range/g, '5m')
    .replace(/\$\{?env\}?/g, 'production')
    .replace(/\$\{?slo\}?/g, 'api-errors-5xx');
}

beforeAll(() => {
  grafanaValidators();
}, 120_000);

const schemaErrors = (dashboard: Dashboard) => dashboardSchemaErrors(dashboard);

describe('Grafana dashboards', () => {
  it('are generated: one per service and an overview', () => {
    expect(dashboards.map((d) => d.path).sort()).toEqual([
      'generated/grafana/dashboards/kimberly/kimberly-slos.json',
      'generated/grafana/dashboards/overview/slo-overview.json',
    ]);
  });

  it(`validate against the JSON Schema derived from ${SCHEMA_SOURCE.package} types`, () => {
    expect(SCHEMA_SOURCE.version).toMatch(/\d+\.\d+\.\d+/);
    for (const { path, json } of dashboards) expect(schemaErrors(json), path).toEqual([]);
  });

  it('catch an invalid panel: the validation can fail', () => {
    const broken = structuredClone(dashboards[0].json);
    (broken.panels[1].gridPos as unknown as { w: string }).w = 'wide';
    expect(schemaErrors(broken).join('\n')).toMatch(/gridPos\/w must be number/);
    const typo = structuredClone(dashboards[0].json);
    (typo.panels[1] as unknown as Record<string, unknown>).titel = 'typo';
    expect(schemaErrors(typo).join('\n')).toMatch(/must NOT have additional properties.*titel/);
    const badOptions = structuredClone(dashboards[0].json);
    const stat = badOptions.panels.find((p) => p.type === 'stat')!;
    (stat.options as { reduceOptions: { calcs: unknown } }).reduceOptions.calcs = 'lastNotNull';
    expect(schemaErrors(badOptions).join('\n')).toMatch(/reduceOptions\/calcs must be array/);
    const badQuery = structuredClone(dashboards[0].json);
    delete (badQuery.panels[1].targets![0] as { expr?: string }).expr;
    expect(schemaErrors(badQuery).join('\n')).toMatch(/must have required property 'expr'/);
  });

  for (const { path, json } of dashboards) {
    describe(path, () => {
      it('has a valid, stable uid and the schemaVersion the SDK emits', () => {
        expect(json.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
        expect(json.schemaVersion).toBe(42);
      });

      it('has unique panel ids', () => {
        const ids = json.panels.map((p) => p.id);
        expect(new Set(ids).size).toBe(ids.length);
      });

      it('fits its grid in 24 columns without overlap', () => {
        for (const p of json.panels) {
          expect(p.gridPos.x).toBeGreaterThanOrEqual(0);
          expect(p.gridPos.x + p.gridPos.w, `${p.title}`).toBeLessThanOrEqual(24);
        }
        for (const a of json.panels) {
          for (const b of json.panels) {
            if (a === b) continue;
            const overlap =
              a.gridPos.x < b.gridPos.x + b.gridPos.w &&
              b.gridPos.x < a.gridPos.x + a.gridPos.w &&
              a.gridPos.y < b.gridPos.y + b.gridPos.h &&
              b.gridPos.y < a.gridPos.y + a.gridPos.h;
            expect(overlap, `${a.title} overlaps ${b.title}`).toBe(false);
          }
        }
      });

      it('defines every $variable it uses, and every datasource reference resolves', () => {
        const defined = new Set(json.templating.list.map((v) => v.name));
        const text = JSON.stringify(json);
        for (const [, name] of text.matchAll(/\$\{?([a-zA-Z_]\w*)/g)) {
          if (BUILTIN_VARIABLES.some((b) => name.startsWith(b))) continue;
          expect(defined.has(name), `$${name}`).toBe(true);
        }
        const refs = [
          ...json.panels.flatMap((p) => [p.datasource, ...(p.targets ?? []).map((t) => t.datasource)]),
          ...json.templating.list.map((v) => v.datasource),
        ].filter(Boolean);
        for (const ref of refs) expect(['${datasource}', DATASOURCE_UID]).toContain(ref!.uid);
        expect(json.templating.list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
      });

      it('parses every PromQL target, reading only generated series and contract metrics', () => {
        const exprs = [
          ...json.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
          ...json.templating.list.filter((v) => v.type === 'query').map((v) => String(v.query)),
        ];
        expect(exprs.length).toBeGreaterThan(0);
        for (const expr of exprs) {
          const query = substitute(expr.replace(/^label_values\((.*), \w+\)$/, '$1'));
          const { errors, metrics } = parsePromql(query);
          expect(errors, query).toEqual([]);
          for (const metric of metrics) expect(recorded.has(metric) || CONTRACT_METRICS.has(metric) || metric === 'ALERTS', `${metric} in ${expr}`).toBe(true);
        }
      });

      it('describes every panel', () => {
        for (const p of json.panels.filter((p) => p.type !== 'row')) expect(p.description?.length ?? 0, p.title).toBeGreaterThan(40);
      });
    });
  }

  it('shows what an SRE expects on the Kimberly dashboard', () => {
    const kimberly = dashboards.find((d) => d.json.uid === 'slo-kimberly')!.json;
    expect(kimberly.templating.list.map((v) => v.name)).toEqual(['datasource', 'env', 'slo']);
    const titles = kimberly.panels.map((p) => p.title);
    for (const title of [
      'Objective',
      'SLI over the period',
      'Error budget remaining',
      'Current burn rate (1h)',
      'Pages firing',
      'Tickets firing',
      'Error budget burn-down',
      'Allowed downtime per period',
      'Burn rate by window',
    ]) {
      expect(titles).toContain(title);
    }
    for (const op of ['Chat response', 'Initial model load', 'Memory retrieval', 'Agent delegation', 'API health check', 'Authentication']) {
      expect(titles).toContain(`${op}: latency percentiles`);
    }
    expect(titles).toEqual(
      expect.arrayContaining(['API error rate (5xx)', 'API error rate (4xx)', 'Model inference failures', 'Memory corruption: bad events']),
    );
    expect(titles.filter((t) => t?.includes('(target'))).toHaveLength(4);
    expect(titles).toEqual(expect.arrayContaining(['Meditation job: last run duration', 'Meditation job freshness: time since the last success']));
    const chat = kimberly.panels.find((p) => p.title === 'Chat response: latency percentiles')!;
    expect(chat.targets!.map((t) => t.expr)).toEqual(expect.arrayContaining(['vector(0.5)', 'vector(1)', 'vector(2)']));
    expect(chat.fieldConfig!.defaults.unit).toBe('s');
    const burn = kimberly.panels.find((p) => p.title === 'Burn rate by window')!;
    expect(burn.targets!.map((t) => t.expr).filter((e) => e.includes('slo:burn_rate_threshold:ratio'))).toHaveLength(1);
  });

  it('is linked from every alert: dashboard_url points at the service dashboard uid', () => {
    const uids = new Set(dashboards.map((d) => d.json.uid));
    for (const file of compiled.files.filter((f) => f.path.endsWith('.rules.yml'))) {
      for (const [, uid] of file.content.matchAll(/dashboard_url: \S+\/d\/([\w-]+)\//g)) expect(uids.has(uid), uid).toBe(true);
    }
  });

  it('links each overview row to its detail dashboard', () => {
    const overview = dashboards.find((d) => d.json.uid === 'slo-overview')!.json;
    const text = JSON.stringify(overview);
    expect(text).toContain('/d/slo-${__data.fields.service}/?var-env=${__data.fields.env}&var-slo=${__data.fields.slo}');
    expect(overview.panels[0].targets!.map((t) => t.expr)).toEqual([
      'sum by (service, slo, env) (slo:objective:ratio)',
      'sum by (service, slo, env) (slo:sli:ratio_period)',
      'sum by (service, slo, env) (slo:error_budget_remaining:ratio)',
      'sum by (service, slo, env) (slo:current_burn_rate:ratio)',
    ]);
  });
});

describe('Grafana provisioning', () => {
  const file = (path: string) => parse(compiled.files.find((f) => f.path === path)!.content);

  it('provides a file dashboards provider with a folder per service', () => {
    const providers = file('generated/grafana/provisioning/dashboards/sloforge.yml');
    expect(providers.apiVersion).toBe(1);
    expect(providers.providers.map((p: { folder: string; type: string; options: { path: string } }) => [p.folder, p.type, p.options.path])).toEqual([
      ['Kimberly', 'file', '/var/lib/grafana/dashboards/sloforge/kimberly'],
      ['SLOs', 'file', '/var/lib/grafana/dashboards/sloforge/overview'],
    ]);
  });

  it('provides the Prometheus datasource with the fixed uid the dashboards reference', () => {
    const datasources = file('generated/grafana/provisioning/datasources/sloforge.yml');
    expect(datasources.apiVersion).toBe(1);
    expect(datasources.datasources).toEqual([expect.objectContaining({ type: 'prometheus', uid: DATASOURCE_UID, access: 'proxy' })]);
  });
});
