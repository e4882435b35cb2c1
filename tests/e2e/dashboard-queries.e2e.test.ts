/**
 * Every generated dashboard query, run against a real Prometheus that evaluates the generated rules
 * (Kimberly and examples/shop) over a fake exporter of every raw series they read, for every
 * choice of the dashboards' variables, as Grafana would substitute them:
 * - no query errors, and no dead query (each returns data for some choice);
 * - every alert's dashboard_url sets variable values the dashboard offers, or opens a panel it has;
 * - no timeseries legend has more rows than Grafana can show in the panel.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import shopCatalog from '../../examples/shop/slos/index.js';
import { validateCatalog } from '../../src/catalog/validate.js';
import { compileCatalog } from '../../src/compile.js';
import { withoutLowTrafficGuard } from '../helpers/catalogs.js';
import type { RuleGroup } from '../../src/emitters/prometheus/rule-types.js';
import { allPanels, type DashboardPanel } from '../helpers/dashboards.js';
import { counter, FakeExporter, gauge, histogram, type FakeSeries } from '../helpers/fake-exporter.js';
import { compiled as kimberly } from '../helpers/kimberly.js';
import { startPrometheus, stopEverything, stopProcess, waitFor, type RunningProcess } from '../helpers/servers.js';
import { sloforge, tempDir } from '../helpers/tools.js';
import { scaled } from '../helpers/slowdown.js';

// Alerts must fire within the test's minutes (the alert annotations return data): the guard is off.
const shop = compileCatalog(validateCatalog(withoutLowTrafficGuard(shopCatalog), 'examples/shop/slos/index.ts'));

function kimberlySeries(env: string): FakeSeries[] {
  const base = { job: 'kimberly', env, instance: 'kimberly:8000' };
  const ms = (share: number, ...bounds: string[]) => bounds.map((le, i): [string, number] => [le, share + ((1 - share) * (i + 1)) / (bounds.length + 1)]);
  return [
    // 2% 5xx in production: above the 1% objective, so some SLOs burn and miss.
    counter('kimberly_http_requests_total', { ...base, route: '/chat', method: 'POST', code: '200' }, 20),
    counter('kimberly_http_requests_total', { ...base, route: '/chat', method: 'POST', code: '503' }, env === 'production' ? 0.4 : 0.01),
    counter('kimberly_http_requests_total', { ...base, route: '/chat', method: 'POST', code: '404' }, 0.2),
    counter('kimberly_http_requests_total', { ...base, route: '/health', method: 'GET', code: '200' }, 1),
    ...histogram('kimberly_http_request_duration_seconds', { ...base, route: '/health', method: 'GET' }, 1, ms(0.6, '0.05', '0.1', '0.15'), 0.04),
    ...histogram('kimberly_chat_response_duration_seconds', base, 10, ms(0.5, '0.5', '1.0', '2.0'), 0.6),
    ...histogram('kimberly_model_load_duration_seconds', base, 0.05, ms(0.9, '30.0', '45.0'), 12),
    ...histogram('kimberly_memory_retrieval_duration_seconds', base, 5, ms(0.5, '0.2', '0.5', '0.75'), 0.2),
    ...histogram('kimberly_agent_delegation_duration_seconds', base, 2, ms(0.5, '2.0', '5.0', '8.0'), 2),
    ...histogram('kimberly_auth_jwt_validation_duration_seconds', base, 20, ms(0.5, '0.1', '0.2', '0.3'), 0.05),
    ...histogram('kimberly_meditation_job_duration_seconds', base, 0.01, ms(0.9, '600.0', '900.0'), 300),
    counter('kimberly_model_inferences_total', { ...base, outcome: 'success' }, 5),
    counter('kimberly_model_inferences_total', { ...base, outcome: 'failure' }, 0.01),
    counter('kimberly_memory_integrity_checks_total', base, 1),
    counter('kimberly_memory_corruption_detected_total', base, 0),
    counter('kimberly_meditation_job_runs_total', { ...base, outcome: 'success' }, 0.01),
    counter('kimberly_meditation_job_runs_total', { ...base, outcome: 'failure' }, 0.001),
    gauge('kimberly_meditation_job_last_success_timestamp_seconds', base, (_, now) => now - 3600),
    counter('kimberly_memory_writes_total', base, 12),
    counter('kimberly_chat_messages_total', base, 3),
    gauge('kimberly_active_sessions', base, () => 4),
    gauge('probe_success', { job: 'kimberly-health', env, instance: 'https://kimberly.example/health' }, () => 1),
  ];
}

function shopSeries(environment: string): FakeSeries[] {
  const app = { app: 'storefront', environment };
  return [
    counter('http_server_requests_total', { ...app, handler: '/checkout', status: '200' }, 5),
    counter('http_server_requests_total', { ...app, handler: '/checkout', status: '502' }, 0.1),
    counter('http_server_requests_total', { ...app, handler: '/search', status: '200' }, 8),
    ...histogram(
      'http_server_request_duration_seconds',
      { ...app, handler: '/search' },
      8,
      [
        ['0.1', 0.5],
        ['0.25', 0.95],
        ['1', 0.995],
      ],
      0.1,
    ),
    gauge('probe_success', { ...app, target: 'https://shop.example/' }, () => 1),
    gauge('storefront_build_info', { ...app, version: '1.2.3' }, () => 1),
    counter('payment_provider_calls_total', { app: 'payment-gateway', environment, outcome: 'ok' }, 2),
    counter('payment_provider_calls_total', { app: 'payment-gateway', environment, outcome: 'error' }, 0.05),
  ];
}

interface Dashboard {
  uid: string;
  title: string;
  panels: DashboardPanel[];
  templating: { list: Array<{ name: string; type: string; query?: string; allValue?: string; multi?: boolean }> };
  annotations?: { list?: Array<{ name: string; expr?: string }> };
}

const files = [...kimberly.files, ...shop.files];
const dashboards = files.filter((f) => f.path.endsWith('.json') && f.path.includes('/dashboards/')).map((f) => JSON.parse(f.content) as Dashboard);
const rules = files.filter((f) => f.path.endsWith('.rules.yml')).flatMap((f) => (parse(f.content) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules));
const instanceCount = rules.filter((r) => 'record' in r && r.record === 'slo:objective:ratio').length;

let prometheus: RunningProcess | undefined;
let exporter: FakeExporter | undefined;

async function api<T>(pathAndQuery: string, form?: Record<string, string>): Promise<{ status: string; data: T; error?: string }> {
  const response = await fetch(`${prometheus!.url}${pathAndQuery}`, form ? { method: 'POST', body: new URLSearchParams(form) } : undefined);
  return (await response.json()) as { status: string; data: T; error?: string };
}

const instant = (query: string, time?: number) => api<{ result: unknown[] }>('/api/v1/query', { query, ...(time === undefined ? {} : { time: String(time) }) });
/**
 * When Prometheus started (Unix seconds). The deploy annotations mark a version that appeared or
 * changed in the last 2m, and the fake exporter's versions appear at the first scrape: they are
 * asked at 30 s after the start, however long the run (on a busy machine) takes to reach them.
 */
