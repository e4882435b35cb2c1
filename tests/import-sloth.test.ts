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

/** A Sloth spec written to a temporary folder and imported into catalog.ts there. */
function importSpec(spec: object) {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'spec.yml'), stringify(spec));
  const catalog = path.join(dir, 'catalog.ts');
  return { dir, catalog, imported: sloforge(['import', 'sloth', path.join(dir, 'spec.yml'), '--out', catalog], dir) };
}

/**
 * A tier's alerts firing at `eval_time`, as a query of ALERTS by the tier's windows: with Sloth's
 * identity every tier carries Sloth's one alert name, and promtool checks a name's alerts at once.
 */
function tierCheck(alertname: string, tier: string, evalTime: string, labels: Record<string, string> | null) {
  const [long_window, short_window] = tier.split('/');
  const selector = { alertname, alertstate: 'firing', long_window, short_window };
  const text = (l: Record<string, string>) =>
    `ALERTS{${Object.entries(l)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',')}}`;
  return { expr: text(selector), eval_time: evalTime, exp_samples: labels ? [{ labels: text({ ...labels, ...selector }), value: 1 }] : [] };
}

// The labels Sloth's own rules give this spec's alerts (Sloth's examples/_gen/getting-started.yml:
// alert MyServiceHighErrorRate; the team's severity "pageteam"/"slack", routing_key or
// slack_channel, and sloth_severity page/ticket), the recorded series' labels (service labels,
// sloth_id, sloth_service, sloth_slo), and sloforge's own service, slo and env beside them.
const COMMON = {
  service: 'myservice',
  slo: 'requests-availability',
  env: 'production',
  owner: 'myteam',
  repo: 'myorg/myservice',
  tier: '2',
  category: 'availability',
  // The identity labels Sloth's own alerts carry (routes written for Sloth keep matching).
  sloth_id: 'myservice-requests-availability',
  sloth_service: 'myservice',
  sloth_slo: 'requests-availability',
};
const PAGE = { ...COMMON, severity: 'pageteam', routing_key: 'myteam', sloth_severity: 'page' };
const TICKET = { ...COMMON, severity: 'slack', slack_channel: '#alerts-myteam', sloth_severity: 'ticket' };
const ALERT = 'MyServiceHighErrorRate';

