/**
 * End to end with the real servers: a fake Kimberly exporter → Prometheus (generated rules)
 * → Alertmanager (generated routing) → a webhook receiver. Time is compressed honestly:
 * 1s scrape and evaluation intervals, an outage from the first samples (so every window
 * starts at 100% errors), and recovery traffic 100× the outage's so windows clear in seconds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import kimberlyCatalog from '../../slos/index.js';
import type { CatalogInput } from 'sloforge';
import { validateCatalog } from '../../src/catalog/validate.js';
import { compileCatalog } from '../../src/compile.js';
import { testAlertmanagerConfig } from '../helpers/alertmanager.js';
import { withoutLowTrafficGuard } from '../helpers/catalogs.js';
import {
  FakeKimberly,
  sleep,
  startAlertmanager,
  startPrometheus,
  stopEverything,
  stopProcess,
  waitFor,
  webhookReceiver,
  type Notification,
  type RunningProcess,
} from '../helpers/servers.js';
import { PROJECT_ROOT, tempDir } from '../helpers/tools.js';
import { scaled } from '../helpers/slowdown.js';

const compiled = compileCatalog(validateCatalog(withoutLowTrafficGuard(kimberlyCatalog as CatalogInput), 'slos/index.ts'));

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** The Kimberly catalog with its staging maintenance window moved to cover now, or to 3 days from now. */
function kimberlyWithMaintenance(coversNow: boolean): CatalogInput {
  const catalog = structuredClone(kimberlyCatalog) as CatalogInput;
  const now = new Date();
  const day = WEEKDAYS[(now.getUTCDay() + (coversNow ? 0 : 3)) % 7];
  const startHour = Math.min(now.getUTCHours(), 22);
  for (const env of catalog.services[0].environments) {
    if (env.maintenance?.length)
      env.maintenance = [{ ...env.maintenance[0], weekdays: [day], start: `${String(startHour).padStart(2, '0')}:00`, duration: '2h' }];
  }
  return catalog;
}

const processes: RunningProcess[] = [];
afterAll(async () => {
  for (const p of processes) await stopProcess(p);
  await stopEverything();
});

