/**
 * A first outage on real exporters (issue "A team adopts sloforge"): Prometheus scrapes itself
 * (availability and latency of its query API, from prometheus_http_requests_total and
 * prometheus_http_request_duration_seconds), Debian's blackbox_exporter probing a local web server
 * (uptime from probe_success), and a batch job that pushes its last success time to Debian's
 * Pushgateway every 2 s (freshness, at most 1m old), with the README's scrape recipes (env added at
 * the scrape, or in the push's grouping key), the rules `generate` writes and the generated
 * Alertmanager configuration, its receivers pointed at a local webhook and every timer kept.
 * The faults are real:
 * - the web server stops for 8 s (connections refused), and at the same moment the batch job
 *   stops pushing, for good until its page is out;
 * - then the query API is overloaded: beside its healthy traffic (4 queries a second), 4 queries a
 *   second run out of time (Prometheus answers 503) and up to 2 a second are heavy (a subquery of
 *   600,000 steps, 0.15-0.8 s), until both pages are delivered.
 *
 * Expected, stated before the run:
 * - the uptime page fires (SLOBurnRate1h5m) once the failed probes pass 14.4% of those seen
 *   (about 5 s after 30 s of healthy probes);
 * - api-errors and api-latency each page within 60 s of the overload's start (their 6h/30m tier
 *   first: 6% of the young history's queries);
 * - each page reaches its receiver within 60 s of firing (the page route's 30 s group wait), and no
 *   notification repeats the same alerts;
 * - while a page fires, report says "burning" or "missed" for its SLO (never "met"), gate says no
 *   go and names it, and the checklist's error-rate and latency items fail on it;
 * - each resolves after its fault ends, and the resolution is delivered;
 * - afterwards the report's uptime SLI matches the raw probes (avg_over_time of probe_success),
 *   and the checklist's 1h error ratio matches the raw counters;
 * - every query of the generated dashboards (the web service's and the overview), for every SLO,
 *   returns data, except those listed in EMPTY_FOR_A_REASON with the reason;
 * - the batch job's freshness page (SLOBatchRunMissed) fires once its last success is more than
 *   1m old, 60-75 s after the last push (a 1 s evaluation after the age passes 60 s; the last push
 *   is up to 2 s before the fault), reaches the page receiver within 60 s, and resolves once the job
 *   pushes again.
 *
 * Time is compressed (1 s scrapes and evaluations, the reporting group every second too), so the
 * API SLOs turn the statistical guard off: the guard weighs a window's age in real minutes (a fresh
 * Prometheus pages a 99% SLO's full outage after about 10 minutes; docs/low-traffic-guard.md). The
 * uptime SLO is a probe SLI, which the guard does not cover. Every window is longer than this
 * Prometheus's history, so each holds every failure: after the overload the healthy traffic is
 * raised for a while, so that the failures fall under the thresholds in seconds rather than the
 * hour a real 1h window takes. docs/adopting.md records the times measured.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  sleep,
  startAlertmanager,
  startBlackboxExporter,
  startPrometheus,
  startPushgateway,
  stopEverything,
  waitFor,
  webhookReceiver,
  type Notification,
  type RunningProcess,
} from '../helpers/servers.js';
import { allPanels, type DashboardPanel } from '../helpers/dashboards.js';
import { sloforge, tempDir } from '../helpers/tools.js';
import { scaled } from '../helpers/slowdown.js';

const CATALOG = `import { batchJob, catalog, counter, environment, errorRate, gauge, histogram, latency, service, uptime } from 'sloforge';
export default catalog(
  service({
    name: 'web',
    owner: 'web-sre',
    runbookBaseUrl: 'https://runbooks.example.com/web',
    dashboardBaseUrl: 'https://grafana.example.com',
    environments: [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
    slos: [
      uptime({ id: 'uptime', title: 'Web uptime', probe: gauge('probe_success', { job: 'web-health' }), objective: 99 }),
      errorRate({
        id: 'api-errors',
        title: 'Query API errors',
        events: counter('prometheus_http_requests_total', { job: 'prometheus', handler: '/api/v1/query' }),
        bad: { code: /5../ },
        below: '1%',
        lowTrafficGuard: false,
      }),
      latency({
        id: 'api-latency',
        title: 'Query API latency',
        histogram: histogram('prometheus_http_request_duration_seconds', {
          buckets: [0.1, 0.2, 0.4, 1, 3, 8, 20, 60, 120],
          where: { job: 'prometheus', handler: '/api/v1/query' },
        }),
        threshold: '100ms',
        objective: 99,
        lowTrafficGuard: false,
      }),
      // A job without a duration histogram: its freshness alone (the README's Pushgateway recipe).
      batchJob({
        idPrefix: 'nightly',
        title: 'Nightly export',
        runsPerDay: 1440,
        lastSuccess: gauge('nightly_last_success_timestamp_seconds', { job: 'nightly' }),
        maxAge: '1m',
        freshnessObjective: 99,
      }),
    ],
  }),
);
`;

/**
 * Dashboard queries with no data on this catalog and these exporters, each with its reason. None:
 * the dashboards show a panel only where it can have data (no latency rows without a latency SLO,
 * no run panels without a duration histogram, no deploy annotation without a deploy series), and
 * every alert-state query reads ALERTS, which the faults above fill.
 */
