/**
 * Grouped SLOs (issue "What real SLOs need from the catalog", part 1): `groupBy: ['route']` makes
 * one SLO per route. A hand-written promtool test over the generated rules: two routes, one healthy
 * and one in a full outage, a third that appears later and a fourth that goes away. Only the failing route pages, every
 * route keeps its own series (none hidden by `or vector(0)`), and no two series collide after the
 * rule labels are applied.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import type { AlertingRule, RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { counter, errorRate, histogram, latency } from '../src/index.js';
import { smallService } from './helpers/catalogs.js';
import type { SloInput } from '../src/index.js';
import { promtool, tempDir } from './helpers/tools.js';

const shop = (slos: SloInput[]) => smallService(slos, { matchers: [{ label: 'job', op: '=', value: 'shop' }] });

const errorsByRoute = errorRate({
  id: 'api-errors',
  title: 'API errors',
  events: counter('shop_requests_total'),
  bad: { code: /5../ },
  below: '0.1%',
  groupBy: ['route'],
});

const latencyByRoute = latency({
  id: 'api-latency',
  title: 'API latency',
  histogram: histogram('shop_request_duration_seconds', { buckets: [0.1, 0.5, 1] }),
  threshold: '500ms',
  objective: 99,
  groupBy: ['route'],
  minEvents: 10,
});

function compiled(slos: SloInput[]) {
  return compileCatalog(validateCatalog({ services: [shop(slos)] }, 'grouping.ts'));
}

function rulesOf(files: Array<{ path: string; content: string }>, id: string) {
  const file = files.find((f) => f.path === `alerts/shop/production/${id}.rules.yml`)!;
  return { file, rules: (parse(file.content) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules) };
}

describe('grouped SLOs under promtool', () => {
  it('page only for the failing route, keep a healthy route at 0, and pick up a route that appears later', () => {
    const { files } = compiled([errorsByRoute]);
    const { file, rules } = rulesOf(files, 'api-errors');
    const dir = tempDir();
    writeFileSync(path.join(dir, 'api-errors.rules.yml'), file.content);
    const page = rules.find((r): r is AlertingRule => 'alert' in r && r.alert === 'SLOBurnRate1h5m')!;
    const s = (route: string, code: string) => `shop_requests_total{job="shop",env="production",route="${route}",code="${code}"}`;
    // 60 requests a minute on each route. /b fails completely from minute 30; /c starts at minute 20.
    const test = {
      rule_files: ['api-errors.rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            { series: s('/a', '200'), values: '0+60x60' },
            { series: s('/b', '200'), values: '0+60x30 1800x30' },
            { series: s('/b', '503'), values: '0x30 60+60x30' },
            { series: s('/c', '200'), values: '_x20 0+60x40' },
            // /d goes away at minute 20: its short windows empty, its long windows keep its history.
            { series: s('/d', '200'), values: '0+60x20 _x40' },
          ],
          alert_rule_test: [
            { eval_time: '25m', alertname: 'SLOBurnRate1h5m', exp_alerts: [] },
            {
              eval_time: '40m',
              alertname: 'SLOBurnRate1h5m',
              exp_alerts: [{ exp_labels: { ...page.labels, route: '/b' }, exp_annotations: page.annotations }],
            },
          ],
          promql_expr_test: [
            {
              expr: 'slo:sli_error:ratio_rate5m{slo="api-errors"}',
              eval_time: '40m',
              exp_samples: [
                { labels: 'slo:sli_error:ratio_rate5m{service="shop",slo="api-errors",env="production",route="/a"}', value: 0 },
                { labels: 'slo:sli_error:ratio_rate5m{service="shop",slo="api-errors",env="production",route="/b"}', value: 1 },
                { labels: 'slo:sli_error:ratio_rate5m{service="shop",slo="api-errors",env="production",route="/c"}', value: 0 },
              ],
            },
            {
              expr: 'slo:sli_bad_events:rate5m{route="/a"}',
              eval_time: '40m',
              exp_samples: [{ labels: 'slo:sli_bad_events:rate5m{service="shop",slo="api-errors",env="production",route="/a"}', value: 0 }],
            },
            {
              expr: 'count(slo:error_budget_remaining:ratio{slo="api-errors"})',
              eval_time: '40m',
              exp_samples: [{ labels: '{}', value: 4 }],
            },
            {
              expr: 'slo:sli_error:ratio_rate1d{route="/d"}',
              eval_time: '40m',
              exp_samples: [{ labels: 'slo:sli_error:ratio_rate1d{service="shop",slo="api-errors",env="production",route="/d"}', value: 0 }],
            },
          ],
        },
      ],
    };
    writeFileSync(path.join(dir, 'test.yml'), stringify(test));
    const result = promtool(['test', 'rules', 'test.yml'], dir);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('keep the groups through every window and every rule, including the low-traffic guard', () => {
    const { rules } = rulesOf(compiled([latencyByRoute]).files, 'api-latency');
    const exprs = rules.map((r) => r.expr).join('\n');
    expect(exprs).not.toContain('vector(0)');
    expect(exprs).not.toMatch(/\bsum\(/);
    expect(exprs).toContain('sum by (route)(rate(shop_request_duration_seconds_count');
    const guard = rules.find((r): r is AlertingRule => 'alert' in r && r.alert === 'SLOBurnRate1h5m')!;
    expect(guard.expr).toContain('on(route) sum by (route)(increase(shop_request_duration_seconds_count{job="shop",env="production"}[1h])) >= 10');
    const dir = tempDir();
    writeFileSync(path.join(dir, 'api-latency.rules.yml'), rulesOf(compiled([latencyByRoute]).files, 'api-latency').file.content);
    const check = promtool(['check', 'rules', 'api-latency.rules.yml'], dir);
    expect(check.status, check.stderr).toBe(0);
  });

  it('refuse groups sloforge cannot keep apart, naming the field', () => {
    const bad =
      (groupBy: string[], extra: Partial<SloInput> = {}) =>
      () =>
        compiled([{ ...errorsByRoute, groupBy, ...extra }]);
    expect(bad(['env'])).toThrow('field "groupBy[0]"');
    expect(bad(['severity'])).toThrow('"severity" is a label sloforge sets on every series and alert');
    expect(bad(['route', 'route'])).toThrow('"route" is listed twice');
    expect(bad(['job'], { zeroTolerance: true, objective: 100 })).toThrow('grouping applies to burn-rate SLOs');
  });
});

describe('grouped SLOs on the dashboard', () => {
  it('offer a variable per group label, read by the first screen, and a table of every group', () => {
    const dashboard = JSON.parse(compiled([errorsByRoute]).files.find((f) => f.path.endsWith('shop-slos.json'))!.content) as {
      templating: { list: Array<{ name: string; multi?: boolean; includeAll?: boolean; query?: string }> };
      panels: Array<{ title?: string; type: string; targets?: Array<{ expr: string }> }>;
    };
    expect(dashboard.templating.list.find((v) => v.name === 'route')).toMatchObject({ multi: true, includeAll: true });
    const sli = dashboard.panels.find((p) => p.title === 'SLI over the period')!;
    expect(sli.targets![0].expr).toBe('min by (service, slo, env) (slo:sli:ratio_period{service="shop",slo="$slo",env="$env",route=~"$route"})');
    expect(dashboard.panels.some((p) => p.title === 'Groups of $slo' && p.type === 'table')).toBe(true);
  });
});
