/**
 * Catalog input that used to be accepted silently or to crash (issue "Trustworthy under hostile
 * input", defects 2, 4, 5 and 6): misspelt options, objectives written as fractions, periods
 * that break alerting, and regexes Prometheus rejects. Each must fail with the file, the SLO, the
 * field and what to write instead, and write nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, sloforge, tempDir } from './helpers/tools.js';

/** Runs `generate` on a catalog whose only SLO (or service option) is given; returns stderr and the exit code. */
function generate(slo: string, serviceOptions = '', environments = "environment('production', { period: '30d', alerting: 'page-and-ticket' })") {
  const dir = tempDir();
  const catalog = path.join(dir, 'catalog.ts');
  writeFileSync(
    catalog,
    `import { catalog, counter, environment, errorRate, histogram, latency, percentiles, service, successRate, uptime, gauge } from '${PROJECT_ROOT}/dist/index.js';
const requests = counter('shop_requests_total');
const duration = histogram('shop_request_duration_seconds', { buckets: [0.25, 0.5, 1] });
export default catalog(service({
  name: 'shop', owner: 'shop-sre', runbookBaseUrl: 'https://r.example.com', dashboardBaseUrl: 'https://g.example.com',${serviceOptions}
  environments: [${environments}],
  slos: [
    ${slo},
  ],
}));
`,
  );
  const out = path.join(dir, 'out');
  const result = sloforge(['generate', '--catalog', catalog, '--out', out], dir);
  return { status: result.status, stderr: result.stderr, wrote: existsSync(out) };
}

describe('misspelt options are errors, with the closest name', () => {
  it.each([
    ["errorRate({ id: 'e', title: 'E', events: requests, bad: { code: /5../ }, below: '1%', minEvent: 5 } as never)", 'SLO "e", field "minEvent"', 'minEvents'],
    ["latency({ id: 'l', title: 'L', histogram: duration, threshold: '500ms', objectve: 99 } as never)", 'SLO "l", field "objectve"', 'objective'],
    [
      "successRate({ id: 's', title: 'S', events: requests, good: { code: '200' }, objective: 99, descripton: 'x' } as never)",
      'SLO "s", field "descripton"',
      'description',
    ],
    [
      "percentiles({ idPrefix: 'p', title: 'P', histogram: duration, targets: { p95: '500ms' }, alertng: 'ticket-only' } as never)",
      'SLO "p-p95", field "alertng"',
      'alerting',
    ],
  ])('%s', (slo, where, suggestion) => {
    const result = generate(slo);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/catalog\.ts:\d+: service "shop", /);
    expect(result.stderr).toContain(where);
    expect(result.stderr).toContain(`did you mean "${suggestion}"?`);
    expect(result.wrote).toBe(false);
  });

  it('on the service and on an environment too', () => {
    const service = generate("errorRate({ id: 'e', title: 'E', events: requests, bad: { code: /5../ }, below: '1%' })", " envLable: 'stage',");
    expect(service.stderr).toContain('field "envLable": unknown field (did you mean "envLabel"?)');
    const env = generate(
      "errorRate({ id: 'e', title: 'E', events: requests, bad: { code: /5../ }, below: '1%' })",
      '',
      "environment('production', { period: '30d', alertng: 'page-and-ticket' } as never)",
    );
    expect(env.status).toBe(2);
    expect(env.stderr).toContain('environment "production", field "alertng": unknown field (did you mean "alerting"?)');
  });

  it('a missing "below" is an error naming the SLO, not a crash', () => {
    const result = generate("errorRate({ id: 'e', title: 'E', events: requests, bad: { code: /5../ }, belo: '1%' } as never)");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/catalog\.ts:\d+: errorRate "e": "below" is required/);
    expect(result.stderr).not.toContain('Cannot read properties');
  });
});

describe('objectives written as fractions', () => {
  it('objective: 0.99 is refused, saying it reads as 0.99%', () => {
    const result = generate("latency({ id: 'l', title: 'L', histogram: duration, threshold: '500ms', objective: 0.99 })");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('SLO "l", field "objective": 0.99 reads as 0.99%: objectives are percentages (write 99 for 99%, not 0.99)');
  });

  it.each([['0.001'], ['0.01'], ['0.5']])('below: %s needs its percent sign', (below) => {
    const result = generate(`errorRate({ id: 'e', title: 'E', events: requests, bad: { code: /5../ }, below: ${below} })`);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`"below: ${below}" is ambiguous`);
  });

  it('a low percentile target is explicit and allowed (p25), and below: 1 means 1%', () => {
    expect(generate("percentiles({ idPrefix: 'p', title: 'P', histogram: duration, targets: { p25: '250ms' } })").status).toBe(0);
    expect(generate("errorRate({ id: 'e', title: 'E', events: requests, bad: { code: /5../ }, below: 1 })").status).toBe(0);
  });
});

