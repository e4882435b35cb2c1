/**
 * Every reader of an alert's tier reads both identities (issue "Migrations people trust", point 3):
 * with Sloth's identity the tier is in sloth_severity and `severity` is the team's own value, which
 * may be anything, even "page" on a ticket. A catalog mixes sloforge's identity (checkout-errors)
 * with Sloth's (checkout-latency, whose team writes severity "page" on its tickets and "oncall" on
 * its pages), and the generated dashboards' queries run under promtool against firing alerts of
 * both kinds. Expected counts are written by hand from the alerts below.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { alertTier } from '../src/core/labels.js';
import { compileCatalog } from '../src/compile.js';
import { allPanels, type DashboardPanel } from './helpers/dashboards.js';
import { checkoutErrors, checkoutLatency, testService } from './helpers/catalogs.js';
import { promtool, tempDir } from './helpers/tools.js';

const catalog = validateCatalog(
  {
    services: [
      testService([
        checkoutErrors(),
        {
          ...checkoutLatency(),
          alertIdentity: { style: 'sloth', alertName: 'ShopLatency' },
          alertLabels: { page: { severity: 'oncall' }, ticket: { severity: 'page' } },
        },
      ]),
    ],
  },
  'mixed.ts',
);
const files = compileCatalog(catalog).files;
const dashboard = (file: string) => JSON.parse(files.find((f) => f.path.endsWith(file))!.content) as { panels: DashboardPanel[] };

const identity = { service: 'shop', env: 'production' };
/** Firing alerts: sloforge's page and ticket of checkout-errors; Sloth's two pages and one ticket of checkout-latency. */
const FIRING: Array<Record<string, string>> = [
  { alertname: 'SLOBurnRate1h5m', severity: 'page', slo: 'checkout-errors' },
  { alertname: 'SLOBurnRate1d2h', severity: 'ticket', slo: 'checkout-errors' },
  { alertname: 'ShopLatency', sloth_severity: 'page', severity: 'oncall', long_window: '1h', short_window: '5m', slo: 'checkout-latency' },
  { alertname: 'ShopLatency', sloth_severity: 'page', severity: 'oncall', long_window: '6h', short_window: '30m', slo: 'checkout-latency' },
  { alertname: 'ShopLatency', sloth_severity: 'ticket', severity: 'page', long_window: '1d', short_window: '2h', slo: 'checkout-latency' },
];
const series = (name: string, labels: Record<string, string>) =>
  `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;
const INPUT = [
  ...FIRING.map((a) => ({ series: series('ALERTS', { ...identity, alertstate: 'firing', ...a }), values: '1x10' })),
  ...['checkout-errors', 'checkout-latency'].map((slo) => ({
    series: series('slo:info', { ...identity, slo, kind: 'slo', owner: 'shop-sre' }),
    values: '1x10',
  })),
  // The tiers' threshold series, as the rules record them (severity page or ticket, whatever the identity).
  ...[
    ['page', '1h', '5m', 14.4],
    ['page', '6h', '30m', 6],
    ['ticket', '1d', '2h', 3],
    ['ticket', '3d', '6h', 1],
  ].flatMap(([severity, long_window, short_window, factor]) =>
    ['checkout-errors', 'checkout-latency'].map((slo) => ({
      series: series('slo:burn_rate_threshold:ratio', {
        ...identity,
        slo,
        severity: String(severity),
        long_window: String(long_window),
        short_window: String(short_window),
      }),
      values: `${factor}x10`,
    })),
  ),
];

/** The one query of a panel (with this text in it), Grafana's variables substituted. */
function query(board: { panels: DashboardPanel[] }, title: string, values: Record<string, string>, containing = 'ALERTS'): string {
  const panel = allPanels(board).find((p) => p.title === title)!;
  const expr = panel.targets!.map((t) => t.expr).find((e) => e.includes(containing))!;
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a?: string, b?: string) => values[a ?? b ?? ''] ?? whole);
}

function evaluate(checks: Array<{ expr: string; exp_samples: Array<{ labels: string; value: number }> }>): string {
  const dir = tempDir();
  const file = path.join(dir, 'readers.test.yml');
  writeFileSync(
    file,
    stringify({
      rule_files: [],
      evaluation_interval: '1m',
      tests: [{ interval: '1m', input_series: INPUT, promql_expr_test: checks.map((c) => ({ ...c, eval_time: '5m' })) }],
    }),
  );
  const result = promtool(['test', 'rules', file], dir);
  return result.stdout + result.stderr;
}

describe('readers of the alert tier, with sloforge’s and Sloth’s identities side by side', () => {
  it('alertTier reads sloth_severity where present, else severity', () => {
    expect(FIRING.map((a) => alertTier(a))).toEqual(['page', 'ticket', 'page', 'page', 'ticket']);
  });

  it('the overview counts 3 pages and 2 tickets, and marks both SLOs paging (a reader of severity alone counts 2 and 1 and misses the latency page)', () => {
    const overview = dashboard('overview/slo-overview.json');
    const all = { service: '.*', env: '.*', owner: '.*' };
    const out = evaluate([
      { expr: query(overview, 'Pages firing', all), exp_samples: [{ labels: '{}', value: 3 }] },
      { expr: query(overview, 'Tickets firing', all), exp_samples: [{ labels: '{}', value: 2 }] },
      {
        expr: query(overview, 'Every SLO', all),
        exp_samples: ['checkout-errors', 'checkout-latency'].map((slo) => ({ labels: series('', { env: 'production', service: 'shop', slo }), value: 2 })),
      },
    ]);
    expect(out).toContain('SUCCESS');
  });

  it("the service dashboard counts the latency SLO's 2 pages and 1 ticket, and its tier table shows which tiers fire", () => {
    const board = dashboard('shop/shop-slos.json');
    const latency = { slo: 'checkout-latency', env: 'production' };
    const tier = (severity: string, long_window: string, short_window: string, value: number) => ({
      labels: series('', { env: 'production', long_window, service: 'shop', severity, short_window, slo: 'checkout-latency' }),
      value,
    });
    const out = evaluate([
      { expr: query(board, 'Pages firing', latency), exp_samples: [{ labels: '{}', value: 2 }] },
      { expr: query(board, 'Tickets firing', latency), exp_samples: [{ labels: '{}', value: 1 }] },
      {
        expr: query(board, 'Alert tiers now', latency),
        exp_samples: [tier('page', '1h', '5m', 1), tier('page', '6h', '30m', 1), tier('ticket', '1d', '2h', 1), tier('ticket', '3d', '6h', 0)],
      },
    ]);
    expect(out).toContain('SUCCESS');
  });
});
