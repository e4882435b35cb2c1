/**
 * `sloforge import sloth` (issue "Beyond one Prometheus", part 2): Sloth's getting-started spec is
 * imported, generated, and run under promtool with hand-written tests that expect what Sloth
 * documents for the same spec: pages at 14.4× (1h/5m) and 6× (6h/30m), tickets at 3× (1d/2h) and
 * 1× (3d/6h) of the 0.1% budget, silence below. Labels and annotations carry over.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { AlertingRule, RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { PROJECT_ROOT, promtool, sloforge, tempDir } from './helpers/tools.js';

const FIXTURES = path.join(PROJECT_ROOT, 'tests/fixtures/sloth');

function importAndGenerate(file: string) {
  const dir = tempDir();
  const catalog = path.join(dir, 'catalog.ts');
  const imported = sloforge(['import', 'sloth', path.join(FIXTURES, file), '--out', catalog], dir);
  const generated = sloforge(['generate', '--catalog', catalog, '--out', dir], dir);
  return { dir, imported, generated };
}

// Labels as Sloth's spec sets them (service labels, SLO labels, alerting labels), with the page's and
// ticket's own; Sloth's severity values stay beside sloforge's page/ticket as sloth_severity.
const COMMON = {
  service: 'myservice',
  slo: 'requests-availability',
  env: 'production',
  owner: 'myteam',
  repo: 'myorg/myservice',
  tier: '2',
  category: 'availability',
};
const PAGE = { ...COMMON, severity: 'page', routing_key: 'myteam', sloth_severity: 'pageteam' };
const TICKET = { ...COMMON, severity: 'ticket', slack_channel: '#alerts-myteam', sloth_severity: 'slack' };

describe('sloforge import sloth', () => {
  const { dir, imported, generated } = importAndGenerate('myservice.yml');
  const rulesFile = path.join(dir, 'alerts/myservice/production/requests-availability.rules.yml');

  it('writes a catalog that validates and generates', () => {
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('the page alert\'s severity "pageteam" becomes the label sloth_severity');
    expect(generated.status, generated.stderr).toBe(0);
  });

  const alerts = () =>
    (parse(readFileSync(rulesFile, 'utf8')) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules).filter((r): r is AlertingRule => 'alert' in r);

  /** A steady error ratio of `burn` × the 0.1% budget, and what each alert does at `at` minutes. */
  function run(burn: number, at: number, expected: Record<string, Record<string, string> | null>) {
    const total = 1000;
    const bad = (total * burn * 0.001).toFixed(6);
    const test = {
      rule_files: [rulesFile],
      evaluation_interval: '5m',
      tests: [
        {
          interval: '1m',
          input_series: [
            { series: 'http_request_duration_seconds_count{job="myservice",code="200"}', values: `0+${total - Number(bad)}x${at + 5}` },
            { series: 'http_request_duration_seconds_count{job="myservice",code="503"}', values: `0+${bad}x${at + 5}` },
          ],
          alert_rule_test: Object.entries(expected).map(([alertname, labels]) => ({
            eval_time: `${at}m`,
            alertname,
            exp_alerts: labels ? [{ exp_labels: labels, exp_annotations: alerts().find((a) => a.alert === alertname)!.annotations }] : [],
          })),
        },
      ],
    };
    const file = path.join(dir, `test-${burn}-${at}.yml`);
    writeFileSync(file, stringify(test));
    const result = promtool(['test', 'rules', file], dir);
    return result.stdout + result.stderr;
  }

  it.each([
    ['14.4× page over 1h/5m: 15.12× fires after an hour', 15.12, 65, { SLOBurnRate1h5m: PAGE }],
    // (The 6h/30m tier does fire here: its 6h window holds only this hour, at 13.68× > 6×.)
    ['14.4× page: 13.68× stays silent', 13.68, 65, { SLOBurnRate1h5m: null }],
    ['6× page over 6h/30m: 6.3× fires after 6 hours, not the 1h tier', 6.3, 6 * 60 + 5, { SLOBurnRate6h30m: PAGE, SLOBurnRate1h5m: null }],
    ['3× ticket over 1d/2h: 3.15× fires after a day', 3.15, 24 * 60 + 5, { SLOBurnRate1d2h: TICKET, SLOBurnRate6h30m: null }],
    ['1× ticket over 3d/6h: 1.05× fires after three days', 1.05, 3 * 24 * 60 + 5, { SLOBurnRate3d6h: TICKET, SLOBurnRate1d2h: null }],
    ['1× ticket: 0.95× stays silent after three days', 0.95, 3 * 24 * 60 + 5, { SLOBurnRate3d6h: null }],
  ] as const)('%s', (_, burn, at, expected) => {
    expect(run(burn, at, expected)).toContain('SUCCESS');
  });

  it('keeps Sloth’s annotations beside sloforge’s', () => {
    const page = alerts().find((a) => a.alert === 'SLOBurnRate1h5m')!;
    expect(page.annotations).toMatchObject({ sloth_summary: "High error rate on 'myservice' requests responses", sloth_alert: 'MyServiceHighErrorRate' });
    expect(page.annotations.summary).toContain('myservice requests-availability (production)');
  });
});