const EMPTY_FOR_A_REASON: Record<string, string> = {};

let dir: string;
let prometheus: RunningProcess;
let webhook: { url: string; notifications: Notification[] };
let web: http.Server;
let webPort: number;
const faultStart = { uptime: 0 };
const activeAt: Record<string, number> = {};
let traffic: Promise<void> | undefined;
let stopTraffic = false;
let pushgateway: RunningProcess;
let pushing = true;
let lastPush = 0;
let pusher: Promise<void> | undefined;
let faultLoops: Array<Promise<void>> = [];

/** The query API's SLOs, which the third fault hits. */
const API_SLOS = ['api-errors', 'api-latency'] as const;

/**
 * The query API's fault, as an overloaded Prometheus shows it: queries that run out of time
 * (Prometheus answers 503) and heavy queries (a subquery of 600,000 steps: 0.15-0.8 s here, over
 * the SLO's 100 ms), beside the steady healthy traffic. `recovering` raises the healthy traffic
 * afterwards (see the test).
 */
const apiFault = { on: false, recovering: false, answers: new Map<number, number>(), slow: 0, fast: 0 };

async function faultyQuery(expr: string, timeout?: string): Promise<void> {
  const started = performance.now();
  const params = new URLSearchParams({ query: expr, ...(timeout ? { timeout } : {}) });
  const response = await fetch(`${prometheus.url}/api/v1/query?${params}`);
  await response.arrayBuffer();
  apiFault.answers.set(response.status, (apiFault.answers.get(response.status) ?? 0) + 1);
  if (!timeout) apiFault[performance.now() - started > 100 ? 'slow' : 'fast'] += 1;
}

/** Runs work again and again while active() says so, pausing between runs, until the suite ends. */
async function loop(active: () => boolean, work: () => Promise<unknown>, pauseMs: number): Promise<void> {
  while (!stopTraffic) {
    if (active()) await work().catch(() => undefined);
    await sleep(active() ? pauseMs : 200);
  }
}

/** The batch job's success, pushed as a real job pushes it: its time, under job and env in the grouping key. */
async function push(): Promise<void> {
  const now = Date.now();
  const response = await fetch(`${pushgateway.url}/metrics/job/nightly/env/production`, {
    method: 'PUT',
    body: `nightly_last_success_timestamp_seconds ${(now / 1000).toFixed(3)}\n`,
  });
  if (response.ok) lastPush = now;
}

const health = () =>
  http.createServer((req, res) => {
    res.statusCode = req.url === '/health' ? 200 : 404;
    res.end('ok');
  });

