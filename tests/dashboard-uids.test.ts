/**
 * Issue "Dashboards an on-call engineer trusts", defect 4: long service names shared one dashboard
 * uid (cut to 40 characters) and the overview linked to an uncut uid (a 404 over 36 characters).
 * Now every uid is unique and at most 40 characters, the alerts and the overview link by the same
 * function, and a collision stops `generate`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import type { RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { checkoutErrors, testService } from './helpers/catalogs.js';
import { PROJECT_ROOT, sloforge, tempDir } from './helpers/tools.js';

// Two 40-character names that agree on their first 36 characters (the old uid kept 36 of them).
const LONG_A = 'payments-gateway-europe-west-primary-aa';
const LONG_B = 'payments-gateway-europe-west-primary-bb';

function compileServices(names: string[]) {
  const catalog = { services: names.map((name) => testService([checkoutErrors()], { name })) };
  return compileCatalog(validateCatalog(catalog, 'uids.ts'));
}

describe('dashboard uids', () => {
  const compiled = compileServices([LONG_A, LONG_B, 'shop']);
  const dashboards = compiled.files
    .filter((f) => f.path.startsWith('generated/grafana/dashboards/') && !f.path.includes('/overview/'))
    .map((f) => ({ service: f.path.split('/')[3], uid: (JSON.parse(f.content) as { uid: string }).uid }));
  const rules = compiled.files
    .filter((f) => f.path.endsWith('.rules.yml'))
    .flatMap((f) => (parse(f.content) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules));

  it('are unique, at most 40 characters of [a-zA-Z0-9_-], and keep short names readable', () => {
    expect(LONG_A.length).toBe(39);
    expect(dashboards).toHaveLength(3);
    for (const { uid } of dashboards) expect(uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(3);
    expect(dashboards.find((d) => d.service === 'shop')!.uid).toBe('slo-shop');
    const long = dashboards.find((d) => d.service === LONG_A)!.uid;
    expect(long.startsWith('slo-payments-gateway-')).toBe(true);
  });

  it('are stable: the same name gives the same uid in another catalog', () => {
    const alone = compileServices([LONG_B]);
    const uid = (JSON.parse(alone.files.find((f) => f.path.endsWith(`${LONG_B}-slos.json`))!.content) as { uid: string }).uid;
    expect(uid).toBe(dashboards.find((d) => d.service === LONG_B)!.uid);
  });

  it("link every alert to its own service's dashboard, and give the overview the same uid to link to", () => {
    const uidOf = new Map(dashboards.map((d) => [d.service, d.uid]));
    const alerts = rules.filter((r) => 'alert' in r);
    expect(alerts.length).toBeGreaterThan(10);
    for (const alert of alerts) {
      const url = new URL(alert.annotations!.dashboard_url);
      expect(url.pathname.split('/')[2], alert.alert).toBe(uidOf.get(alert.labels!.service));
    }
    const info = rules.filter((r) => 'record' in r && r.record === 'slo:info');
    expect(info.length).toBe(6); // 3 services × 2 environments with an SLA
    for (const r of info) expect(r.labels!.dashboard_uid).toBe(uidOf.get(r.labels!.service));
  });
});

describe('a dashboard uid collision stops generate', () => {
  function generate(names: string[]) {
    const dir = tempDir();
    const catalog = path.join(dir, 'catalog.ts');
    const services = names.map(
      (name) => `service({
  name: '${name}', owner: 'sre', runbookBaseUrl: 'https://r.example.com', dashboardBaseUrl: 'https://g.example.com',
  environments: [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
  slos: [errorRate({ id: 'e', title: 'E', events: counter('requests_total'), bad: { code: /5../ }, below: '1%' })],
})`,
    );
    writeFileSync(
      catalog,
      `import { catalog, counter, environment, errorRate, service } from '${PROJECT_ROOT}/dist/index.js';\nexport default catalog(${services.join(',\n')});\n`,
    );
    const out = path.join(dir, 'out');
    const result = sloforge(['generate', '--catalog', catalog, '--out', out], dir);
    return { status: result.status, stderr: result.stderr, wrote: existsSync(out) };
  }

  it('a service named like the overview', () => {
    const result = generate(['overview']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/catalog\.ts:\d+: service "overview": field services\[0\]\.name/);
    expect(result.stderr).toContain('"slo-overview" is already that of the overview dashboard');
    expect(result.wrote).toBe(false);
  });

  it('two services with one name', () => {
    const result = generate(['shop', 'shop']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('field services[1].name');
    expect(result.stderr).toContain('already that of service "shop"');
    expect(result.wrote).toBe(false);
  });
});
