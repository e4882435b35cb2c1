/**
 * Sharded rulers for real (issue "The rules at scale where they run", part 2): examples/shop's rules
 * split in two by `generate --shards 2` for vmalert, each shard in its own vmalert process, both on
 * one VictoriaMetrics; beside them one vmalert with every rule (the per-service files) on a second
 * VictoriaMetrics holding the same samples. Both stores must end up with the same recorded series
 * (names and identities) and the same values for the windows read from raw series, and the
 * checkout outage must page exactly once through the sharded pair. The history is imported with
 * timestamps (three hours of checkouts, the last 20 minutes a full outage), as in victoriametrics.e2e.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import shopCatalog from '../../examples/shop/slos/index.js';
import { validateCatalog } from '../../src/catalog/validate.js';
import { compileCatalog } from '../../src/compile.js';
import { withoutLowTrafficGuard } from '../helpers/catalogs.js';
import { sleep, startAlertmanager, startVictoriaMetrics, startVmalert, stopEverything, waitFor, webhookReceiver } from '../helpers/servers.js';
import { scaled } from '../helpers/slowdown.js';
import { tempDir } from '../helpers/tools.js';

const MINUTES = 180;
const end = Math.floor(Date.now() / 60_000) * 60;
const start = end - (MINUTES - 1) * 60;
const failed = Array.from({ length: MINUTES }, (_, m) => (m >= MINUTES - 20 ? 60 : 1));
const cumulative = (perMinute: number[]) => perMinute.reduce<number[]>((acc, v, m) => [...acc, m === 0 ? 0 : acc[m - 1] + v], []);
const labels = 'app="storefront",environment="live",handler="/checkout"';
const importText = [
  ...cumulative(failed.map((f) => 60 - f)).map((v, m) => `http_server_requests_total{${labels},status="200"} ${v} ${(start + m * 60) * 1000}`),
  ...cumulative(failed).map((v, m) => `http_server_requests_total{${labels},status="502"} ${v} ${(start + m * 60) * 1000}`),
].join('\n');

const files = compileCatalog(
  validateCatalog(withoutLowTrafficGuard({ ...shopCatalog, target: { kind: 'victoriametrics', shards: 2 } }), 'examples/shop/slos/index.ts'),
).files;

type Result = Array<{ metric: Record<string, string>; value: [number, string] }>;
async function query(url: string, expr: string): Promise<Result> {
  const response = await fetch(`${url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: expr }) });
  return ((await response.json()) as { data: { result: Result } }).data.result;
}

/** Every recorded series of a store, as name and identity. */
const recorded = async (url: string) =>
  (await query(url, 'count by (__name__, service, slo, env) ({__name__=~"slo:.+"})'))
    .map((r) => `${r.metric.__name__}{${r.metric.service},${r.metric.slo},${r.metric.env}}`)
    .sort();

afterAll(async () => {
  await stopEverything();
});

