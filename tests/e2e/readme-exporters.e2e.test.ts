/**
 * The documented recipe (docs/operating.md) for exporters without an `env` label, run against real exporters: Debian's
 * blackbox_exporter probing a local web server, Debian's Pushgateway holding a batch job's last
 * success (pushed with the documented command), and the web server's metrics, which carry no
 * env. The scrape_configs block is taken verbatim; only its addresses (localhost:8080, :9115,
 * :9091) become the servers' free ports. Prometheus evaluates the generated Kimberly rules, and
 * the uptime, freshness and error-rate SLOs each record from the relabelled series.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environment, errorRate, counter } from '../../src/index.js';
import { validateCatalog } from '../../src/catalog/validate.js';
import { compileCatalog } from '../../src/compile.js';
import { smallService } from '../helpers/catalogs.js';
import { kimberlyOutput } from '../helpers/kimberly.js';
import { startBlackboxExporter, startPrometheus, startPushgateway, stopEverything, waitFor, type RunningProcess } from '../helpers/servers.js';
import { PROJECT_ROOT, tempDir } from '../helpers/tools.js';
import { scaled } from '../helpers/slowdown.js';

const GUIDE = readFileSync(path.join(PROJECT_ROOT, 'docs/operating.md'), 'utf8');

/** The fenced block of `lang` right after a marker of the page. */
function readmeBlock(marker: string, lang: string): string {
  const at = GUIDE.indexOf(marker);
  const block = new RegExp('^\\s*```' + lang + '\\n([\\s\\S]*?)```').exec(GUIDE.slice(at + marker.length));
  if (at < 0 || !block) throw new Error(`docs/operating.md has no ${lang} block after "${marker}"`);
  return block[1];
}

const SCRAPE = readmeBlock(
  '<!-- scrape_configs: run against real exporters (blackbox_exporter, Pushgateway) by tests/e2e/readme-exporters.e2e.test.ts -->',
  'yaml',
);
const PUSH = readmeBlock('<!-- push: run by tests/e2e/readme-exporters.e2e.test.ts -->', 'sh');

let app: http.Server;
let prometheus: RunningProcess;
let pushgateway: RunningProcess;
let blackbox: RunningProcess;
let requests = 0;

async function query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
  return ((await response.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result;
}

beforeAll(async () => {
  // The service: a health page and its own metrics, without any env label.
  app = http.createServer((req, res) => {
    if (req.url === '/health') {
      requests++;
      res.end('ok');
    } else if (req.url === '/metrics') {
      requests++;
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(
        `# TYPE kimberly_http_requests_total counter\nkimberly_http_requests_total{code="200"} ${requests}\nkimberly_http_requests_total{code="500"} 0\n`,
      );
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const appAddress = `127.0.0.1:${(app.address() as AddressInfo).port}`;
  [pushgateway, blackbox] = await Promise.all([startPushgateway(), startBlackboxExporter()]);
  const hostOf = (url: string) => url.replace('http://', '');

  // The documented push, verbatim but for the Pushgateway's address.
  execFileSync('sh', ['-c', PUSH.replaceAll('localhost:9091', hostOf(pushgateway.url))]);

  const dir = tempDir('sloforge-readme-exporters-');
  const out = kimberlyOutput();
  const scrape = parse(
    SCRAPE.replaceAll('localhost:8080', appAddress).replaceAll('localhost:9115', hostOf(blackbox.url)).replaceAll('localhost:9091', hostOf(pushgateway.url)),
  ) as { scrape_configs: unknown[] };
  const ruleFiles = (parse(readFileSync(path.join(out, 'generated/prometheus/rule-files.yml'), 'utf8')) as { rule_files: string[] }).rule_files;
  const config = path.join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ruleFiles.map((f) => path.join(out, f)),
      scrape_configs: scrape.scrape_configs,
    }),
  );
  prometheus = await startPrometheus(config);
}, scaled(120_000));

afterAll(async () => {
  await stopEverything();
  await new Promise((resolve) => app?.close(resolve));
});

describe('the documented recipe for exporters without env', () => {
  it('gives the probe, the pushed last success and the service’s own counters env="production"', async () => {
    const probe = await waitFor('a probe', async () => (await query('probe_success{job="kimberly-health",env="production"}'))[0], 60_000);
    expect(probe.value[1]).toBe('1');
    const pushed = await waitFor(
      'the pushed last success',
      async () => (await query('kimberly_meditation_job_last_success_timestamp_seconds{job="kimberly",env="production"}'))[0],
      60_000,
    );
    // The push ran moments ago: its timestamp is now, give or take the test's own minute.
    expect(Math.abs(Number(pushed.value[1]) - Date.now() / 1000)).toBeLessThan(scaled(120));
    const own = await waitFor(
      'the service’s counters',
      async () => (await query('kimberly_http_requests_total{job="kimberly",env="production"}')).length || undefined,
      60_000,
    );
    expect(own).toBe(2);
  });

  it('feeds the generated rules: uptime, freshness and the error rate record from these series', async () => {
    const recorded = async (slo: string) =>
      (await query(`slo:sli_total_events:rate5m{service="kimberly",slo="${slo}",env="production"} > 0`)).length > 0 || undefined;
    for (const slo of ['uptime', 'meditation-freshness', 'api-errors-5xx']) await waitFor(`${slo} recording from real exporters`, () => recorded(slo), 60_000);
    // The probe succeeds, so the uptime SLO's 5m error ratio is 0, not absent.
    const ratio = await waitFor(
      'the uptime error ratio',
      async () => (await query('slo:sli_error:ratio_rate5m{service="kimberly",slo="uptime",env="production"}'))[0],
      60_000,
    );
    expect(Number(ratio.value[1])).toBe(0);
  });
});

describe('environments told apart by job instead of env', () => {
  it('selects by the environment’s own matchers, with no env label', () => {
    const slo = errorRate({ id: 'errors', title: 'Errors', events: counter('kimberly_http_requests_total'), bad: { code: /5../ }, below: '1%' });
    const catalog = {
      services: [
        smallService([slo], {
          environments: [
            environment('production', { period: '30d', alerting: 'page-and-ticket', matchers: [{ label: 'job', op: '=', value: 'kimberly-prod' }] }),
          ],
        }),
      ],
    };
    const rules = compileCatalog(validateCatalog(catalog, 'jobs.ts')).files.find((f) => f.path === 'alerts/shop/production/errors.rules.yml')!.content;
    expect(rules).toContain('kimberly_http_requests_total{job="kimberly-prod",code=~"5.."}');
    expect(rules).not.toMatch(/kimberly_http_requests_total\{[^}]*env=/);
  });
});
