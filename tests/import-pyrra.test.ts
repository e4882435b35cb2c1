/**
 * `sloforge import pyrra`: Pyrra's ServiceLevelObjective resources, in the shapes of Pyrra's own
 * examples (named beside each fixture), imported with their meaning kept. Expected values come from
 * the resources written here and from hand arithmetic: the series each selector picks, the window in
 * days, and, under promtool, when sloforge's page fires against Pyrra's own rule for the same input
 * (written from the rule shapes Pyrra's slo/rules.go documents: a 5m and a 1h ratio against
 * 14 × the budget, held for 2m, for a 28d window).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { vectorSelectors } from './helpers/promql.js';
import { promtool, sloforge, tempDir } from './helpers/tools.js';

const slo = (name: string, spec: object, namespace = 'monitoring') => ({
  apiVersion: 'pyrra.dev/v1alpha1',
  kind: 'ServiceLevelObjective',
  metadata: { name, namespace, labels: { prometheus: 'k8s', role: 'alert-rules' } },
  spec,
});

// Mirrors examples/kubernetes/manifests/slos/slo-coredns-response-errors.yaml: a ratio of one counter.
const dnsErrors = slo('dns-response-errors', {
  description: '',
  indicator: {
    ratio: { errors: { metric: 'dns_responses_total{job="resolver",rcode="SERVFAIL"}' }, total: { metric: 'dns_responses_total{job="resolver"}' } },
  },
  target: '99.9',
  window: '4w',
});
// Mirrors examples/caddy-response-latency.yaml: a histogram's bucket at le over its count.
const proxyLatency = slo('proxy-response-latency', {
  description: 'Responses faster than 100ms.',
  indicator: {
    latency: {
      success: { metric: 'proxy_response_seconds_bucket{job="proxy",code!~"5..",le="0.1"}' },
      total: { metric: 'proxy_response_seconds_count{job="proxy",code!~"5.."}' },
    },
  },
  target: '95',
  window: '2w',
});
// Mirrors examples/kubernetes/manifests/slos/slo-prometheus-query-errors.yaml: grouped by a label the selector narrows with a regex.
const queryErrors = slo('query-errors', {
  indicator: {
    ratio: {
      errors: { metric: 'api_requests_total{job="api",handler=~"/v1/query.*",code=~"5.."}' },
      total: { metric: 'api_requests_total{job="api",handler=~"/v1/query.*"}' },
      grouping: ['handler'],
    },
  },
  target: '99',
  window: '2w',
});
// A 0/1 gauge (Pyrra's bool_gauge indicator).
const probe = slo('gateway-up', { indicator: { bool_gauge: { metric: 'probe_success{job="gateway"}' } }, target: '99.5', window: '4w' });

function importAll(resources: object[], extraArgs: string[] = []) {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'slos.yaml'), resources.map((r) => stringify(r)).join('---\n'));
  const catalog = path.join(dir, 'catalog.ts');
  const imported = sloforge(['import', 'pyrra', 'slos.yaml', '--out', catalog, ...extraArgs], dir);
  const generated = sloforge(['generate', '--catalog', catalog, '--out', dir], dir);
  return { dir, imported, generated, source: existsSync(catalog) ? readFileSync(catalog, 'utf8') : '' };
}

const rulesOf = (dir: string, service: string, id: string) =>
  (parse(readFileSync(path.join(dir, 'alerts', service, 'production', `${id}.rules.yml`), 'utf8')) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules);
const record = (dir: string, service: string, id: string, name: string) => rulesOf(dir, service, id).find((r) => 'record' in r && r.record === name)!.expr;

describe('sloforge import pyrra', () => {
  const { dir, imported, generated, source } = importAll([dnsErrors, proxyLatency, queryErrors, probe]);

  it('imports every indicator kind and generates', () => {
    expect(imported.status, imported.stderr).toBe(0);
    expect(generated.status, generated.stderr).toBe(0);
    expect(source).toContain('name: "monitoring"');
  });

  it('a ratio keeps both selectors whole; 4w is a 28d period, target "99.9" the objective', () => {
    expect(vectorSelectors(record(dir, 'monitoring', 'dns-response-errors', 'slo:sli_bad_events:rate5m'))).toEqual(
      vectorSelectors('dns_responses_total{job="resolver",rcode="SERVFAIL"}'),
    );
    expect(vectorSelectors(record(dir, 'monitoring', 'dns-response-errors', 'slo:sli_total_events:rate5m'))).toEqual(
      vectorSelectors('dns_responses_total{job="resolver"}'),
    );
    expect(source).toMatch(/period: "28d"/);
    expect(source).toMatch(/id: "dns-response-errors",[\s\S]*?objective: 99\.9,/);
  });

  it('a latency indicator is a latency SLI of the histogram (threshold 0.1), over 14d', () => {
    expect(source).toMatch(/kind: "latency",\s*histogram: \{\s*metric: "proxy_response_seconds",[\s\S]*?threshold: 0\.1/);
    expect(source).toMatch(/id: "proxy-response-latency",[\s\S]*?environments: \{ production: \{ period: "14d" \} \}/);
    expect(imported.stderr).toContain("the histogram's bucket bounds are unknown");
  });

  it('grouping is groupBy, and the generated promtool tests pass though the selector narrows the grouped label with a regex', () => {
    expect(source).toMatch(/id: "query-errors",[\s\S]*?groupBy: \["handler"\]/);
    const tests = ['query-errors.test.yml', 'query-errors.detection.test.yml', 'query-errors.guard.test.yml'].map((f) =>
      path.join(dir, 'alerts/monitoring/production', f),
    );
    const result = promtool(['test', 'rules', ...tests], dir);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('a bool_gauge is a probe (uptime) SLI of the gauge', () => {
    expect(source).toMatch(/id: "gateway-up",[\s\S]*?kind: "probe",\s*probe: \{\s*metric: "probe_success"/);
  });

  it('latencyNative is skipped by name; alerting disabled is alerting none; absent: false is noData off (exit 1 for the skipped one)', () => {
    const native = slo('native', { indicator: { latencyNative: { latency: '0.5', total: { metric: 'x_seconds{job="a"}' } } }, target: '99', window: '4w' });
    const silent = slo('silent', { ...dnsErrors.spec, alerting: { disabled: true } });
    const noAbsent = slo('no-absent', { ...dnsErrors.spec, alerting: { absent: false, name: 'DnsErrors' } });
    const run = importAll([native, silent, noAbsent]);
    expect(run.imported.status, run.imported.stderr).toBe(1);
    expect(run.imported.stderr).toContain('skipped: ');
    expect(run.imported.stderr).toContain('ServiceLevelObjective "native": field "spec.indicator.latencyNative": native histograms have no sloforge SLI yet');
    expect(run.source).toMatch(/id: "silent",[\s\S]*?alerting: "none"/);
    expect(run.source).toMatch(/id: "no-absent",[\s\S]*?noData: "off",[\s\S]*?pyrra_alert: "DnsErrors"/);
    expect(run.generated.status, run.generated.stderr).toBe(0);
    expect(rulesOf(run.dir, 'monitoring', 'silent').filter((r) => 'alert' in r)).toEqual([]);
    const none = importAll([native]);
    expect(none.imported.status).toBe(2);
  });
});

describe("the page against Pyrra's own rule, same input", () => {
  it('100 requests a minute, all failing from minute 120: sloforge pages at 121, Pyrra at 123 (14× and a 2m hold)', () => {
    const { dir, imported, generated } = importAll([dnsErrors]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(generated.status, generated.stderr).toBe(0);
    // Pyrra's rules for this resource, from its documented shapes: error ratios over 5m and 1h, and
    // the fast-burn alert for a 28d window (1h and 5m above 14 × 0.1%, held 2m).
    const errors = 'dns_responses_total{job="resolver",rcode="SERVFAIL"}';
    const total = 'dns_responses_total{job="resolver"}';
    const ratio = (w: string) => `sum(rate(${errors}[${w}])) / sum(rate(${total}[${w}]))`;
    writeFileSync(
      path.join(dir, 'pyrra.rules.yml'),
      stringify({
        groups: [
          {
            name: 'dns-response-errors-increase',
            rules: [
              { record: 'dns_responses:burnrate5m', expr: ratio('5m'), labels: { slo: 'dns-response-errors' } },
              { record: 'dns_responses:burnrate1h', expr: ratio('1h'), labels: { slo: 'dns-response-errors' } },
              {
                alert: 'ErrorBudgetBurn',
                expr: 'dns_responses:burnrate5m{slo="dns-response-errors"} > (14 * (1 - 0.999)) and dns_responses:burnrate1h{slo="dns-response-errors"} > (14 * (1 - 0.999))',
                for: '2m',
                labels: { severity: 'critical', long: '1h', short: '5m' },
              },
            ],
          },
        ],
      }),
    );
    // The 1h ratio x minutes into the outage is x/60: sloforge's 28d tier, 13.44 × 0.1% = 1.344%, is passed at
    // x = 1 (1.67%); Pyrra's 14 × 0.1% = 1.4% at x = 1 too, then held 2m: x = 3. At x = 0 nothing has failed.
    const firesAt = (alertname: string, labels: Record<string, string>, yes: number, no: number) => ({
      interval: '1m',
      input_series: [
        { series: 'dns_responses_total{job="resolver",rcode="NOERROR"}', values: '0+100x120 12000x60' },
        { series: 'dns_responses_total{job="resolver",rcode="SERVFAIL"}', values: '0x120 100+100x59' },
      ],
      alert_rule_test: [
        { eval_time: `${no}m`, alertname, exp_alerts: [] },
        { eval_time: `${yes}m`, alertname, exp_alerts: [{ exp_labels: labels }] },
      ],
    });
    const sloforgePage = rulesOf(dir, 'monitoring', 'dns-response-errors').find((r) => 'alert' in r && r.alert === 'SLOBurnRate1h5m') as {
      labels: Record<string, string>;
      annotations: Record<string, string>;
    };
    const ours = {
      rule_files: [path.join(dir, 'alerts/monitoring/production/dns-response-errors.rules.yml')],
      evaluation_interval: '1m',
      tests: [
        {
          ...firesAt('SLOBurnRate1h5m', sloforgePage.labels, 121, 120),
          alert_rule_test: firesAt('SLOBurnRate1h5m', sloforgePage.labels, 121, 120).alert_rule_test.map((t) => ({
            ...t,
            exp_alerts: t.exp_alerts.map((a) => ({ ...a, exp_annotations: sloforgePage.annotations })),
          })),
        },
      ],
    };
    const theirs = {
      rule_files: [path.join(dir, 'pyrra.rules.yml')],
      evaluation_interval: '1m',
      tests: [firesAt('ErrorBudgetBurn', { severity: 'critical', long: '1h', short: '5m', slo: 'dns-response-errors' }, 123, 122)],
    };
    writeFileSync(path.join(dir, 'ours.test.yml'), stringify(ours));
    writeFileSync(path.join(dir, 'theirs.test.yml'), stringify(theirs));
    const result = promtool(['test', 'rules', 'ours.test.yml', 'theirs.test.yml'], dir);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
