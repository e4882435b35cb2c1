/**
 * A grouped SLO's `limit` in a real Prometheus: with the target's maxGroups at 2, two routes evaluate
 * healthily; when a third route appears (a label that explodes, in small), the SLO's rules fail
 * loudly (rule health "err", the limit named in lastError) instead of recording a series per route.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { validateCatalog } from '../../src/catalog/validate.js';
import { compileCatalog } from '../../src/compile.js';
import { counter, errorRate } from '../../src/index.js';
import { withoutLowTrafficGuard, testService } from '../helpers/catalogs.js';
import { startPrometheus, stopEverything, waitFor } from '../helpers/servers.js';
import { scaled } from '../helpers/slowdown.js';
import { tempDir } from '../helpers/tools.js';

const byRoute = errorRate({ id: 'routes', title: 'Routes', events: counter('shop_requests_total'), bad: { code: /5../ }, below: '1%', groupBy: ['route'] });
const files = compileCatalog(
  validateCatalog(withoutLowTrafficGuard({ services: [testService([byRoute])], target: { kind: 'prometheus', maxGroups: 2 } }), 'group-limit.e2e.test.ts'),
).files;

let routes = ['/a', '/b'];
const exporter = createServer((_, response) => {
  response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
  response.end(`${routes.map((r) => `shop_requests_total{route="${r}",code="200"} ${Date.now() / 1000}`).join('\n')}\n`);
});

afterAll(async () => {
  exporter.closeAllConnections();
  exporter.close();
  await stopEverything();
});

interface RuleStatus {
  name: string;
  health: string;
  lastError?: string;
}
async function rulesOf(url: string, group: string): Promise<RuleStatus[]> {
  const body = (await (await fetch(`${url}/api/v1/rules`)).json()) as { data: { groups: Array<{ name: string; rules: RuleStatus[] }> } };
  return body.data.groups.find((g) => g.name === group)?.rules ?? [];
}

describe("a grouped SLO's limit in Prometheus", () => {
  it('two routes evaluate; a third fails the rules, naming the limit', { timeout: scaled(120_000) }, async () => {
    const dir = tempDir('sloforge-limit-');
    const rules = path.join(dir, 'routes.rules.yml');
    const plain = files.find((f) => f.path === 'alerts/shop/production/routes.rules.yml')!.content;
    expect(plain).toContain('limit: 2');
    writeFileSync(rules, plain);
    await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
    const target = `127.0.0.1:${(exporter.address() as AddressInfo).port}`;
    const config = path.join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [rules],
        scrape_configs: [{ job_name: 'shop', static_configs: [{ targets: [target], labels: { env: 'production' } }] }],
      }),
    );
    const prometheus = await startPrometheus(config);
    const group = 'sloforge:shop:production:routes';
    const fiveMinute = 'slo:sli_total_events:rate5m';
    // Two routes: the 5m rate records a series per route, healthily.
    await waitFor(
      'two routes recorded',
      async () => {
        const body = (await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(`count(${fiveMinute}{slo="routes"})`)}`)).json()) as {
          data: { result: Array<{ value: [number, string] }> };
        };
        return body.data.result[0]?.value[1] === '2' || undefined;
      },
      scaled(60_000),
      500,
    );
    expect((await rulesOf(prometheus.url, group)).find((r) => r.name === fiveMinute)?.health).toBe('ok');
    // A third route: more series than the limit, so the rule fails instead.
    routes = ['/a', '/b', '/c'];
    const failed = await waitFor(
      'the 5m rate failing on the limit',
      async () => (await rulesOf(prometheus.url, group)).find((r) => r.name === fiveMinute && r.health === 'err'),
      scaled(60_000),
      500,
    );
    expect(failed.lastError).toMatch(/exceeded limit of 2 with 3 series/);
  });
});
