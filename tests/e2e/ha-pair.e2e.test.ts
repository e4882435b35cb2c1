/**
 * High availability that pages once (issue "The rules at scale where they run", part 3): two
 * Prometheus replicas with the same generated rules and a `replica` external label, configured with
 * the fragment docs/operating.md gives (read from the page, so the docs are what runs), and two
 * Alertmanagers clustered by gossip on loopback (`--cluster.peer`), loaded with the generated
 * configuration. An outage reaches the receiver once; the Alertmanager that sent the page and one
 * Prometheus are killed (SIGKILL) while it fires; the survivors neither page again nor lose the
 * resolution, which arrives once. Time is compressed as in paging.e2e: 1s scrapes and evaluations,
 * the low-traffic guard off, Alertmanager's group timers in seconds.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import kimberlyCatalog from '../../slos/index.js';
import type { CatalogInput } from 'sloforge';
import { validateCatalog } from '../../src/catalog/validate.js';
import { compileCatalog } from '../../src/compile.js';
import { freePort } from '../../src/history/replay-engine.js';
import { testAlertmanagerConfig } from '../helpers/alertmanager.js';
import { withoutLowTrafficGuard } from '../helpers/catalogs.js';
import {
  FakeKimberly,
  sleep,
  startClusteredAlertmanager,
  startPrometheus,
  stopEverything,
  stopProcess,
  waitFor,
  webhookReceiver,
  type RunningProcess,
} from '../helpers/servers.js';
import { scaled } from '../helpers/slowdown.js';
import { PROJECT_ROOT, tempDir } from '../helpers/tools.js';

const compiled = compileCatalog(validateCatalog(withoutLowTrafficGuard(kimberlyCatalog as CatalogInput), 'slos/index.ts'));

/** docs/operating.md's prometheus.yml fragment for each replica (the YAML block that starts with its comment). */
function documentedReplicaFragment(): { global: { external_labels: Record<string, string> }; alerting: { alert_relabel_configs: object[] } } {
  const page = readFileSync(path.join(PROJECT_ROOT, 'docs/operating.md'), 'utf8');
  const block = [...page.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]).find((b) => b.startsWith('# prometheus.yml of each replica'));
  if (!block) throw new Error('docs/operating.md: no prometheus.yml fragment for the replicas');
  return parse(block) as ReturnType<typeof documentedReplicaFragment>;
}

const processes: RunningProcess[] = [];
afterAll(async () => {
  for (const p of processes) await stopProcess(p);
  await stopEverything();
});

interface ClusterStatus {
  cluster: { status: string; peers: unknown[] };
}