describe('sloforge import sloth: Kubernetes resources, raw SLIs, and what it cannot map', () => {
  it('maps a disabled page alert to ticket-only, and a raw SLI to a raw SLI that pages at 14.4× under promtool', () => {
    const dir = tempDir();
    const catalog = path.join(dir, 'catalog.ts');
    const imported = sloforge(['import', 'sloth', path.join(FIXTURES, 'k8s.yml'), '--out', catalog], dir);
    expect(imported.status, imported.stderr).toBe(0);
    const source = readFileSync(catalog, 'utf8');
    expect(source).toMatch(/\/\/ "Sloth: page_alert disabled"\n\s*alerting: "ticket-only",/);
    expect(source).toContain('owner: "payments-sre"');
    expect(sloforge(['generate', '--catalog', catalog, '--out', dir], dir).status).toBe(0);
    const rules = path.join(dir, 'alerts/search/production/queries-ratio.rules.yml');
    expect(readFileSync(rules, 'utf8')).toContain('expr: sum(rate(search_errors_total[1h])) / sum(rate(search_total[1h]))');
    // 15 of 100 searches fail: 15× the 1% budget, above the 14.4× page tier.
    const test = {
      rule_files: [rules],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            { series: 'search_total', values: '0+100x70' },
            { series: 'search_errors_total', values: '0+15x70' },
          ],
          alert_rule_test: [
            {
              eval_time: '65m',
              alertname: 'SLOBurnRate1h5m',
              exp_alerts: [
                {
                  exp_labels: { severity: 'page', service: 'search', slo: 'queries-ratio', env: 'production' },
                  exp_annotations: (parse(readFileSync(rules, 'utf8')) as { groups: RuleGroup[] }).groups[0].rules.filter(
                    (r): r is AlertingRule => 'alert' in r && r.alert === 'SLOBurnRate1h5m',
                  )[0].annotations,
                },
              ],
            },
          ],
        },
      ],
    };
    writeFileSync(path.join(dir, 'raw.test.yml'), stringify(test));
    const result = promtool(['test', 'rules', path.join(dir, 'raw.test.yml')], dir);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
  });

  it('refuses another query shape, naming the field', () => {
    const dir = tempDir();
    const spec = path.join(dir, 'spec.yml');
    writeFileSync(
      spec,
      stringify({
        version: 'prometheus/v1',
        service: 'svc',
        slos: [
          {
            name: 'x',
            objective: 99,
            sli: { events: { error_query: 'sum(rate(a[{{.window}}])) + sum(rate(b[{{.window}}]))', total_query: 'sum(rate(t[{{.window}}]))' } },
          },
        ],
      }),
    );
    const result = sloforge(['import', 'sloth', spec], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('service "svc", SLO "x": field "sli.events.error_query": cannot import');
  });
});

describe('alert labels and annotations in the catalog', () => {
  it('never override what sloforge sets', async () => {
    const { validateCatalog } = await import('../src/catalog/validate.js');
    const { counter, environment, errorRate, service } = await import('../src/index.js');
    const catalog = (extra: object) => ({
      services: [
        service({
          name: 's',
          owner: 'o',
          runbookBaseUrl: 'https://r.example.com',
          dashboardBaseUrl: 'https://g.example.com',
          environments: [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
          slos: [{ ...errorRate({ id: 'e', title: 'E', events: counter('r_total'), bad: { code: /5../ }, below: '1%' }), ...extra }],
        }),
      ],
    });
    expect(() => validateCatalog(catalog({ alertLabels: { page: { severity: 'critical' } } }), 'c.ts')).toThrow('"severity" is set by sloforge on every alert');
    expect(() => validateCatalog(catalog({ alertAnnotations: { summary: 'x' } }), 'c.ts')).toThrow('"summary" is written by sloforge from the catalog');
  });
});