let startedAt = 0;

/** Grafana's substitution: $var and ${var} by value, the interval macros by a duration. */
function substitute(expr: string, values: Record<string, string>): string {
  return expr
    .replace(/\$__rate_interval|\$__interval|\$__range/g, '1m')
    .replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined) => values[a ?? b ?? ''] ?? whole);
}

/** A query variable's options, as Grafana asks Prometheus for them: label_values(selector, label). */
async function variableOptions(query: string, values: Record<string, string>): Promise<string[]> {
  const [, selector, label] = /^label_values\((.*), (\w+)\)$/.exec(substitute(query, values))!;
  const result = await api<string[]>(`/api/v1/label/${label}/values?${new URLSearchParams({ 'match[]': selector })}`);
  expect(result.status, query).toBe('success');
  return result.data;
}

/**
 * The variable values to try, in the dashboard's order: every value of a single-value variable
 * (each SLO of each environment); a multi-value filter on All, and each of its values alone while
 * the other filters stay on All.
 */
async function choices(dashboard: Dashboard): Promise<Array<Record<string, string>>> {
  let combos: Array<{ values: Record<string, string>; filtered: boolean }> = [{ values: {}, filtered: false }];
  for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
    const next: typeof combos = [];
    for (const combo of combos) {
      const options = await variableOptions(variable.query!, combo.values);
      if (!variable.multi) {
        expect(options.length, `${dashboard.uid} $${variable.name} has options`).toBeGreaterThan(0);
        for (const value of options) next.push({ values: { ...combo.values, [variable.name]: value }, filtered: combo.filtered });
        continue;
      }
      next.push({ values: { ...combo.values, [variable.name]: variable.allValue! }, filtered: combo.filtered });
      if (!combo.filtered) for (const value of options) next.push({ values: { ...combo.values, [variable.name]: value }, filtered: true });
    }
    combos = next;
  }
  return combos.map((c) => c.values);
}

