/**
 * The VictoriaMetrics target for real (issue "Beyond one Prometheus"): Debian's victoria-metrics
 * 1.79 single-node and vmalert evaluate the generated vmalert files of examples/shop, over three
 * hours of synthetic checkout traffic imported with timestamps through the import API (the last
 * 20 minutes a full outage). vmalert writes the recorded series back (remote write) and fires the
 * page; the recorded error ratios agree with what Prometheus computes from the same samples.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import shopCatalog from '../../examples/shop/slos/index.js';
import { validateCatalog } from '../../src/catalog/validate.js';
import { compileCatalog } from '../../src/compile.js';
import { withoutLowTrafficGuard } from '../helpers/catalogs.js';
import type { RecordingRule, RuleGroup } from '../../src/emitters/prometheus/rule-types.js';
import { createBlocksFromOpenMetrics, openMetrics, type Series } from '../helpers/backfill.js';
import {
  startAlertmanager,
  startPrometheus,
  startVictoriaMetrics,
  startVmalert,
  stopEverything,
  stopProcess,
  waitFor,
  webhookReceiver,
  type Notification,
  type RunningProcess,
} from '../helpers/servers.js';
import { sloforge, tempDir } from '../helpers/tools.js';
import { scaled } from '../helpers/slowdown.js';

const MINUTES = 180;
const OUTAGE = 20;
const end = Math.floor(Date.now() / 60_000) * 60;
const start = end - (MINUTES - 1) * 60;
// 60 checkouts a minute: 1 fails (1.7%, a slow burn of the 0.5% budget), then all fail for the last 20 minutes.
const failed = Array.from({ length: MINUTES }, (_, m) => (m >= MINUTES - OUTAGE ? 60 : 1));
const cumulative = (perMinute: number[]) => perMinute.reduce<number[]>((acc, v, m) => [...acc, m === 0 ? 0 : acc[m - 1] + v], []);
const labels = { app: 'storefront', environment: 'live', handler: '/checkout' };
const series: Series[] = [
  {
    family: 'http_server_requests',
    type: 'counter',
    name: 'http_server_requests_total',
    labels: { ...labels, status: '200' },
    values: cumulative(failed.map((f) => 60 - f)),
  },
  { family: 'http_server_requests', type: 'counter', name: 'http_server_requests_total', labels: { ...labels, status: '502' }, values: cumulative(failed) },
];

// The guard weighs a window's age in real minutes; vmalert here starts on imported raw history, with no recorded past.
const files = compileCatalog(
  validateCatalog(withoutLowTrafficGuard({ ...shopCatalog, target: { kind: 'victoriametrics' } }), 'examples/shop/slos/index.ts'),
).files;
const guardedFiles = compileCatalog(validateCatalog({ ...shopCatalog, target: { kind: 'victoriametrics' } }, 'examples/shop/slos/index.ts')).files;
const plainRules = files
  .filter((f) => f.path === 'alerts/storefront/live/checkout-success.rules.yml')
  .flatMap((f) => (parse(f.content) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules))
  .filter((r): r is RecordingRule => 'record' in r);

/** Bad over all checkouts between the last samples at or before `at − minutes` and `at`, from the raw counters. */
function exactRatio(at: number, minutes: number): number {
  const index = (t: number) => Math.min(MINUTES - 1, Math.floor((t - start) / 60));
  const [a, b] = [index(at - minutes * 60), index(at)];
  const [bad, ok] = [series[1].values, series[0].values];
  return (bad[b] - bad[a]) / (bad[b] - bad[a] + ok[b] - ok[a]);
}

/** A rule's expression with the recorded series it reads replaced by their own expressions: Prometheus runs no rules here. */
function inlined(record: string): string {
  let expr = plainRules.find((r) => r.record === record)!.expr;
  for (const rule of plainRules) {
    const selector = `${rule.record}{${Object.entries(rule.labels ?? {})
      .map(([k, v]) => `${k}="${v}"`)
      .join(',')}}`;
    expr = expr.split(selector).join(`(${rule.expr})`);
  }
  return expr;
}

let vm: RunningProcess | undefined;
let vmalert: RunningProcess | undefined;
let alertmanager: RunningProcess | undefined;
let notifications: Notification[] = [];
let prometheus: RunningProcess | undefined;