describe('sloforge import sloth', () => {
  const { dir, imported, generated } = importAndGenerate('myservice.yml');
  const rulesFile = path.join(dir, 'alerts/myservice/production/requests-availability.rules.yml');

  it('writes a catalog that validates and generates', () => {
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stderr).not.toContain('warning');
    expect(generated.status, generated.stderr).toBe(0);
  });

  const alerts = () =>
    (parse(readFileSync(rulesFile, 'utf8')) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules).filter((r): r is AlertingRule => 'alert' in r);

  /** A steady error ratio of `burn` × the 0.1% budget, and what each tier does at `at` minutes. */
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
          promql_expr_test: Object.entries(expected).map(([tier, labels]) => tierCheck(ALERT, tier, `${at}m`, labels)),
        },
      ],
    };
    const file = path.join(dir, `test-${burn}-${at}.yml`);
    writeFileSync(file, stringify(test));
    const result = promtool(['test', 'rules', file], dir);
    return result.stdout + result.stderr;
  }

  it.each([
    ['14.4× page over 1h/5m: 15.12× fires after an hour', 15.12, 65, { '1h/5m': PAGE }],
    // (The 6h/30m tier does fire here: its 6h window holds only this hour, at 13.68× > 6×.)
    ['14.4× page: 13.68× stays silent', 13.68, 65, { '1h/5m': null }],
    ['6× page over 6h/30m: 6.3× fires after 6 hours, not the 1h tier', 6.3, 6 * 60 + 5, { '6h/30m': PAGE, '1h/5m': null }],
    ['3× ticket over 1d/2h: 3.15× fires after a day', 3.15, 24 * 60 + 5, { '1d/2h': TICKET, '6h/30m': null }],
    ['1× ticket over 3d/6h: 1.05× fires after three days', 1.05, 3 * 24 * 60 + 5, { '3d/6h': TICKET, '1d/2h': null }],
    ['1× ticket: 0.95× stays silent after three days', 0.95, 3 * 24 * 60 + 5, { '3d/6h': null }],
  ] as const)('%s', (_, burn, at, expected) => {
    expect(run(burn, at, expected)).toContain('SUCCESS');
  });

  it('names every tier as Sloth does, with the annotations Sloth writes (title rendered, the spec’s summary) beside sloforge’s', () => {
    expect(alerts().map((a) => a.alert)).toEqual([ALERT, ALERT, ALERT, ALERT, 'SLODataMissing']);
    const [page, , ticket] = alerts();
    // Sloth's title template "(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} …", as Alertmanager shows it.
    expect(page.annotations).toMatchObject({
      title: '(page) myservice requests-availability SLO error budget burn rate is too fast.',
      summary: "High error rate on 'myservice' requests responses",
    });
    expect(ticket.annotations.title).toBe('(ticket) myservice requests-availability SLO error budget burn rate is too fast.');
    expect(page.annotations.description).toContain('14.4×');
    expect(page.annotations.runbook_url).toBe('https://runbooks.example.com/myservice/requests-availability');
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
          // This spec has no alerting.name (Sloth requires one): the importer names it SLOBurnRate and says so.
          promql_expr_test: [
            tierCheck('SLOBurnRate', '1h/5m', '65m', {
              sloth_severity: 'page',
              service: 'search',
              slo: 'queries-ratio',
              env: 'production',
              sloth_id: 'search-queries-ratio',
              sloth_service: 'search',
              sloth_slo: 'queries-ratio',
            }),
          ],
        },
      ],
    };
    writeFileSync(path.join(dir, 'raw.test.yml'), stringify(test));
    const result = promtool(['test', 'rules', path.join(dir, 'raw.test.yml')], dir);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
  });

  it('imports an events query of another shape as a raw SLI of error / total, which pages when that ratio is over 14.4× the budget', () => {
    // Errors summed over two counters: not one counter's sum(rate(...)).
    const { dir, catalog, imported } = importSpec({
      version: 'prometheus/v1',
      service: 'svc',
      slos: [
        {
          name: 'x',
          objective: 99,
          sli: {
            events: { error_query: 'sum(rate(a_total[{{.window}}])) + sum(rate(b_total[{{.window}}]))', total_query: 'sum(rate(t_total[{{.window}}]))' },
          },
        },
      ],
    });
    expect(imported.status, imported.stderr).toBe(0);
    expect(readFileSync(catalog, 'utf8')).toContain('imported as a raw SLI, error / total as Sloth divides them');
    expect(sloforge(['generate', '--catalog', catalog, '--out', dir], dir).status).toBe(0);
    const rules = path.join(dir, 'alerts/svc/production/x.rules.yml');
    // a: 10 and b: 6 errors of 100 events a minute, 16%; at 13 of 100, 13%. The page tier is 14.4% (14.4 × 1%).
    const at = (a: number, b: number) => ({
      interval: '1m',
      input_series: [
        { series: 't_total', values: '0+100x70' },
        { series: 'a_total', values: `0+${a}x70` },
        { series: 'b_total', values: `0+${b}x70` },
      ],
      promql_expr_test: [tierCheck('SLOBurnRate', '1h/5m', '65m', a + b > 14.4 ? page : null)],
    });
    const page = { sloth_severity: 'page', service: 'svc', slo: 'x', env: 'production', sloth_id: 'svc-x', sloth_service: 'svc', sloth_slo: 'x' };
    for (const [a, b] of [
      [10, 6],
      [7, 6],
    ]) {
      const test = { rule_files: [rules], evaluation_interval: '1m', tests: [at(a, b)] };
      writeFileSync(path.join(dir, 'raw.test.yml'), stringify(test));
      const out = promtool(['test', 'rules', path.join(dir, 'raw.test.yml')], dir);
      expect(out.stdout + out.stderr, `${a}+${b} errors of 100`).toContain('SUCCESS');
    }
  });

  it('--out in a folder that does not exist: exit 2 naming it, nothing written', () => {
    const dir = tempDir();
    const out = path.join(dir, 'missing', 'catalog.ts');
    const imported = sloforge(['import', 'sloth', path.join(FIXTURES, 'myservice.yml'), '--out', out], dir);
    expect(imported.status, imported.stderr).toBe(2);
    expect(imported.stderr).toContain(`the folder ${path.join(dir, 'missing')} does not exist`);
    expect(imported.stderr).not.toMatch(/ENOENT|\n\s+at /);
  });

  it("an alert name Prometheus refuses (the shape of Sloth's examples/victoria-metrics.yml, for vmalert) becomes the nearest valid one, said aloud", () => {
    const { dir, catalog, imported } = importSpec({
      version: 'prometheus/v1',
      service: 'foo-bar',
      labels: { owner: 'myteam' },
      slos: [
        {
          name: 'grpc-errors',
          objective: 99,
          sli: { events: { error_query: 'sum(rate(grpc_total{code!="OK"}[{{.window}}]))', total_query: 'sum(rate(grpc_total[{{.window}}]))' } },
          alerting: { name: 'slo_foo-bar_grpc-errors_fail', page_alert: { labels: { severity: 'critical' } } },
        },
      ],
    });
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('the alerts are named "slo_foo_bar_grpc_errors_fail"; routes on the old name must change');
    expect(sloforge(['generate', '--catalog', catalog, '--out', dir], dir).status).toBe(0);
    const rules = readFileSync(path.join(dir, 'alerts/foo-bar/production/grpc-errors.rules.yml'), 'utf8');
    expect(rules.match(/- alert: slo_foo_bar_grpc_errors_fail$/gm)).toHaveLength(4);
    expect(promtool(['check', 'rules', path.join(dir, 'alerts/foo-bar/production/grpc-errors.rules.yml')], dir).status).toBe(0);
  });

  it("both alerts disabled (the shape of Sloth's examples/no-alerts.yml): rules that record, no alert, silent through a full outage", () => {
    const { dir, catalog, imported } = importSpec({
      version: 'prometheus/v1',
      service: 'myapp',
      labels: { owner: 'myteam' },
      slos: [
        {
          name: 'http-availability',
          objective: 99.99,
          sli: {
            events: {
              error_query: 'sum(rate(http_requests_total{job="myapp",code=~"(5..|429)"}[{{.window}}]))',
              total_query: 'sum(rate(http_requests_total{job="myapp"}[{{.window}}]))',
            },
          },
          alerting: { page_alert: { disable: true }, ticket_alert: { disable: true } },
        },
      ],
    });
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stderr).not.toContain('sloforge keeps its ticket tiers');
    expect(readFileSync(catalog, 'utf8')).toMatch(/alerting: "none",/);
    expect(sloforge(['generate', '--catalog', catalog, '--out', dir], dir).status).toBe(0);
    const rules = path.join(dir, 'alerts/myapp/production/http-availability.rules.yml');
    const all = (parse(readFileSync(rules, 'utf8')) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules);
    expect(all.filter((r) => 'alert' in r)).toEqual([]);
    expect(all.some((r) => 'record' in r && r.record === 'slo:sli_error:ratio_rate1h')).toBe(true);
    // Every request fails for two hours: the error ratio is recorded as 1, and nothing fires.
    const test = {
      rule_files: [rules],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [{ series: 'http_requests_total{job="myapp",code="503"}', values: '0+100x130' }],
          promql_expr_test: [
            {
              expr: 'slo:sli_error:ratio_rate1h',
              eval_time: '125m',
              exp_samples: [{ labels: 'slo:sli_error:ratio_rate1h{env="production",service="myapp",slo="http-availability"}', value: 1 }],
            },
            { expr: 'count(ALERTS) or vector(0)', eval_time: '125m', exp_samples: [{ labels: '{}', value: 0 }] },
          ],
        },
      ],
    };
    writeFileSync(path.join(dir, 'silent.test.yml'), stringify(test));
    const result = promtool(['test', 'rules', path.join(dir, 'silent.test.yml')], dir);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(sloforge(['validate', '--catalog', catalog], dir).status).toBe(0);
  });

  it('skips an SLO it cannot map by name and imports the rest (exit 1); exit 2 when nothing can be imported', () => {
    const dir = tempDir();
    const spec = (slos: object[]) => {
      const file = path.join(dir, `spec-${slos.length}.yml`);
      writeFileSync(file, stringify({ version: 'prometheus/v1', service: 'svc', slos }));
      return file;
    };
    const events = { events: { error_query: 'sum(rate(r_total{code="500"}[{{.window}}]))', total_query: 'sum(rate(r_total[{{.window}}]))' } };
    // Shapes of Sloth's examples/plugin-getting-started.yml and examples/contrib-denominator-corrected.yaml.
    const plugin = { name: 'by-plugin', objective: 99, sli: { plugin: { id: 'getting_started_availability', options: { job: 'svc' } } } };
    const corrected = { name: 'corrected', objective: 99, sli: events, plugins: { chain: [{ id: 'sloth.dev/contrib/denominator_corrected_rules/v1' }] } };
    const fine = { name: 'fine', objective: 99, sli: events, plugins: { chain: [{ id: 'sloth.dev/core/debug/v1', config: { msg: 'x' } }] } };
    const catalog = path.join(dir, 'catalog.ts');
    const some = sloforge(['import', 'sloth', spec([plugin, corrected, fine]), '--out', catalog], dir);
    expect(some.status, some.stderr).toBe(1);
    expect(some.stderr).toContain('skipped: ');
    expect(some.stderr).toContain('SLO "by-plugin": field "sli.plugin"');
    expect(some.stderr).toContain('SLO "corrected": SLO plugin "sloth.dev/contrib/denominator_corrected_rules/v1" changes what the SLI measures');
    expect(some.stderr).toContain('SLO "fine": SLO plugin "sloth.dev/core/debug/v1" left out: it only logs');
    const written = readFileSync(catalog, 'utf8');
    expect(written).toContain('id: "fine"');
    expect(written).not.toContain('id: "corrected"');
    expect(sloforge(['generate', '--catalog', catalog, '--out', dir], dir).status).toBe(0);
    const none = sloforge(['import', 'sloth', spec([plugin, corrected])], dir);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no SLO could be imported');
    expect(none.stdout).toBe('');
  });

  it('gives over-long and colliding names a stable short id, naming the source file', () => {
    const dir = tempDir();
    const events = { events: { error_query: 'sum(rate(r_total{code="500"}[{{.window}}]))', total_query: 'sum(rate(r_total[{{.window}}]))' } };
    const long = 'requests-availability-with-a-name-far-longer-than-forty-characters';
    const first = path.join(dir, 'first.yml');
    const second = path.join(dir, 'second.yml');
    writeFileSync(
      first,
      stringify({
        version: 'prometheus/v1',
        service: 'svc',
        slos: [
          { name: long, objective: 99, sli: events },
          { name: 'Api Errors', objective: 99, sli: events },
        ],
      }),
    );
    writeFileSync(second, stringify({ version: 'prometheus/v1', service: 'svc', slos: [{ name: 'api_errors', objective: 99.5, sli: events }] }));
    const run = () => sloforge(['import', 'sloth', first, second], dir);
    const once = run();
    expect(once.status, once.stderr).toBe(0);
    expect(once.stdout).toBe(run().stdout);
    const ids = [...once.stdout.matchAll(/\bid: "([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(40);
    expect(ids[1]).toBe('api-errors');
    expect(ids[0]).toMatch(/^requests-availability-with-a-name-[0-9a-f]{6}$/);
    expect(ids[2]).toMatch(/^api-errors-[0-9a-f]{6}$/);
    expect(once.stdout).toContain(`collides with \\"Api Errors\\" read at ${first}`);
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
    // sloth_severity is the tier of Sloth's identity: never a label of the team's, under either identity.
    expect(() => validateCatalog(catalog({ alertLabels: { all: { sloth_severity: 'x' } } }), 'c.ts')).toThrow('"sloth_severity" is set by sloforge');
    const sloth = { style: 'sloth', alertName: 'TeamAlert' };
    // With Sloth's identity, severity is the team's (their routes read it); the tier and windows are sloforge's.
    expect(() => validateCatalog(catalog({ alertIdentity: sloth, alertLabels: { page: { severity: 'critical' } } }), 'c.ts')).not.toThrow();
    for (const label of ['sloth_severity', 'long_window', 'short_window', 'slo'])
      expect(() => validateCatalog(catalog({ alertIdentity: sloth, alertLabels: { page: { [label]: 'x' } } }), 'c.ts'), label).toThrow(
        `"${label}" is set by sloforge on every alert`,
      );
    expect(() => validateCatalog(catalog({ alertIdentity: { style: 'sloth', alertName: 'not a name' } }), 'c.ts')).toThrow(
      /alertIdentity.*alertName|alertName.*not a valid Prometheus alert name/s,
    );
    expect(() => validateCatalog(catalog({ alertIdentity: { style: 'pyrra' } }), 'c.ts')).toThrow(/alertIdentity/);
  });
});

