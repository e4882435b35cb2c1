/** The generated Alertmanager configuration under the real amtool (Debian's prometheus-alertmanager). */
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compiled } from './helpers/kimberly.js';
import { run, tempDir, writeFiles } from './helpers/tools.js';

const dir = tempDir();
writeFiles(dir, compiled.files);
const config = path.join(dir, 'generated/alertmanager/alertmanager.yml');

function routeFor(labels: Record<string, string>): string {
  const args = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const result = run('amtool', ['config', 'routes', 'test', `--config.file=${config}`, ...args]);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim();
}

describe('generated Alertmanager configuration', () => {
  it('passes amtool check-config, standalone and as a merged fragment', () => {
    const check = run('amtool', ['check-config', config]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('SUCCESS');
  });

  it('routes pages to the paging receiver and tickets to the ticket receiver', () => {
    const base = { service: 'kimberly', slo: 'api-errors-5xx', alertname: 'SLOBurnRate1h5m' };
    expect(routeFor({ ...base, env: 'production', severity: 'page' })).toBe('kimberly-page');
    expect(routeFor({ ...base, env: 'production', severity: 'ticket' })).toBe('kimberly-ticket');
    expect(routeFor({ ...base, env: 'staging', severity: 'ticket' })).toBe('kimberly-ticket');
    expect(routeFor({ service: 'other', slo: 'x', env: 'production', severity: 'page' })).toBe('sloforge-default');
  });

  it('groups by service, slo and env, inhibits tickets under a page, and mutes staging during maintenance', () => {
    const parsed = parse(compiled.files.find((f) => f.path === 'generated/alertmanager/alertmanager.yml')!.content);
    const service = parsed.route.routes[0];
    expect(service.group_by).toEqual(['service', 'slo', 'env']);
    const staging = service.routes.find((r: { matchers: string[] }) => r.matchers.includes('env="staging"'));
    expect(staging.mute_time_intervals).toEqual(['kimberly-staging-weekly-maintenance']);
    expect(service.routes.find((r: { matchers: string[] }) => r.matchers.includes('env="production"')).mute_time_intervals).toBeUndefined();
    expect(parsed.time_intervals[0].time_intervals[0]).toEqual({ weekdays: ['sunday'], times: [{ start_time: '02:00', end_time: '06:00' }], location: 'UTC' });
    expect(parsed.inhibit_rules).toEqual([{ source_matchers: ['severity="page"'], target_matchers: ['severity="ticket"'], equal: ['service', 'slo', 'env'] }]);
    const page = service.routes.find((r: { receiver: string }) => r.receiver === 'kimberly-page');
    expect([page.group_wait, page.group_interval, page.repeat_interval]).toEqual(['30s', '30s', '4h']);
  });

  it('holds no secret: receivers read credentials from files', () => {
    for (const file of compiled.files.filter((f) => f.path.startsWith('generated/alertmanager/'))) {
      expect(file.content).not.toMatch(/routing_key:|service_key:|api_url:|password|hooks\.slack\.com|events\.pagerduty\.com/);
      expect(file.content).toContain('routing_key_file: /etc/alertmanager/secrets/');
    }
  });

  it('provides a routing fragment that merges into an existing configuration', () => {
    const fragment = parse(compiled.files.find((f) => f.path === 'generated/alertmanager/sloforge-routes.yml')!.content);
    const existing = {
      route: { receiver: 'team-default', routes: [fragment.route, { matchers: ['team="db"'], receiver: 'db-oncall' }] },
      receivers: [{ name: 'team-default' }, { name: 'db-oncall' }, ...fragment.receivers],
      inhibit_rules: fragment.inhibit_rules,
      time_intervals: fragment.time_intervals,
    };
    const merged = path.join(dir, 'merged.yml');
    writeFiles(dir, [{ path: 'merged.yml', content: JSON.stringify(existing) }]);
    expect(run('amtool', ['check-config', merged]).status).toBe(0);
    const routed = run('amtool', ['config', 'routes', 'test', `--config.file=${merged}`, 'service=kimberly', 'env=production', 'severity=page']);
    expect(routed.stdout.trim()).toBe('kimberly-page');
  });
});

describe('receivers given in the catalog', () => {
  it('replace the placeholders of that service, pass amtool check-config, and a wrong notifier list is refused by name', async () => {
    const { validateCatalog } = await import('../src/catalog/validate.js');
    const { compileCatalog } = await import('../src/compile.js');
    const { testService, checkoutErrors } = await import('./helpers/catalogs.js');
    const receivers = {
      page: { webhook_configs: [{ url: 'http://127.0.0.1:9/page', send_resolved: true }] },
      ticket: { webhook_configs: [{ url: 'http://127.0.0.1:9/ticket' }] },
    };
    const catalog = validateCatalog({ services: [testService([checkoutErrors()], { receivers })] }, 'receivers.ts');
    const files = compileCatalog(catalog).files;
    const own = tempDir();
    writeFiles(own, files);
    const file = path.join(own, 'generated/alertmanager/alertmanager.yml');
    const parsed = parse(files.find((f) => f.path === 'generated/alertmanager/alertmanager.yml')!.content) as { receivers: Array<Record<string, unknown>> };
    expect(parsed.receivers.find((r) => r.name === 'shop-page')).toEqual({ name: 'shop-page', ...receivers.page });
    expect(parsed.receivers.find((r) => r.name === 'shop-ticket')).toEqual({ name: 'shop-ticket', ...receivers.ticket });
    const check = run('amtool', ['check-config', file]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(() =>
      validateCatalog({ services: [testService([checkoutErrors()], { receivers: { page: { webhook: [{ url: 'x' }] } } as never })] }, 'receivers.ts'),
    ).toThrow(/receivers.page.webhook": must be one of Alertmanager's notifier lists/);
  });
});