async function query(url: string, expr: string, at?: number): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const body = new URLSearchParams({ query: expr, ...(at ? { time: String(at) } : {}) });
  const response = await fetch(`${url}/api/v1/query`, { method: 'POST', body });
  return ((await response.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result;
}

beforeAll(async () => {
  const work = tempDir('sloforge-vm-');
  vm = await startVictoriaMetrics();
  // The Prometheus text format with millisecond timestamps, through VictoriaMetrics' import API.
  const text = series
    .flatMap((s) =>
      s.values.map(
        (v, m) =>
          `${s.name}{${Object.entries(s.labels)
            .map(([k, x]) => `${k}="${x}"`)
            .join(',')}} ${v} ${(start + m * 60) * 1000}`,
      ),
    )
    .join('\n');
  const imported = await fetch(`${vm.url}/api/v1/import/prometheus`, { method: 'POST', body: `${text}\n` });
  expect(imported.status).toBe(204);
  await waitFor('imported samples', async () => (await query(vm!.url, 'count(http_server_requests_total)')).length > 0 || undefined, 30_000);
  const ruleFile = path.join(work, 'storefront.rules.yml');
  writeFileSync(ruleFile, files.find((f) => f.path === 'generated/victoriametrics/storefront.rules.yml')!.content);
  // vmalert notifies a real Alertmanager, which posts to a webhook here.
  const webhook = await webhookReceiver();
  notifications = webhook.notifications;
  const amConfig = path.join(work, 'alertmanager.yml');
  writeFileSync(
    amConfig,
    stringify({
      route: { receiver: 'hook', group_by: ['service', 'slo', 'env'], group_wait: '1s', group_interval: '1s' },
      receivers: [{ name: 'hook', webhook_configs: [{ url: webhook.url }] }],
    }),
  );
  alertmanager = await startAlertmanager(amConfig);
  vmalert = await startVmalert([ruleFile], vm.url, alertmanager.url);
  // The same samples in a Prometheus TSDB, for the reference values.
  const dataDir = tempDir('sloforge-vm-prometheus-');
  mkdirSync(path.join(dataDir, 'data'));
  const om = path.join(work, 'raw.om');
  writeFileSync(om, openMetrics(series, start));
  createBlocksFromOpenMetrics(om, path.join(dataDir, 'data'));
  const config = path.join(work, 'prometheus.yml');
  writeFileSync(config, stringify({ global: { evaluation_interval: '1m' } }));
  prometheus = await startPrometheus(config, dataDir);
}, scaled(180_000));

afterAll(async () => {
  if (process.env.SLOFORGE_DEBUG)
    for (const p of [vmalert, alertmanager, prometheus]) if (p) process.stderr.write(`${p.logFile}:\n${readFileSync(p.logFile, 'utf8').slice(-2000)}\n`);
  await stopProcess(vmalert);
  await stopProcess(alertmanager);
  await stopProcess(prometheus);
  await stopProcess(vm);
  await stopEverything();
});

describe('vmalert with VictoriaMetrics', () => {
  it('records error ratios that agree with Prometheus on the same samples (within 5%: rate() extrapolates differently)', async () => {
    const differences: string[] = [];
    // The windows read from raw series. Longer ones are tiled from recorded rates this vmalert has
    // only just begun to write: the replay test below checks them over a replayed history.
    for (const window of ['5m', '30m']) {
      const record = `slo:sli_error:ratio_rate${window}`;
      const [recorded] = await waitFor(
        `${record} written back`,
        async () => {
          const result = await query(vm!.url, `${record}{slo="checkout-success",env="live"}`);
          return result.length ? result : undefined;
        },
        30_000,
        500,
      );
      // The time vmalert evaluated at (the sample's own timestamp), and the rule's expression evaluated there by Prometheus.
      const [stamp] = await query(vm!.url, `timestamp(${record}{slo="checkout-success",env="live"})`);
      const stamped = Number(stamp?.value[1]);
      const vmValue = Number(recorded.value[1]);
      const minutes = { '5m': 5, '30m': 30 }[window]!;
      // VictoriaMetrics counts the increase from the last sample before the window: the exact count. The
      // sample's stamp can run a few seconds past a minute boundary that the query itself did not cross
      // (seen once in 2026-11, when vmalert evaluated just after the raw data's last minute): the
      // exact ratio is then the one a minute earlier, and nothing else.
      const at = [stamped, stamped - 60].find((t) => Math.abs(vmValue - exactRatio(t, minutes)) < 1e-9) ?? stamped;
      const exact = exactRatio(at, minutes);
      const [reference] = await query(prometheus!.url, inlined(record), at);
      const promValue = Number(reference.value[1]);
      differences.push(
        `${window}: vmalert ${vmValue.toFixed(5)}, Prometheus ${promValue.toFixed(5)}, exact ${exact.toFixed(5)}${at === stamped ? '' : ' (a minute before the stamp)'}`,
      );
      expect(Math.abs(vmValue - exact), differences.join('; ')).toBeLessThan(1e-9);
      // rate() differs: VictoriaMetrics does not extrapolate to the window's edges and counts the increase from
      // the sample before the window, Prometheus extrapolates. Where the ratio changes inside the window (an
      // outage that began 20 minutes ago) the two differ by a few percent; on steady traffic they agree.
      expect(Math.abs(vmValue - promValue) / promValue, differences.join('; ')).toBeLessThan(0.05);
    }
    process.stdout.write(`recorded error ratios, vmalert against Prometheus: ${differences.join('; ')}\n`);
    // The outage owns the last 20 minutes: the 5m ratio is 1 in both.
    expect(differences[0]).toMatch(/vmalert 1\.00000, Prometheus 1\.00000/);
  });
  it('fires the page through vmalert’s API, with the contract labels', async () => {
    const page = await waitFor(
      'SLOBurnRate1h5m firing in vmalert',
      async () => {
        const response = await fetch(`${vmalert!.url}/api/v1/alerts`);
        const alerts = ((await response.json()) as { data: { alerts: Array<{ name: string; state: string; labels: Record<string, string> }> } }).data.alerts;
        return alerts.find((a) => a.name === 'SLOBurnRate1h5m' && a.state === 'firing' && a.labels.slo === 'checkout-success');
      },
      60_000,
      500,
    );
    expect(page.labels).toMatchObject({ severity: 'page', service: 'storefront', slo: 'checkout-success', env: 'live' });
    const delivered = await waitFor(
      'the page at the Alertmanager webhook',
      () => notifications.flatMap((n) => n.alerts).find((a) => a.labels.alertname === 'SLOBurnRate1h5m' && a.labels.slo === 'checkout-success'),
      60_000,
      500,
    );
    expect(delivered.annotations.runbook_url).toBe('https://wiki.shop.example/runbooks/storefront/checkout-success');
  });
});

describe('vmalert with the low-traffic guard', () => {
  it('validates the guarded rules (ln, clamp_max, the observed-age ladder of offsets), and refuses a broken one', () => {
    const dir = tempDir();
    const guarded = guardedFiles.find((f) => f.path === 'generated/victoriametrics/storefront.rules.yml')!.content;
    expect(guarded).toContain('slo:sli_observed:seconds');
    expect(guarded).toMatch(/\* ln\(/);
    const file = path.join(dir, 'guarded.rules.yml');
    writeFileSync(file, guarded);
    const ok = spawnSync('vmalert', ['-dryRun', `-rule=${file}`], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    // The check can fail: the same file with one guard expression cut short is refused.
    writeFileSync(file, guarded.replace('* ln(', '* ln(('));
    expect(spawnSync('vmalert', ['-dryRun', `-rule=${file}`], { encoding: 'utf8' }).status).not.toBe(0);
  });
});

describe('sloforge backfill --engine victoriametrics (vmalert replay)', () => {
  it(
    'replays the recording rules over the imported history: windows and the period exact from the raw counters',
    async () => {
      // A VictoriaMetrics of its own: the live vmalert above records into the other one.
      const own = await startVictoriaMetrics();
      try {
        const text = series
          .flatMap((s) => s.values.map((v, m) => `${s.name}{${Object.entries(s.labels).map(([k, x]) => `${k}="${x}"`)}} ${v} ${(start + m * 60) * 1000}`))
          .join('\n');
        expect((await fetch(`${own.url}/api/v1/import/prometheus`, { method: 'POST', body: `${text}\n` })).status).toBe(204);
        await waitFor('imported samples', async () => (await query(own.url, 'count(http_server_requests_total)')).length > 0 || undefined, 30_000);
        const run = sloforge([
          'backfill',
          '--engine',
          'victoriametrics',
          '--prometheus',
          own.url,
          '--catalog',
          'examples/shop/slos/index.ts',
          '--slo',
          'checkout-success',
          '--env',
          'live',
          '--from',
          String(start),
          '--to',
          String(end),
        ]);
        expect(run.status, run.stdout + run.stderr).toBe(0);
        expect(run.stdout).toMatch(/^Backfilled 1 SLO instance into VictoriaMetrics .*: \d+ recording rules replayed by vmalert in dependency order/);
        const value = async (expr: string, at: number) => Number((await query(own.url, expr, at))[0]?.value[1]);
        // Before the outage the traffic is steady (1 in 60 fails): the period ratio, tiled from the replayed
        // 1d rates (the end of a chain of rules), is that share; the tiled 1h window is VictoriaMetrics' exact count.
        const before = end - 30 * 60;
        expect(await value('slo:sli_error:ratio_rate28d{slo="checkout-success",env="live"}', before)).toBeCloseTo(1 / 60, 4);
        const at = await value('timestamp(slo:sli_error:ratio_rate1h{slo="checkout-success",env="live"})', end);
        expect(end - at).toBeLessThan(10 * 60);
        expect(Math.abs((await value('slo:sli_error:ratio_rate1h{slo="checkout-success",env="live"}', end)) - exactRatio(at, 60))).toBeLessThan(1e-9);
        // Every minute of the history is recorded, not only the last one.
        expect(await value('count_over_time(slo:sli_error:ratio_rate5m{slo="checkout-success",env="live"}[3h])', end)).toBeGreaterThanOrEqual(MINUTES - 6);
      } finally {
        await stopProcess(own);
      }
    },
    scaled(180_000),
  );
});