describe('periods that break alerting', () => {
  it.each([['0s'], ['0d'], ['1m'], ['1h'], ['3d'], ['400d']])('period %s is refused, saying what is allowed', (period) => {
    const result = generate(
      "errorRate({ id: 'e', title: 'E', events: requests, bad: { code: /5../ }, below: '1%' })",
      '',
      `environment('production', { period: '${period}', alerting: 'page-and-ticket' })`,
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${period} cannot be an SLO period: burn-rate alerting needs 7d to 366d`);
  });
});

describe('label regexes as Prometheus reads them (RE2)', () => {
  it.each([
    ['lookahead', '/5(?=0)./'],
    ['lookbehind', '/(?<=5)00/'],
    ['backreference', '/(5)\\1/'],
    ['named group', '/(?<status>5..)/'],
    ['[^]', '/[^]/'],
    ['\\u escape', '/\\u00e9/'],
  ])('refuses a %s', (_name, regex) => {
    const result = generate(`errorRate({ id: 'e', title: 'E', events: requests, bad: { code: ${regex} }, below: '1%' })`);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/SLO "e", field "sli\.bad\.matchers\[0\]\.value": .*(not a regular expression Prometheus accepts|\(\?P<name>…\))/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('maps /i to (?i), and refuses flags a matcher cannot use', () => {
    expect(generate("errorRate({ id: 'e', title: 'E', events: requests, bad: { code: /error/i }, below: '1%' })").status).toBe(0);
    const g = generate("errorRate({ id: 'e', title: 'E', events: requests, bad: { code: /5../g }, below: '1%' })");
    expect(g.status).toBe(2);
    expect(g.stderr).toMatch(/catalog\.ts:\d+: label "code": the RegExp flag \/g cannot apply to a Prometheus label matcher/);
  });
});

describe('smaller defects', () => {
  it.each([['javascript:alert(1)'], ['data:text/html,hi']])('refuses the base URL %s', (url) => {
    const dir = tempDir();
    const catalog = path.join(dir, 'catalog.ts');
    writeFileSync(
      catalog,
      `import { catalog, counter, environment, errorRate, service } from '${PROJECT_ROOT}/dist/index.js';
export default catalog(service({
  name: 'shop', owner: 'o', runbookBaseUrl: '${url}', dashboardBaseUrl: 'https://g.example.com',
  environments: [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
  slos: [errorRate({ id: 'e', title: 'E', events: counter('x'), bad: { code: /5../ }, below: '1%' })],
}));
`,
    );
    const result = sloforge(['validate', '--catalog', catalog], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('field "runbookBaseUrl": must be an absolute http:// or https:// URL');
  });

  it('refuses a line break in a future objective label (it broke the BUDGETS.md table)', () => {
    const result = generate(
      "uptime({ id: 'u', title: 'U', probe: gauge('probe_success'), environments: { production: { objective: 99, future: { objective: 99.9, label: 'GA\\n| x |' } } } })",
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('field "environments.production.future.label": must be one line of text');
  });

  it('takes the Grafana datasource URL from the catalog, so editing it never fails --check', () => {
    const dir = tempDir();
    const catalog = path.join(dir, 'catalog.ts');
    writeFileSync(
      catalog,
      `import { catalog, counter, environment, errorRate, service } from '${PROJECT_ROOT}/dist/index.js';
export default catalog({ grafana: { prometheusUrl: 'https://prometheus.monitoring.example:9090' } }, service({
  name: 'shop', owner: 'o', runbookBaseUrl: 'https://r.example.com', dashboardBaseUrl: 'https://g.example.com',
  environments: [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
  slos: [errorRate({ id: 'e', title: 'E', events: counter('x'), bad: { code: /5../ }, below: '1%' })],
}));
`,
    );
    const out = path.join(dir, 'out');
    expect(sloforge(['generate', '--catalog', catalog, '--out', out], dir).status).toBe(0);
    expect(readFileSync(path.join(out, 'generated/grafana/provisioning/datasources/sloforge.yml'), 'utf8')).toContain(
      'url: https://prometheus.monitoring.example:9090',
    );
    // From another working directory, the same bytes: source lines are relative to the output root.
    expect(sloforge(['generate', '--check', '--catalog', catalog, '--out', out], tmpdir()).status).toBe(0);
    const header = readFileSync(path.join(out, 'alerts/shop/production/e.rules.yml'), 'utf8').split('\n').slice(0, 2).join('\n');
    expect(header).toContain('written at ../catalog.ts:');
    expect(header).toContain('run `sloforge generate`');
    expect(header).not.toContain('make generate');
  });
});