describe('two vmalert shards on one VictoriaMetrics', () => {
  it('record what one vmalert records, and page once', { timeout: scaled(300_000) }, async () => {
    const dir = tempDir('sloforge-shards-');
    const write = (name: string, generated: string) => {
      const file = path.join(dir, name);
      // Time compressed: the reporting groups' 4m interval is dropped, so every group runs at vmalert's 2s
      // and both setups have run each group within seconds (vmalert staggers a group's first run within its interval).
      writeFileSync(file, files.find((f) => f.path === generated)!.content.replace(/^(\s+)interval: 4m\n/gm, ''));
      return file;
    };
    const shards = [1, 2].map((n) => write(`shard-${n}.rules.yml`, `generated/victoriametrics/shards/shard-${n}.rules.yml`));
    const all = files.filter((f) => /^generated\/victoriametrics\/[^/]+\.rules\.yml$/.test(f.path)).map((f) => write(path.basename(f.path), f.path));
    expect(all.length).toBe(2); // storefront and payments

    const [sharded, single] = [await startVictoriaMetrics(), await startVictoriaMetrics()];
    for (const vm of [sharded, single]) {
      expect((await fetch(`${vm.url}/api/v1/import/prometheus`, { method: 'POST', body: `${importText}\n` })).status).toBe(204);
      await waitFor('imported samples', async () => (await query(vm.url, 'count(http_server_requests_total)')).length > 0 || undefined, scaled(30_000));
    }
    const webhook = await webhookReceiver();
    const amConfig = (hook: string) => {
      const file = path.join(dir, `alertmanager-${hook}.yml`);
      writeFileSync(
        file,
        stringify({
          // One notification per group within the test: a tier that joins later waits for group_interval.
          route: { receiver: 'hook', group_by: ['service', 'slo', 'env', 'severity'], group_wait: '1s', group_interval: '10m', repeat_interval: '1h' },
          receivers: [{ name: 'hook', webhook_configs: [{ url: `${webhook.url}/${hook}` }] }],
        }),
      );
      return file;
    };
    const [shardedAm, singleAm] = [await startAlertmanager(amConfig('sharded')), await startAlertmanager(amConfig('single'))];
    for (const shard of shards) await startVmalert([shard], sharded.url, shardedAm.url);
    await startVmalert(all, single.url, singleAm.url);

    // The chain first reaches the error ratios (they read the recorded rates, written back a moment later).
    for (const url of [single.url, sharded.url])
      await waitFor(
        `the checkout error ratios in ${url}`,
        async () => (await query(url, 'slo:sli_error:ratio_rate30m{slo="checkout-success",env="live"}')).length > 0 || undefined,
        scaled(90_000),
        1000,
      );
    // Each level of the tiled windows appears once the level below is written back: compared when both
    // stores have held the same set, unchanged, for 10 s (or, at the time limit, as they are).
    let same = { since: Date.now(), set: '' };
    let [singleSeries, shardedSeries] = [[] as string[], [] as string[]];
    const limit = Date.now() + scaled(150_000);
    while (Date.now() < limit) {
      [singleSeries, shardedSeries] = await Promise.all([recorded(single.url), recorded(sharded.url)]);
      const set = singleSeries.join();
      if (set !== shardedSeries.join() || set !== same.set) same = { since: Date.now(), set: set === shardedSeries.join() ? set : '' };
      else if (Date.now() - same.since >= 10_000) break;
      await sleep(2000);
    }
    expect(shardedSeries).toEqual(singleSeries);
    // Only checkout has traffic here: every instance records its constant series (info, objective), and
    // checkout its windows too.
    expect(singleSeries).toEqual(
      expect.arrayContaining([
        'slo:info{payments,provider-errors,canary}',
        'slo:info{storefront,checkout-success,live}',
        'slo:sli_error:ratio_rate30m{storefront,checkout-success,live}',
      ]),
    );
    // 14 SLO instances and 2 capacity targets, each with its info series.
    expect(singleSeries.filter((s) => s.startsWith('slo:info{'))).toHaveLength(16);

    // The windows read from raw series agree (the same samples, the same rules).
    for (const window of ['5m', '30m']) {
      const expr = `slo:sli_error:ratio_rate${window}{slo="checkout-success",env="live"}`;
      const [a, b] = [(await query(sharded.url, expr))[0], (await query(single.url, expr))[0]];
      expect(Number(a.value[1]), window).toBeCloseTo(Number(b.value[1]), 9);
    }

    // The outage pages once through the sharded pair: the checkout SLO lives in one shard, so its page
    // reaches Alertmanager from one vmalert; a duplicate from the other would be a second notification
    // (or a second copy of an alert in it). The single vmalert is the control.
    const pages = (setup: string) =>
      webhook.notifications.filter((n) => n.path.startsWith(`/${setup}`) && n.commonLabels.slo === 'checkout-success' && n.commonLabels.severity === 'page');
    await waitFor('the page from the shards', () => pages('sharded')[0], scaled(90_000), 500);
    await waitFor('the page from the single vmalert', () => pages('single')[0], scaled(90_000), 500);
    await sleep(scaled(10_000));
    for (const setup of ['sharded', 'single']) {
      expect(pages(setup), setup).toHaveLength(1);
      const alerts = pages(setup)[0].alerts.map((a) => JSON.stringify(Object.entries(a.labels).sort()));
      expect(new Set(alerts).size, `${setup}: no alert twice`).toBe(alerts.length);
    }
    expect(pages('sharded')[0].alerts.every((a) => a.labels.env === 'live')).toBe(true);
  });
});
