/**
 * A repeat page arrives as fast as the first (issue "A team adopts sloforge", defect 4): a real
 * Prometheus fires a page, resolves it and fires it again, and a real Alertmanager with the
 * generated routing and its real timers (receivers pointed at a local webhook) delivers both pages
 * within a minute of firing. After a resolution the page's group lives on (Prometheus keeps sending
 * the resolved alert), so the second page waits for the group interval: with 5m it took minutes.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import kimberlyCatalog from '../../slos/index.js';
import { validateCatalog } from '../../src/catalog/validate.js';
import { alertmanagerConfig } from '../../src/emitters/alertmanager/config.js';
import { resolveCatalog } from '../../src/model/resolve.js';
import { sleep, startAlertmanager, startPrometheus, stopEverything, waitFor, webhookReceiver } from '../helpers/servers.js';
import { tempDir } from '../helpers/tools.js';
import { scaled } from '../helpers/slowdown.js';

const LABELS = { severity: 'page', service: 'kimberly', slo: 'api-errors-5xx', env: 'production' };

let firing = 0;
const exporter = createServer((_, response) => {
  response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
  response.end(`# TYPE repeat_test_burning gauge\nrepeat_test_burning ${firing}\n`);
});

afterAll(async () => {
  exporter.close();
  await stopEverything();
});

describe('a repeat page (real Prometheus and Alertmanager, the generated timers)', () => {
  it('is delivered within a minute of firing, as the first page is', { timeout: scaled(300_000) }, async () => {
    const dir = tempDir('sloforge-repeat-');
    await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
    const webhook = await webhookReceiver();
    // The generated configuration as it is, receivers pointed at the webhook: every timer kept.
    const config = alertmanagerConfig(resolveCatalog(validateCatalog(kimberlyCatalog, 'slos/index.ts'))) as { receivers: Array<{ name: string }> };
    config.receivers = config.receivers.map((r) => ({ name: r.name, webhook_configs: [{ url: `${webhook.url}/${r.name}`, send_resolved: true }] }));
    const amConfig = path.join(dir, 'alertmanager.yml');
    writeFileSync(amConfig, stringify(config));
    const alertmanager = await startAlertmanager(amConfig);
    writeFileSync(
      path.join(dir, 'rules.yml'),
      stringify({ groups: [{ name: 'repeat', rules: [{ alert: 'SLOBurnRate1h5m', expr: 'repeat_test_burning == 1', labels: LABELS }] }] }),
    );
    const promConfig = path.join(dir, 'prometheus.yml');
    writeFileSync(
      promConfig,
      stringify({
        global: { scrape_interval: '2s', evaluation_interval: '2s' },
        rule_files: [path.join(dir, 'rules.yml')],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [alertmanager.url.replace('http://', '')] }] }] },
        scrape_configs: [{ job_name: 'repeat', static_configs: [{ targets: [`127.0.0.1:${(exporter.address() as AddressInfo).port}`] }] }],
      }),
    );
    const prometheus = await startPrometheus(promConfig);
    await waitFor(
      'the first scrape',
      async () =>
        ((await (await fetch(`${prometheus.url}/api/v1/query?query=repeat_test_burning`)).json()) as { data: { result: unknown[] } }).data.result.length > 0 ||
        undefined,
      30_000,
    );

    /** When Prometheus says the page went firing (its activeAt), in ms. */
    const firedAt = () =>
      waitFor(
        'the page firing in Prometheus',
        async () => {
          const body = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as { data: { alerts: Array<{ state: string; activeAt: string }> } };
          const alert = body.data.alerts.find((a) => a.state === 'firing');
          return alert ? Date.parse(alert.activeAt) : undefined;
        },
        30_000,
        200,
      );
    const pages = () => webhook.notifications.filter((n) => n.receiver === 'kimberly-page');
    const delivered = (status: 'firing' | 'resolved', count: number) =>
      waitFor(`page notification ${count} (${status})`, () => pages().filter((n) => n.status === status)[count - 1]?.receivedAt, 6 * 60_000, 200);

    firing = 1;
    const first = await firedAt();
    const firstDelivered = await delivered('firing', 1);
    firing = 0;
    const resolvedDelivered = await delivered('resolved', 1);
    await sleep(5_000);
    firing = 1;
    const second = await firedAt();
    const secondDelivered = await delivered('firing', 2);
    firing = 0;
    const times = { firstPage: (firstDelivered - first) / 1000, resolved: (resolvedDelivered - first) / 1000, repeatPage: (secondDelivered - second) / 1000 };
    console.log(`measured delivery: first page ${times.firstPage.toFixed(1)} s after firing, repeat page ${times.repeatPage.toFixed(1)} s after firing`);
    expect(times.firstPage).toBeLessThanOrEqual(60);
    expect(times.repeatPage).toBeLessThanOrEqual(60);
    // Each page once: no duplicate notification for either.
    expect(pages().filter((n) => n.status === 'firing')).toHaveLength(2);
    expect(pages()[0].commonLabels).toMatchObject(LABELS);
  });
});