async function query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const body = (await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as {
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  return body.data.result;
}

/** When Prometheus says the SLO's page went firing (its activeAt), in ms. */
function firingSince(slo: string) {
  return waitFor(
    `${slo}'s page firing in Prometheus`,
    async () => {
      const body = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as {
        data: { alerts: Array<{ state: string; activeAt: string; labels: Record<string, string> }> };
      };
      const pages = body.data.alerts.filter((a) => a.state === 'firing' && a.labels.slo === slo && a.labels.severity === 'page');
      return pages.length ? Math.min(...pages.map((a) => Date.parse(a.activeAt))) : undefined;
    },
    90_000,
    200,
  );
}

const pagesFor = (slo: string, status: 'firing' | 'resolved') =>
  webhook.notifications.filter((n) => n.receiver === 'web-page' && n.status === status && n.commonLabels.slo === slo);

const report = () => {
  const run = sloforge(['report', '--catalog', 'catalog.ts', '--prometheus', prometheus.url, '--format', 'json'], dir);
  return JSON.parse(run.stdout) as { rows: Array<{ slo: string; status: string; sli: number | null }> };
};

beforeAll(async () => {
  dir = tempDir('sloforge-real-exporters-');
  writeFileSync(path.join(dir, 'catalog.ts'), CATALOG);
  const generated = sloforge(['generate', '--catalog', 'catalog.ts', '--out', 'out'], dir);
  expect(generated.status, generated.stderr).toBe(0);
  const out = path.join(dir, 'out');
  // The rule files generate wrote (the README's list names their folder), time compressed: the
  // reporting group (4m) evaluated every second like the rest.
  const listed = (parse(readFileSync(path.join(out, 'generated/prometheus/rule-files.yml'), 'utf8')) as { rule_files: string[] }).rule_files;
  expect(listed).toEqual(['alerts/web/production/*.rules.yml']);
  const ruleFiles = ['uptime', ...API_SLOS, 'nightly-freshness'].map((slo) => {
    const file = path.join(dir, `${slo}.rules.yml`);
    const rules = readFileSync(path.join(out, `alerts/web/production/${slo}.rules.yml`), 'utf8');
    writeFileSync(file, rules.replace(/^ {4}interval: 4m$/gm, '    interval: 1s'));
    return file;
  });

  webhook = await webhookReceiver();
  const amConfig = parse(readFileSync(path.join(out, 'generated/alertmanager/alertmanager.yml'), 'utf8')) as { receivers: Array<{ name: string }> };
  amConfig.receivers = amConfig.receivers.map((r) => ({ name: r.name, webhook_configs: [{ url: `${webhook.url}/${r.name}`, send_resolved: true }] }));
  writeFileSync(path.join(dir, 'alertmanager.yml'), stringify(amConfig));
  const [alertmanager, blackbox, gateway] = await Promise.all([
    startAlertmanager(path.join(dir, 'alertmanager.yml')),
    startBlackboxExporter(),
    startPushgateway(),
  ]);
  pushgateway = gateway;
  await push();
  pusher = (async () => {
    while (!stopTraffic) {
      if (pushing) await push().catch(() => undefined);
      await sleep(2_000);
    }
  })();

  web = health();
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webPort = (web.address() as AddressInfo).port;
  const prometheusPort = await freePort();
  writeFileSync(
    path.join(dir, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ruleFiles,
      alerting: { alertmanagers: [{ static_configs: [{ targets: [alertmanager.url.replace('http://', '')] }] }] },
      scrape_configs: [
        { job_name: 'prometheus', static_configs: [{ targets: [`127.0.0.1:${prometheusPort}`], labels: { env: 'production' } }] },
        // Pushgateway: the pushed job and env labels kept (honor_labels), as the README's recipe says.
        { job_name: 'pushgateway', honor_labels: true, static_configs: [{ targets: [pushgateway.url.replace('http://', '')] }] },
        {
          job_name: 'web-health',
          metrics_path: '/probe',
          params: { module: ['http_2xx'] },
          static_configs: [{ targets: [`http://127.0.0.1:${webPort}/health`], labels: { env: 'production' } }],
          relabel_configs: [
            { source_labels: ['__address__'], target_label: '__param_target' },
            { source_labels: ['__param_target'], target_label: 'instance' },
            { target_label: '__address__', replacement: blackbox.url.replace('http://', '') },
          ],
        },
      ],
    }),
  );
  prometheus = await startPrometheus(path.join(dir, 'prometheus.yml'), undefined, prometheusPort);
  // Steady healthy traffic on the query API for the whole test (about 4 queries a second), as a
  // team's dashboards and rules make: the faulty queries are a share of it, and it dilutes them after.
  traffic = loop(
    () => true,
    () => query('up'),
    250,
  );
  faultLoops = [
    loop(
      () => apiFault.on,
      () => faultyQuery('up', '0.000001'),
      250,
    ),
    loop(
      () => apiFault.on,
      () => faultyQuery('count_over_time(vector(1)[10m:1ms])'),
      500,
    ),
    ...[1, 2, 3, 4].map(() =>
      loop(
        () => apiFault.recovering,
        () => query('up'),
        10,
      ),
    ),
  ];
  // Healthy first: queries and probes that succeed, for 30 s.
  await sleep(30_000);
}, scaled(180_000));