describe('paging end to end (real Prometheus and Alertmanager)', () => {
  it('pages once for a production outage, tickets staging outside maintenance only, and resolves', { timeout: scaled(240_000) }, async () => {
    const started = Date.now();
    const dir = tempDir('sloforge-e2e-');
    const webhook = await webhookReceiver();
    const production = new FakeKimberly();
    const staging = new FakeKimberly();
    const [productionUrl, stagingUrl] = await Promise.all([production.listen(), staging.listen()]);

    const amConfig = path.join(dir, 'alertmanager.yml');
    writeFileSync(amConfig, testAlertmanagerConfig(kimberlyWithMaintenance(true), webhook.url));
    const alertmanager = await startAlertmanager(amConfig);
    processes.push(alertmanager);

    mkdirSync(path.join(dir, 'rules'));
    const promConfig = path.join(dir, 'prometheus.yml');
    writeFileSync(
      promConfig,
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: ['production', 'staging'].map((env) => {
          // What the code writes now (not the committed files), with the guard off: time here is seconds.
          const rules = path.join(dir, 'rules', `${env}.rules.yml`);
          writeFileSync(rules, compiled.files.find((f) => f.path === `alerts/kimberly/${env}/api-errors-5xx.rules.yml`)!.content);
          return rules;
        }),
        alerting: { alertmanagers: [{ static_configs: [{ targets: [alertmanager.url.replace('http://', '')] }] }] },
        scrape_configs: [
          {
            job_name: 'kimberly',
            static_configs: [
              { targets: [productionUrl.replace('http://', '')], labels: { env: 'production' } },
              { targets: [stagingUrl.replace('http://', '')], labels: { env: 'staging' } },
            ],
          },
        ],
      }),
    );
    // The outage starts with the first samples: every burn-rate window sees 100% errors.
    production.set(10, 1);
    staging.set(10, 1);
    const fault = Date.now();
    const prometheus = await startPrometheus(promConfig);
    processes.push(prometheus);
    const prometheusReady = Date.now(); // the first scrape, hence the first sample of the outage, follows

    const notificationsFor = (env: string, receiver: string, status?: string) =>
      webhook.notifications.filter((n) => n.commonLabels.env === env && n.receiver === receiver && (!status || n.status === status));

    // 1. A production outage pages, with the contract's labels and a dashboard link.
    const page = await waitFor('the production page', () => notificationsFor('production', 'kimberly-page', 'firing')[0], 90_000);
    const faultToPage = (page.receivedAt - fault) / 1000;
    expect(page.commonLabels).toMatchObject({ service: 'kimberly', slo: 'api-errors-5xx', env: 'production', severity: 'page' });
    for (const alert of page.alerts) {
      expect(Object.keys(alert.labels).sort()).toEqual(['alertname', 'env', 'service', 'severity', 'slo']);
      expect(alert.annotations.dashboard_url).toContain('/d/slo-kimberly/');
      expect(alert.annotations.runbook_url).toBe('https://runbooks.example.com/kimberly/api-errors-5xx');
    }

    // 2. Staging is in its maintenance window: nothing, though its alerts fire in Prometheus.
    await waitFor(
      'staging alerts firing in Prometheus',
      async () => {
        const body = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as {
          data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
        };
        return body.data.alerts.some((a) => a.labels.env === 'staging' && a.state === 'firing') || undefined;
      },
      30_000,
    );
    await sleep(8_000);
    expect(webhook.notifications.filter((n) => n.commonLabels.env === 'staging')).toEqual([]);

    // 3. Outside maintenance the same staging outage raises a ticket, never a page.
    writeFileSync(amConfig, testAlertmanagerConfig(kimberlyWithMaintenance(false), webhook.url));
    const reloadAt = Date.now();
    expect((await fetch(`${alertmanager.url}/-/reload`, { method: 'POST' })).ok).toBe(true);
    const ticket = await waitFor('the staging ticket', () => notificationsFor('staging', 'kimberly-ticket', 'firing')[0], 60_000);
    expect(ticket.commonLabels).toMatchObject({ env: 'staging', severity: 'ticket', slo: 'api-errors-5xx' });
    expect(webhook.notifications.filter((n) => n.commonLabels.env === 'staging' && n.receiver === 'kimberly-page')).toEqual([]);

    // 4. Errors stop: a resolved notification arrives.
    production.set(1000, 0);
    staging.set(1000, 0);
    const recovery = Date.now();
    const resolved = await waitFor('the resolved page', () => notificationsFor('production', 'kimberly-page', 'resolved')[0], 90_000);
    expect(resolved.alerts.every((a) => a.status === 'resolved')).toBe(true);

    // Exactly one page notification for the outage; while it recovers, Alertmanager may update the
    // group as its alerts resolve one by one, but no new alert pages.
    const pages = notificationsFor('production', 'kimberly-page', 'firing');
    expect(pages.filter((n) => n.receivedAt < recovery)).toHaveLength(1);
    const paged = new Set(page.alerts.map((a) => a.labels.alertname));
    for (const update of pages) for (const alert of update.alerts) expect(paged.has(alert.labels.alertname)).toBe(true);
    // While the page fires, it inhibits the production tickets of the same SLO. Checked up to the
    // config reload: Alertmanager 0.25 rebuilds its inhibitor on reload, and a notification can
    // slip through before the inhibitor has seen the firing page again.
    const ticketsDuringPage = notificationsFor('production', 'kimberly-ticket').filter((n: Notification) => n.receivedAt < reloadAt);
    expect(ticketsDuringPage).toEqual([]);

    const summary = {
      faultToPageSeconds: Number(faultToPage.toFixed(1)),
      prometheusReadyToPageSeconds: Number(((page.receivedAt - prometheusReady) / 1000).toFixed(1)),
      recoveryToResolvedSeconds: Number(((resolved.receivedAt - recovery) / 1000).toFixed(1)),
      totalSeconds: Number(((Date.now() - started) / 1000).toFixed(1)),
    };
    console.log(`e2e paging timings: ${JSON.stringify(summary)}`);
    writeFileSync(path.join(PROJECT_ROOT, 'tests/e2e/.last-run.json'), `${JSON.stringify(summary, null, 2)}\n`);
  });
});