describe('an HA pair of Prometheus and a clustered pair of Alertmanagers', () => {
  it('page once, keep paging once when one of each dies mid-incident, and resolve once', { timeout: scaled(300_000) }, async () => {
    const dir = tempDir('sloforge-ha-');
    const webhook = await webhookReceiver();
    const kimberly = new FakeKimberly();
    const exporter = await kimberly.listen();

    // Two Alertmanagers, each the other's gossip peer; each posts to its own path of one receiver.
    const [gossip1, gossip2] = [await freePort(), await freePort()];
    const amConfig = (name: string) => {
      const file = path.join(dir, `${name}.yml`);
      writeFileSync(file, testAlertmanagerConfig(kimberlyCatalog as CatalogInput, `${webhook.url}/${name}`));
      return file;
    };
    const am1 = await startClusteredAlertmanager(amConfig('am1'), gossip1, [gossip2]);
    const am2 = await startClusteredAlertmanager(amConfig('am2'), gossip2, [gossip1]);
    processes.push(am1, am2);
    for (const am of [am1, am2])
      await waitFor(
        `${am.url} in a cluster of two`,
        async () => {
          const status = (await (await fetch(`${am.url}/api/v2/status`)).json()) as ClusterStatus;
          return (status.cluster.status === 'ready' && status.cluster.peers.length === 2) || undefined;
        },
        scaled(30_000),
      );

    // Two Prometheus replicas: the same rules, the documented fragment, both Alertmanagers.
    const rules = path.join(dir, 'api-errors-5xx.rules.yml');
    writeFileSync(rules, compiled.files.find((f) => f.path === 'alerts/kimberly/production/api-errors-5xx.rules.yml')!.content);
    const fragment = documentedReplicaFragment();
    expect(fragment.global.external_labels).toEqual({ replica: 'a' });
    const replicaConfig = (replica: string) => {
      const file = path.join(dir, `prometheus-${replica}.yml`);
      writeFileSync(
        file,
        stringify({
          global: { scrape_interval: '1s', evaluation_interval: '1s', external_labels: { replica } },
          rule_files: [rules],
          alerting: {
            alert_relabel_configs: fragment.alerting.alert_relabel_configs,
            alertmanagers: [{ static_configs: [{ targets: [am1.url, am2.url].map((u) => u.replace('http://', '')) }] }],
          },
          scrape_configs: [{ job_name: 'kimberly', static_configs: [{ targets: [exporter.replace('http://', '')], labels: { env: 'production' } }] }],
        }),
      );
      return file;
    };
    // The outage starts with the first samples, as in paging.e2e.
    kimberly.set(10, 1);
    const prometheusA = await startPrometheus(replicaConfig('a'));
    const prometheusB = await startPrometheus(replicaConfig('b'));
    processes.push(prometheusA, prometheusB);

    const pages = (status: 'firing' | 'resolved') =>
      webhook.notifications.filter((n) => n.receiver === 'kimberly-page' && n.commonLabels.env === 'production' && n.status === status);
    const page = await waitFor('the page', () => pages('firing')[0], scaled(120_000));
    expect(page.commonLabels).toMatchObject({ service: 'kimberly', slo: 'api-errors-5xx', env: 'production', severity: 'page' });
    // The replicas' alerts are one alert each: no replica label, no label set twice.
    for (const alert of page.alerts) expect(alert.labels.replica).toBeUndefined();
    const labelSets = page.alerts.map((a) => JSON.stringify(Object.entries(a.labels).sort()));
    expect(new Set(labelSets).size).toBe(labelSets.length);

    // Both replicas fire the same alerts, each into both Alertmanagers.
    for (const prometheus of [prometheusA, prometheusB])
      await waitFor(
        `${prometheus.url} firing the page`,
        async () => {
          const body = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as {
            data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
          };
          return body.data.alerts.some((a) => a.labels.severity === 'page' && a.state === 'firing') || undefined;
        },
        scaled(60_000),
      );

    // Kill the Alertmanager that sent the page and one Prometheus, as a crash would, once the survivor
    // has heard of the notification: Alertmanager's cluster promises at-least-once delivery, and a
    // sender that dies before its notification log reaches a peer is paged again by design. With no
    // silences, the only gossip updates are notification-log entries.
    const sender = page.path.startsWith('/am1/') ? am1 : am2;
    const survivor = sender === am1 ? am2 : am1;
    await waitFor(
      'the survivor told of the notification',
      async () => {
        const metrics = await (await fetch(`${survivor.url}/metrics`)).text();
        const updates = /^alertmanager_cluster_messages_received_total\{msg_type="update"\} (\S+)$/m.exec(metrics);
        return Number(updates?.[1] ?? 0) >= 1 || undefined;
      },
      scaled(30_000),
      200,
    );
    sender.process.kill('SIGKILL');
    prometheusA.process.kill('SIGKILL');
    // Longer than the survivor's turn (peer timeout 5s × its position) plus group_wait and group_interval (2s, 3s):
    // it would have sent by now if it did not know the page went out.
    await sleep(scaled(15_000));
    // A notification that repeats an earlier one's alerts is a duplicate; one that adds an alert (a
    // second tier firing) is an update Alertmanager sends after group_interval, as in paging.e2e.
    const alertSet = (n: (typeof webhook.notifications)[number]) =>
      n.alerts
        .filter((a) => a.status === 'firing')
        .map((a) => JSON.stringify(Object.entries(a.labels).sort()))
        .sort()
        .join('|');
    const firingSets = pages('firing').map(alertSet);
    expect(new Set(firingSets).size, `no page sent twice: ${firingSets.join(' ; ')}`).toBe(firingSets.length);
    for (let i = 1; i < firingSets.length; i += 1)
      expect(firingSets[i].split('|'), 'an update only adds alerts').toEqual(expect.arrayContaining(firingSets[i - 1].split('|')));

    // Recovery: the resolution arrives once, from the surviving Alertmanager.
    kimberly.set(1000, 0);
    const recovery = Date.now();
    const resolved = await waitFor('the resolution', () => pages('resolved')[0], scaled(120_000));
    expect(resolved.path.startsWith(survivor === am1 ? '/am1/' : '/am2/')).toBe(true);
    expect(resolved.alerts.every((a) => a.status === 'resolved')).toBe(true);
    await sleep(scaled(10_000));
    expect(pages('resolved'), 'one resolution').toHaveLength(1);
    // The page itself went out once: every notification before the recovery carries a new alert.
    const beforeRecovery = pages('firing')
      .filter((n) => n.receivedAt < recovery)
      .map(alertSet);
    expect(new Set(beforeRecovery).size, 'one page for the incident').toBe(beforeRecovery.length);
    // While it recovers, Alertmanager may update the group as its alerts resolve one by one (as in
    // paging.e2e): such an update carries a resolved alert and no alert that was not paged.
    const paged = new Set(page.alerts.map((a) => a.labels.alertname));
    for (const update of pages('firing').filter((n) => n.receivedAt >= recovery)) {
      expect(update.alerts.some((a) => a.status === 'resolved')).toBe(true);
      for (const alert of update.alerts) expect(paged.has(alert.labels.alertname)).toBe(true);
    }
  });
});