afterAll(async () => {
  stopTraffic = true;
  await traffic;
  await Promise.all(faultLoops);
  await pusher;
  web?.close();
  await stopEverything();
});

describe('a first outage on real exporters', () => {
  it('pages for the outage within a minute of firing, and report and gate tell the truth meanwhile', { timeout: scaled(300_000) }, async () => {
    // Fault 1: the web server stops (connections refused). Fault 2, at once: the batch job stops pushing.
    faultStart.uptime = Date.now();
    pushing = false;
    await new Promise((resolve) => web.close(resolve));
    activeAt.uptime = await firingSince('uptime');

    // While the uptime page fires: never "met" (burning, or missed once the period's SLI is under
    // the objective, which 20 s of a short history soon is), and no go.
    const during = report().rows.find((r) => r.slo === 'uptime')!;
    expect(['burning', 'missed']).toContain(during.status);
    const gate = sloforge(
      ['gate', '--catalog', 'catalog.ts', '--prometheus', prometheus.url, '--service', 'web', '--env', 'production', '--no-checklist'],
      dir,
    );
    expect(gate.status, gate.stdout + gate.stderr).not.toBe(0);
    expect(gate.stdout).not.toMatch(/: GO$/m);

    // Back up after 8 s of downtime.
    await sleep(Math.max(0, faultStart.uptime + 8_000 - Date.now()));
    web = health();
    await new Promise<void>((resolve) => web.listen(webPort, '127.0.0.1', resolve));

    for (const slo of ['uptime']) {
      const delivered = await waitFor(`${slo}'s page at the webhook`, () => pagesFor(slo, 'firing')[0]?.receivedAt, 90_000, 200);
      const detection = (activeAt[slo] - faultStart.uptime) / 1000;
      const delivery = (delivered - activeAt[slo]) / 1000;
      console.log(`${slo}: fired ${detection.toFixed(1)} s after the fault, delivered ${delivery.toFixed(1)} s after firing`);
      expect(delivery).toBeLessThanOrEqual(60);
      expect(detection).toBeLessThanOrEqual(30);
      expect(pagesFor(slo, 'firing')[0].commonLabels).toMatchObject({ service: 'web', slo, env: 'production', severity: 'page' });
    }
  });

  it(
    "pages for the query API's real 503s and slow queries within a minute of firing, tells the truth meanwhile, and resolves",
    { timeout: scaled(400_000) },
    async () => {
      const faultAt = Date.now();
      apiFault.on = true;
      const fired: Record<string, number> = {};
      for (const slo of API_SLOS) fired[slo] = await firingSince(slo);

      // While they fire: the report says burning or missed for each, the gate names each, and the
      // checklist's error-rate and latency items fail on them (over the recorded 1h window).
      const rows = report().rows;
      for (const slo of API_SLOS) expect(['burning', 'missed'], slo).toContain(rows.find((r) => r.slo === slo)!.status);
      const gate = sloforge(
        ['gate', '--catalog', 'catalog.ts', '--prometheus', prometheus.url, '--service', 'web', '--env', 'production', '--no-checklist'],
        dir,
      );
      expect(gate.status, gate.stdout + gate.stderr).not.toBe(0);
      for (const slo of API_SLOS) expect(gate.stdout).toMatch(new RegExp(`${slo}: (a page fires now|objective missed)`));
      const checklist = () => {
        const run = sloforge(
          [
            'checklist',
            '--catalog',
            'catalog.ts',
            '--prometheus',
            prometheus.url,
            '--env',
            'production',
            '--service',
            'web',
            '--window',
            '1h',
            '--format',
            'json',
          ],
          dir,
        );
        return JSON.parse(run.stdout) as { items: Array<{ item: string; status: string; details: string[] }> };
      };
      const items = checklist().items;
      const item = (name: RegExp) => items.find((i) => name.test(i.item))!;
      expect(item(/^Error rates/).status).toBe('fail');
      expect(item(/^Error rates/).details.join('\n')).toMatch(/^fail: api-errors:/m);
      expect(item(/^All latency targets/).status).toBe('fail');
      expect(item(/^All latency targets/).details.join('\n')).toMatch(/^fail: api-latency:/m);

      for (const slo of API_SLOS) {
        const delivered = await waitFor(`${slo}'s page at the webhook`, () => pagesFor(slo, 'firing')[0], 90_000, 200);
        console.log(
          `${slo}: fired ${((fired[slo] - faultAt) / 1000).toFixed(1)} s after the fault began, delivered ${((delivered.receivedAt - fired[slo]) / 1000).toFixed(1)} s after firing`,
        );
        expect(delivered.receivedAt - fired[slo]).toBeLessThanOrEqual(60_000);
        expect(fired[slo] - faultAt).toBeLessThanOrEqual(60_000);
        expect(delivered.commonLabels).toMatchObject({ service: 'web', slo, env: 'production', severity: 'page' });
      }
      // The fault ends. Time is compressed, and every window is longer than this Prometheus's history,
      // so each holds all the failures: the healthy traffic is raised for a while so that the failures
      // fall under the tiers' thresholds in seconds (on real windows, the hour a 1h window takes).
      apiFault.on = false;
      const faultSeconds = (Date.now() - faultAt) / 1000;
      apiFault.recovering = true;
      for (const slo of API_SLOS) await waitFor(`${slo}'s resolution at the webhook`, () => pagesFor(slo, 'resolved')[0], 240_000, 500);
      apiFault.recovering = false;
      console.log(
        `query API fault: ${faultSeconds.toFixed(0)} s; answers ${JSON.stringify(Object.fromEntries(apiFault.answers))}; heavy queries over 100 ms ${apiFault.slow}, under ${apiFault.fast}`,
      );
      expect(apiFault.answers.get(503)).toBeGreaterThan(20);
      expect(apiFault.slow).toBeGreaterThan(10);

      // After: no row says burning, and the checklist's 1h error ratio (the recorded series) is the
      // raw counters' ratio over the same hour.
      const after = report().rows;
      for (const slo of API_SLOS) expect(after.find((r) => r.slo === slo)!.status, slo).not.toBe('burning');
      const errors = checklist().items.find((i) => /^Error rates/.test(i.item))!;
      const recorded = Number(/api-errors: .*measured ([\d.]+)% over 1h/.exec(errors.details.join('\n'))![1]) / 100;
      const api = 'job="prometheus",handler="/api/v1/query",env="production"';
      const raw = Number(
        (await query(`sum(increase(prometheus_http_requests_total{${api},code=~"5.."}[1h])) / sum(increase(prometheus_http_requests_total{${api}}[1h]))`))[0]
          .value[1],
      );
      console.log(`api-errors over 1h: checklist ${recorded}, raw counters ${raw}`);
      expect(Math.abs(recorded - raw)).toBeLessThan(0.005);
    },
  );

  it("pages once the batch job's last success is more than 1m old, and resolves when it pushes again", { timeout: scaled(300_000) }, async () => {
    const lastSuccess = lastPush;
    const fired = await firingSince('nightly-freshness');
    const age = (fired - lastSuccess) / 1000;
    console.log(`nightly-freshness: fired ${age.toFixed(1)} s after the last push`);
    expect(age).toBeGreaterThanOrEqual(60);
    expect(age).toBeLessThanOrEqual(75);
    const delivered = await waitFor("nightly-freshness's page at the webhook", () => pagesFor('nightly-freshness', 'firing')[0], 90_000, 200);
    console.log(`nightly-freshness: delivered ${((delivered.receivedAt - fired) / 1000).toFixed(1)} s after firing`);
    expect(delivered.receivedAt - fired).toBeLessThanOrEqual(60_000);
    expect(delivered.commonLabels).toMatchObject({
      alertname: 'SLOBatchRunMissed',
      service: 'web',
      slo: 'nightly-freshness',
      env: 'production',
      severity: 'page',
    });
    pushing = true;
    await waitFor("nightly-freshness's resolution at the webhook", () => pagesFor('nightly-freshness', 'resolved')[0], 120_000, 500);
  });

  it('every dashboard query returns data for some SLO, or is empty for a reason written above', { timeout: scaled(300_000) }, async () => {
    const dashboards = ['web/web-slos.json', 'overview/slo-overview.json'].map(
      (file) =>
        JSON.parse(readFileSync(path.join(dir, 'out/generated/grafana/dashboards', file), 'utf8')) as {
          uid: string;
          panels: DashboardPanel[];
          annotations?: { list?: Array<{ name: string; expr?: string }> };
        },
    );
    // Grafana's substitution for each SLO of the service (and the overview's filters on All).
    const choices = ['uptime', ...API_SLOS, 'nightly-freshness'].map((slo) => ({ env: 'production', slo, service: '.*', owner: '.*' }));
    const substitute = (expr: string, values: Record<string, string>) =>
      expr
        .replace(/\$__rate_interval|\$__interval|\$__range/g, '1m')
        .replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a?: string, b?: string) => values[a ?? b ?? ''] ?? whole);
    const empty: string[] = [];
    const errors: string[] = [];
    let asked = 0;
    for (const dashboard of dashboards) {
      const queries = [
        ...allPanels(dashboard).flatMap((panel) => (panel.targets ?? []).map((t) => ({ name: `${dashboard.uid}: ${panel.title}: ${t.refId}`, expr: t.expr }))),
        ...(dashboard.annotations?.list ?? []).filter((a) => a.expr).map((a) => ({ name: `${dashboard.uid}: annotation ${a.name}`, expr: a.expr! })),
      ];
      for (const { name, expr } of queries) {
        asked += 1;
        let data = false;
        for (const values of choices) {
          const response = (await (
            await fetch(`${prometheus.url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: substitute(expr, values) }) })
          ).json()) as {
            status: string;
            error?: string;
            data?: { result: unknown[] };
          };
          if (response.status !== 'success') errors.push(`${name}: ${response.error}`);
          if ((response.data?.result.length ?? 0) > 0) data = true;
        }
        if (!data) empty.push(name);
      }
    }
    expect(errors).toEqual([]);
    console.log(`dashboard queries: ${asked}, with no data for any SLO: ${empty.length}\n${empty.join('\n')}`);
    expect(asked).toBeGreaterThan(40);
    expect(empty.sort()).toEqual(Object.keys(EMPTY_FOR_A_REASON).sort());
  });

  it('resolves, delivers the resolution, and the report then agrees with the raw probes', { timeout: scaled(600_000) }, async () => {
    await waitFor("uptime's resolution at the webhook", () => pagesFor('uptime', 'resolved')[0], 420_000, 500);
    // Each page was delivered once: a later notification of the group may add a tier that joined
    // (6h/30m fires too on these young windows), never repeat the same alerts.
    for (const slo of ['uptime', ...API_SLOS]) {
      const sets = pagesFor(slo, 'firing').map((n) =>
        n.alerts
          .map((a) => `${a.labels.alertname}:${a.status}`)
          .sort()
          .join(' '),
      );
      expect(new Set(sets).size, sets.join(' | ')).toBe(sets.length);
    }
    const row = report().rows.find((r) => r.slo === 'uptime')!;
    expect(row.status).not.toBe('burning');
    const raw = Number((await query('avg_over_time(probe_success{job="web-health",env="production"}[1h])'))[0].value[1]);
    // The recorded period SLI against the raw probes. Over a history shorter than 5 minutes the
    // period sums 5m rates that each hold everything since the start, so the failures (early) weigh
    // more than the later successes: the SLI reads lower than the raw share (measured: 3.2 points
    // under, with 8 failed probes in 3 minutes). A known bias of young histories, in the pessimistic
    // direction only; it fades once the history is longer than 5 minutes.
    expect(row.sli).not.toBeNull();
    expect(row.sli!).toBeLessThanOrEqual(raw + 0.005);
    expect(raw - row.sli!).toBeLessThan(0.05);
    expect(raw).toBeLessThan(0.99); // 8 s down in three minutes: the objective is missed, and the report must say so
    expect(row.status).toBe('missed');
  });
});
