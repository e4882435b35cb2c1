/**
 * Imported ratio SLIs count exactly the events the source counts (issue "Migrations people trust",
 * point 1). Specs in the shapes of Sloth's examples/multifile.yml and getting-started.yml (events
 * queries, one counter's sum(rate(...))) and of the OpenSLO spec's ratioMetric examples (good or bad
 * over total, plain selectors) are imported and generated; the series the generated 5m rules select
 * are compared with the series the source queries select, both parsed with Prometheus' own PromQL
 * grammar and normalized (matcher order and quoting do not matter). The cases: error and total share
 * matchers, differ in them, contradict each other, and the error query has fewer than the total.
 * Then promtool: errors only in another job never page, as the source's own ratio stays at 0.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { vectorSelectors } from './helpers/promql.js';
import { promtool, sloforge, tempDir } from './helpers/tools.js';

interface Case {
  name: string;
  error: string;
  total: string;
}

const CASES: Case[] = [
  // Sloth's multifile.yml: the error query repeats the total's job and adds the code.
  {
    name: 'shared',
    error: 'http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}',
    total: 'http_request_duration_seconds_count{job="myservice"}',
  },
  // Two counters, each with its own matchers.
  { name: 'differing', error: 'api_errors_total{job="api",reason!="client"}', total: 'api_requests_total{job="api",handler="/v1"}' },
  // The error query names another job than the total: odd, but it is what the source counts.
  { name: 'contradicting', error: 'rpc_total{job="a",code="500"}', total: 'rpc_total{job="b"}' },
  // The error query leaves out the total's job: the source counts every job's errors, and so must the import.
  { name: 'wider', error: 'rpc_total{code="500"}', total: 'rpc_total{job="a"}' },
];

const withWindow = (selector: string) => `sum(rate(${selector}[{{.window}}]))`;
const atFiveMinutes = (query: string) => query.replaceAll('{{.window}}', '5m');
const unique = (selectors: string[]) => [...new Set(selectors)].sort();

function generatedRule(dir: string, service: string, slo: string, record: string): string {
  const file = path.join(dir, 'alerts', service, 'production', `${slo}.rules.yml`);
  const groups = (parse(readFileSync(file, 'utf8')) as { groups: RuleGroup[] }).groups;
  const rule = groups.flatMap((g) => g.rules).find((r) => 'record' in r && r.record === record);
  if (!rule) throw new Error(`${file}: no ${record}`);
  return rule.expr;
}

function importAndGenerate(kind: 'sloth' | 'openslo', specText: string) {
  const dir = tempDir();
  const spec = path.join(dir, kind === 'sloth' ? 'spec.yml' : 'spec.yaml');
  writeFileSync(spec, specText);
  const catalog = path.join(dir, 'catalog.ts');
  const imported = sloforge(['import', kind, spec, '--out', catalog], dir);
  expect(imported.status, imported.stderr).toBe(0);
  const generated = sloforge(['generate', '--catalog', catalog, '--out', dir, '--tests', 'none'], dir);
  expect(generated.status, generated.stderr).toBe(0);
  return dir;
}

function slothSpec(c: Case): string {
  return stringify({
    version: 'prometheus/v1',
    service: 'svc',
    labels: { owner: 'team' },
    slos: [{ name: c.name, objective: 99, sli: { events: { error_query: withWindow(c.error), total_query: withWindow(c.total) } } }],
  });
}

function openSloSpec(c: Case, which: 'bad' | 'good', good?: string): string {
  const source = (query: string) => ({ metricSource: { type: 'Prometheus', spec: { query } } });
  return stringify({
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: c.name },
    spec: {
      service: 'svc',
      indicator: {
        metadata: { name: `${c.name}-sli` },
        spec: { ratioMetric: { counter: true, [which]: source(which === 'bad' ? c.error : good!), total: source(c.total) } },
      },
      timeWindow: [{ duration: '28d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.99 }],
    },
  });
}

describe('imported ratio SLIs select the series the source selects', () => {
  it.each(CASES)('Sloth events, $name matchers', (c) => {
    const dir = importAndGenerate('sloth', slothSpec(c));
    expect(vectorSelectors(generatedRule(dir, 'svc', c.name, 'slo:sli_bad_events:rate5m'))).toEqual(vectorSelectors(atFiveMinutes(withWindow(c.error))));
    expect(vectorSelectors(generatedRule(dir, 'svc', c.name, 'slo:sli_total_events:rate5m'))).toEqual(vectorSelectors(atFiveMinutes(withWindow(c.total))));
  });

  it.each(CASES)('OpenSLO bad over total, $name matchers', (c) => {
    const dir = importAndGenerate('openslo', openSloSpec(c, 'bad'));
    expect(vectorSelectors(generatedRule(dir, 'svc', c.name, 'slo:sli_bad_events:rate5m'))).toEqual(vectorSelectors(c.error));
    expect(vectorSelectors(generatedRule(dir, 'svc', c.name, 'slo:sli_total_events:rate5m'))).toEqual(vectorSelectors(c.total));
  });

  it.each(CASES)('OpenSLO good over total, $name matchers: bad events are total minus exactly the good series', (c) => {
    // The good query: the error query's metric and matchers with the error condition negated where there is one.
    const good = c.error.replace('=~"(5..|429)"', '!~"(5..|429)"').replace('reason!="client"', 'reason="client"').replace('code="500"', 'code!="500"');
    const dir = importAndGenerate('openslo', openSloSpec(c, 'good', good));
    expect(unique(vectorSelectors(generatedRule(dir, 'svc', c.name, 'slo:sli_bad_events:rate5m')))).toEqual(
      unique([...vectorSelectors(c.total), ...vectorSelectors(good)]),
    );
  });
});

describe('errors of another job never page an imported SLO', () => {
  // The case: Sloth's own rules stay silent, since job="myservice" has no errors at all.
  const c = CASES[0];
  const input = [
    { series: 'http_request_duration_seconds_count{job="myservice",code="200"}', values: '0+1000x130' },
    { series: 'http_request_duration_seconds_count{job="other",code="503"}', values: '0+1000x130' },
    { series: 'http_request_duration_seconds_count{job="other",code="200"}', values: '0+1x130' },
  ];
  it.each([
    ['sloth', slothSpec(c)],
    ['openslo', openSloSpec(c, 'bad')],
  ] as const)('%s', (kind, spec) => {
    const dir = importAndGenerate(kind, spec);
    const rules = path.join(dir, 'alerts/svc/production/shared.rules.yml');
    const test = {
      rule_files: [rules],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: input,
          alert_rule_test: ['SLOBurnRate1h5m', 'SLOBurnRate6h30m'].flatMap((alertname) => [
            { eval_time: '10m', alertname, exp_alerts: [] },
            { eval_time: '125m', alertname, exp_alerts: [] },
          ]),
          promql_expr_test: [
            {
              expr: 'slo:sli_bad_events:rate5m{slo="shared"}',
              eval_time: '125m',
              exp_samples: [{ labels: 'slo:sli_bad_events:rate5m{env="production",service="svc",slo="shared"}', value: 0 }],
            },
          ],
        },
      ],
    };
    writeFileSync(path.join(dir, 'other-job.test.yml'), stringify(test));
    const result = promtool(['test', 'rules', path.join(dir, 'other-job.test.yml')], dir);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
  });
});
