/**
 * Generated Grafana dashboards: JSON Schema validation against schemas derived from the
 * foundation SDK's types, structural checks, and every PromQL target parsed.
 */
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import shopCatalog from '../examples/shop/slos/index.js';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import type { RecordingRule, RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { DATASOURCE_UID } from '../src/emitters/grafana/panels.js';
import { dashboardSchemaErrors, GRAFANA_SCHEMA_SOURCE, grafanaSchemaErrors, grafanaValidators, SCHEMA_SOURCE } from './helpers/grafana-schema.js';
import { compiled, CONTRACT_METRICS } from './helpers/kimberly.js';
import { allPanels, dataPanels, type DashboardPanel } from './helpers/dashboards.js';
import { parsePromql } from './helpers/promql.js';
import { scaled } from './helpers/slowdown.js';

interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: DashboardPanel[];
  templating: { list: Array<{ name: string; type: string; query?: unknown; datasource?: { uid?: string } }> };
  annotations?: { list?: Array<{ expr?: string; datasource?: { uid?: string } }> };
}

const dashboardFiles = compiled.files.filter((f) => f.path.startsWith('generated/grafana/dashboards/'));
// The second catalog's dashboards (an annotation of deploys, another env label) are validated too.
const shopDashboards = compileCatalog(validateCatalog(shopCatalog, 'examples/shop/slos/index.ts'))
  .files.filter((f) => f.path.startsWith('generated/grafana/dashboards/'))
  .map((f) => ({ path: `examples/shop/${f.path}`, json: JSON.parse(f.content) as Dashboard }));
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
}, scaled(120_000));

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
    for (const { path, json } of [...dashboards, ...shopDashboards]) expect(schemaErrors(json), path).toEqual([]);
  });

  it(
    `validate against ${GRAFANA_SCHEMA_SOURCE.package} ${GRAFANA_SCHEMA_SOURCE.version} (Grafana's own published types), panels in collapsed rows included`,
    () => {
      expect(GRAFANA_SCHEMA_SOURCE.version).toMatch(/^13\./);
      for (const { path, json } of [...dashboards, ...shopDashboards]) expect(grafanaSchemaErrors(json), path).toEqual([]);
      expect(shopDashboards.find((d) => d.path.endsWith('storefront-slos.json'))!.json.annotations!.list!.map((a) => a.expr)).toHaveLength(2);
      const broken = structuredClone(dashboards[0].json);
      const hidden = broken.panels.find((p) => p.collapsed)!.panels![0];
      (hidden as unknown as Record<string, unknown>).titel = 'typo';
      (hidden.options as { legend: { placement: string } }).legend.placement = 'left';
      const errors = grafanaSchemaErrors(broken).join('\n');
      expect(errors).toMatch(/must NOT have additional properties.*titel/);
      expect(errors).toMatch(/legend\/placement must be equal to one of the allowed values/);
    },
    scaled(120_000),
  );

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
        const ids = allPanels(json).map((p) => p.id);
        expect(new Set(ids).size).toBe(ids.length);
      });

      it('fits its grid in 24 columns without overlap, on the page and inside each collapsed row', () => {
        for (const p of allPanels(json)) {
          expect(p.gridPos.x).toBeGreaterThanOrEqual(0);
          expect(p.gridPos.x + p.gridPos.w, `${p.title}`).toBeLessThanOrEqual(24);
        }
        const levels = [json.panels, ...json.panels.filter((p) => p.collapsed).map((r) => r.panels ?? [])];
        for (const level of levels) {
          for (const a of level) {
            for (const b of level) {
              if (a === b) continue;
              const overlap =
                a.gridPos.x < b.gridPos.x + b.gridPos.w &&
                b.gridPos.x < a.gridPos.x + a.gridPos.w &&
                a.gridPos.y < b.gridPos.y + b.gridPos.h &&
                b.gridPos.y < a.gridPos.y + a.gridPos.h;
              expect(overlap, `${a.title} overlaps ${b.title}`).toBe(false);
            }
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
          ...allPanels(json).flatMap((p) => [p.datasource, ...(p.targets ?? []).map((t) => t.datasource)]),
          ...(json.annotations?.list ?? []).map((a) => a.datasource),
          ...json.templating.list.map((v) => v.datasource),
        ].filter(Boolean);
        for (const ref of refs) expect(['${datasource}', DATASOURCE_UID]).toContain(ref!.uid);
        expect(json.templating.list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
      });

      it('parses every PromQL target, reading only generated series and contract metrics', () => {
        const exprs = [
          ...allPanels(json).flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
          ...(json.annotations?.list ?? []).flatMap((a) => (a.expr ? [a.expr] : [])),
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
        for (const p of dataPanels(json)) expect(p.description?.length ?? 0, p.title).toBeGreaterThan(40);
      });
    });
  }

  it('shows what an SRE expects on the Kimberly dashboard', () => {
    const kimberly = dashboards.find((d) => d.json.uid === 'slo-kimberly')!.json;
    expect(kimberly.templating.list.map((v) => v.name)).toEqual(['datasource', 'env', 'slo']);
    const titles = allPanels(kimberly).map((p) => p.title);
    for (const title of [
      'Objective',
      'SLI over the period',
      'Error budget remaining',
      'Burn rate (1h)',
      'Budget exhausted in',
      'Pages firing',
      'Tickets firing',
      'SLI over time',
      'Error budget burn-down (last 30d)',
      'Burn rate by window',
      'Alert tiers now',
      'Events per second',
      'Allowed downtime per period',
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
    const chat = allPanels(kimberly).find((p) => p.title === 'Chat response: latency percentiles')!;
    expect(chat.targets!.map((t) => t.expr)).toEqual(expect.arrayContaining(['vector(0.5)', 'vector(1)', 'vector(2)']));
    expect(chat.fieldConfig!.defaults.unit).toBe('s');
    const burn = allPanels(kimberly).find((p) => p.title === 'Burn rate by window')!;
    expect(burn.targets!.map((t) => t.expr).filter((e) => e.includes('slo:burn_rate_threshold:ratio'))).toHaveLength(1);
  });

  it('is linked from every alert: dashboard_url points at the service dashboard uid', () => {
    const uids = new Set(dashboards.map((d) => d.json.uid));
    for (const file of compiled.files.filter((f) => f.path.endsWith('.rules.yml'))) {
      for (const [, uid] of file.content.matchAll(/dashboard_url: \S+\/d\/([\w-]+)\//g)) expect(uids.has(uid), uid).toBe(true);
    }
  });

  it('links each overview row to its detail dashboard by the uid the rules record (the same function as the alerts)', () => {
    const overview = dashboards.find((d) => d.json.uid === 'slo-overview')!.json;
    const text = JSON.stringify(overview);
    expect(text).toContain('/d/${__data.fields.dashboard_uid}/?var-env=${__data.fields.env}&var-slo=${__data.fields.slo}');
    expect(text).toContain('&viewPanel=${__data.fields.panel}');
    const info = compiled.files
      .filter((f) => f.path.endsWith('.rules.yml'))
      .flatMap((f) => (parse(f.content) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules))
      .filter((r): r is RecordingRule => 'record' in r && r.record === 'slo:info');
    expect(info).toHaveLength(58); // 50 SLO instances and 8 capacity targets
    expect(new Set(info.map((r) => r.labels!.dashboard_uid))).toEqual(new Set(['slo-kimberly']));
    expect(new Set(info.map((r) => r.labels!.owner))).toEqual(new Set(['kimberly-sre']));
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