/**
 * Rows Grafana shows in a table legend: a panel is h × 30 px plus 8 px between units; the header
 * and padding take 48 px, the legend's own header 28 px, a row 26 px. A bottom legend gets at most
 * 35% of the panel (Grafana's VizLayout), a right legend its whole height.
 */
function legendCapacity(panel: DashboardPanel): number {
  const content = panel.gridPos.h * 30 + (panel.gridPos.h - 1) * 8 - 48;
  const height = panel.options?.legend?.placement === 'right' ? content : content * 0.35;
  return Math.floor((height - 28) / 26);
}

beforeAll(async () => {
  const dir = tempDir('sloforge-dashboard-queries-');
  const rulesDir = path.join(dir, 'rules');
  mkdirSync(rulesDir);
  // Every group at the test's 2s interval, the reporting groups' 4m included: a minute of Prometheus in
  // seconds. (At 1s, the 2,500 rules of both catalogs took both cores of a busy machine, and the
  // 2,000 queries below waited behind them.)
  files
    .filter((f) => f.path.endsWith('.rules.yml'))
    .forEach((f, i) => writeFileSync(path.join(rulesDir, `${i}.rules.yml`), f.content.replace(/^ {4}interval: 4m$/gm, '    interval: 2s')));
  exporter = new FakeExporter([...['staging', 'production'].flatMap(kimberlySeries), ...['canary', 'live'].flatMap(shopSeries)]);
  const target = await exporter.listen();
  const config = path.join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '2s' },
      rule_files: [path.join(rulesDir, '*.rules.yml')],
      scrape_configs: [{ job_name: 'fake', honor_labels: true, static_configs: [{ targets: [target] }] }],
    }),
  );
  prometheus = await startPrometheus(config);
  startedAt = Date.now() / 1000;
  // Every SLI over the period recorded: the 5m rates, then the windows built on them.
  await waitFor(
    `${instanceCount} period SLIs`,
    async () => {
      const result = await instant('count(slo:sli:ratio_period)');
      const value = Number((result.data.result[0] as { value?: [number, string] } | undefined)?.value?.[1] ?? 0);
      return value >= instanceCount || undefined;
    },
    90_000,
    1000,
  );
}, scaled(150_000));

afterAll(async () => {
  await stopProcess(prometheus);
  await exporter?.close();
  await stopEverything();
});