describe("the imported SLO pages when Sloth's own rules page, on the same series", () => {
  // Sloth's rules for the getting-started spec in Sloth's default form (bench/sloth-forms.ts, written
  // from the rule files Sloth publishes), against the rules sloforge generates from the import.
  // Expected minutes by hand: 1000 requests a minute; the 1h ratio x minutes into a burn at error
  // ratio e is e·x/60, and both page at 14.4 × 0.1% = 1.44% over 1h and 5m.
  const { dir, imported, generated } = importAndGenerate('myservice.yml');
  const bad = 'http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}';
  const total = 'http_request_duration_seconds_count{job="myservice"}';

  async function slothRuleFile(): Promise<string> {
    const { slothRules } = await import('../bench/sloth-forms.js');
    const rules = slothRules({ id: 'myservice-requests-availability', bad, total, objective: 0.999, periodDays: 30 }, 'optimized');
    const file = path.join(dir, 'sloth.rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'sloth', rules }] }));
    return file;
  }

  /** Whether a page (of any tier) fires at each minute, for `errorsPerMinute` of 1000 failing from minute 420 to 480 (after 7 healthy hours: every window holds data). */
  function pagesAt(file: string, pageMatcher: string, errorsPerMinute: number, minutes: Record<number, boolean>) {
    const good = 1000 - errorsPerMinute;
    const goodAtEnd = 420000 + 60 * good;
    const test = {
      rule_files: [file],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          // Counters sampled each minute: 0..420 healthy, 421..480 the burn, 481..540 healthy again.
          input_series: [
            {
              series: 'http_request_duration_seconds_count{job="myservice",code="200"}',
              values: `0+1000x420 ${420000 + good}+${good}x59 ${goodAtEnd + 1000}+1000x59`,
            },
            {
              series: 'http_request_duration_seconds_count{job="myservice",code="503"}',
              values: `0x420 ${errorsPerMinute}+${errorsPerMinute}x59 ${60 * errorsPerMinute}x59`,
            },
          ],
          promql_expr_test: Object.entries(minutes).map(([minute, firing]) => ({
            expr: `clamp_max(count(ALERTS{alertstate="firing",${pageMatcher}}), 1) or vector(0)`,
            eval_time: `${minute}m`,
            exp_samples: [{ labels: '{}', value: firing ? 1 : 0 }],
          })),
        },
      ],
    };
    const testFile = path.join(dir, `eq-${path.basename(file)}-${errorsPerMinute}.test.yml`);
    writeFileSync(testFile, stringify(test));
    const result = promtool(['test', 'rules', testFile], dir);
    return result.stdout + result.stderr;
  }

  // First minute: 1.44% is passed at x = 1 for a full outage (1.67%), and at x = 44 for 2% errors
  // (1.467%; 1.433% at 43). Last minute, after the burn ends at 480: the 5m window at minute t holds
  // 485 − t failed minutes, the 30m window 510 − t. A full outage keeps the 6h/30m page (0.6%) while
  // (510 − t)/30 > 0.6%: through 509. At 2% the 6h window never passes 0.6% (1 200 of 360 000), and
  // the 1h/5m page holds while 20·(485 − t)/5 000 > 1.44%: through 481.
  it.each([
    ['a full outage', 1000, { 420: false, 421: true, 500: true, 509: true, 510: false }],
    ['2% errors (20× the budget)', 20, { 463: false, 464: true, 481: true, 482: false }],
  ] as const)('%s: same first and last minute', async (_, errors, minutes) => {
    expect(imported.status, imported.stderr).toBe(0);
    expect(generated.status, generated.stderr).toBe(0);
    const rulesFile = path.join(dir, 'alerts/myservice/production/requests-availability.rules.yml');
    // One matcher for both, as a route written for Sloth's alerts reads them: the imported SLO keeps Sloth's identity.
    expect(pagesAt(rulesFile, 'sloth_severity="page"', errors, minutes)).toContain('SUCCESS');
    expect(pagesAt(await slothRuleFile(), 'sloth_severity="page"', errors, minutes)).toContain('SUCCESS');
  });
});