describe('dashboard queries against a real Prometheus', () => {
  it(
    'run without error for every variable choice, and each returns data for some choice',
    async () => {
      const errors: string[] = [];
      const hits = new Map<string, number>();
      const legendOverflow: string[] = [];
      let runs = 0;
      for (const dashboard of dashboards) {
        const panels = allPanels(dashboard).filter((p) => p.targets);
        const annotations = (dashboard.annotations?.list ?? []).filter((a) => a.expr);
        for (const key of [
          ...panels.flatMap((p) => p.targets!.map((t) => `${dashboard.uid} / ${p.title} / ${t.refId}`)),
          ...annotations.map((a) => `${dashboard.uid} / annotation ${a.name}`),
        ])
          hits.set(key, 0);
        for (const values of await choices(dashboard)) {
          const queries = [
            ...panels.flatMap((p) => p.targets!.map((t) => ({ key: `${dashboard.uid} / ${p.title} / ${t.refId}`, expr: t.expr, panel: p }))),
            ...annotations.map((a) => ({ key: `${dashboard.uid} / annotation ${a.name}`, expr: a.expr!, panel: undefined, at: startedAt + 30 })),
          ];
          const seriesPerPanel = new Map<DashboardPanel, number>();
          for (const q of queries) {
            const expr = substitute(q.expr, values);
            const result = await instant(expr, 'at' in q ? q.at : undefined);
            runs++;
            if (result.status !== 'success') errors.push(`${q.key} ${JSON.stringify(values)}: ${result.error}`);
            const count = result.data?.result.length ?? 0;
            if (count > 0) hits.set(q.key, hits.get(q.key)! + 1);
            if (q.panel) seriesPerPanel.set(q.panel, (seriesPerPanel.get(q.panel) ?? 0) + count);
          }
          for (const [panel, count] of seriesPerPanel) {
            if (panel.type === 'timeseries' && count > legendCapacity(panel))
              legendOverflow.push(`${dashboard.uid} / ${panel.title} ${JSON.stringify(values)}: ${count} series, room for ${legendCapacity(panel)}`);
          }
        }
      }
      expect(runs).toBeGreaterThan(2000);
      expect(errors).toEqual([]);
      expect([...hits].filter(([, n]) => n === 0).map(([key]) => key)).toEqual([]);
      expect(legendOverflow).toEqual([]);
    },
    scaled(600_000),
  );

  it('every alert link sets values its dashboard offers, and opens its SLO on the first screen or its own panel', async () => {
    const byUid = new Map(dashboards.map((d) => [d.uid, d]));
    const alerts = rules.filter((r) => 'alert' in r);
    expect(alerts.length).toBeGreaterThan(250);
    const options = new Map<string, string[]>();
    const optionsOf = async (query: string, values: Record<string, string>) => {
      const key = substitute(query, values);
      if (!options.has(key)) options.set(key, await variableOptions(query, values));
      return options.get(key)!;
    };
    for (const alert of alerts) {
      const url = new URL(alert.annotations!.dashboard_url);
      const dashboard = byUid.get(url.pathname.split('/')[2]);
      expect(dashboard, `${alert.alert} ${url}`).toBeDefined();
      const variable = (name: string) => dashboard!.templating.list.find((v) => v.name === name)!;
      const env = url.searchParams.get('var-env')!;
      const slo = url.searchParams.get('var-slo')!;
      expect(await optionsOf(variable('env').query!, {}), `${alert.alert} env`).toContain(env);
      const viewPanel = url.searchParams.get('viewPanel');
      if (viewPanel) {
        const panel = allPanels(dashboard!).find((p) => p.id === Number(viewPanel));
        expect(panel, `${alert.alert} panel ${viewPanel}`).toBeDefined();
        expect(panel!.targets!.every((t) => t.expr.includes(`slo="${slo}"`))).toBe(true);
      } else {
        expect(await optionsOf(variable('slo').query!, { env }), `${alert.alert} ${slo} in ${env}`).toContain(slo);
        // The first screen (the expanded row) shows $slo and nothing else.
        const firstScreen = dashboard!.panels.filter((p) => p.type !== 'row');
        expect(firstScreen.length).toBeGreaterThan(0);
        for (const p of firstScreen) for (const t of p.targets ?? []) expect(t.expr).toContain('slo="$slo"');
      }
    }
  });
});

describe('grouped SLOs in report and checklist (examples/shop: api-errors by handler)', () => {
  it('report has one row per group, with its own SLI', () => {
    const result = sloforge([
      'report',
      '--prometheus',
      prometheus!.url,
      '--catalog',
      'examples/shop/slos/index.ts',
      '--slo',
      'api-errors',
      '--env',
      'live',
      '--format',
      'json',
    ]);
    const report = JSON.parse(result.stdout) as { rows: Array<{ group: string | null; sli: number | null; status: string }> };
    // The fake exporter: /checkout 5 ok and 0.1 failing (502) a second, /search 8 ok a second.
    expect(report.rows.map((r) => r.group)).toEqual(['handler=/checkout', 'handler=/search']);
    const [checkout, search] = report.rows;
    expect(checkout.sli!).toBeCloseTo(5 / 5.1, 3);
    expect(checkout.status).toBe('missed');
    expect(search.sli).toBe(1);
    expect(search.status).toBe('met');
    const table = sloforge(['report', '--prometheus', prometheus!.url, '--catalog', 'examples/shop/slos/index.ts', '--slo', 'api-errors', '--env', 'live']);
    expect(table.stdout).toMatch(/api-errors\s+live\s+handler=\/checkout/);
  });

  it('checklist judges a grouped SLO by its worst group', () => {
    const result = sloforge(['checklist', '--prometheus', prometheus!.url, '--catalog', 'examples/shop/slos/index.ts', '--env', 'live', '--window', '5m']);
    expect(result.stdout).toMatch(/api-errors: < 0\.5%[^\n]*, measured 1\.96\d+% over 5m \(worst group handler=\/checkout of 2\)/);
  });
});
