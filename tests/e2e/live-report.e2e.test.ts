/**
 * `sloforge report` and `sloforge checklist` against a real Prometheus holding three days of
 * backfilled synthetic Kimberly history (uneven traffic, a 5xx outage, slow chat responses, a
 * probe outage), with the generated recording rules backfilled over it. The report's numbers
 * are checked against values computed here, independently, from the raw synthetic data.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlocksFromOpenMetrics, openMetrics, type Series } from '../helpers/backfill.js';
import { freePort, startPrometheus, stopEverything, stopProcess, type RunningProcess } from '../helpers/servers.js';
import { PROJECT_ROOT, run, sloforge, tempDir } from '../helpers/tools.js';
import { scaled } from '../helpers/slowdown.js';
import { kimberlyOutput } from '../helpers/kimberly.js';

const MINUTES = 3 * 1440;
const minutes = Array.from({ length: MINUTES }, (_, m) => m);
const cumulative = (increments: number[]) => increments.reduce<number[]>((acc, inc, m) => [...acc, (m === 0 ? 0 : acc[m - 1]) + (m === 0 ? 0 : inc)], []);
const sum = (values: number[]) => values.slice(1).reduce((a, b) => a + b, 0);

// Uneven traffic: busy 12 hours, quiet 12 hours. A 10-minute partial 5xx outage (50%) on day two.
const requests = minutes.map((m) => (Math.floor(m / 720) % 2 === 0 ? 120 : 12));
const errors = minutes.map((m, i) => requests[i] * (m >= 2000 && m < 2010 ? 0.5 : 0.003));
// Chat: 30 answers a minute, 3% slower than 1s, and an hour with 60% slow answers.
const chat = minutes.map(() => 30);
const slowChat = minutes.map((m, i) => chat[i] * (m >= 1800 && m < 1860 ? 0.6 : 0.03));
// /health probed every minute: a 45-minute outage on day three.
const probe = minutes.map((m) => (m >= 3000 && m < 3045 ? 0 : 1));

const expected = {
  '5xx': 1 - sum(errors) / sum(requests),
  chatP95: 1 - sum(slowChat) / sum(chat),
  uptime: probe.filter((v) => v === 1).length / probe.length,
  uptimeBeforeOutage: 1,
};

function syntheticSeries(): Series[] {
  const base = { job: 'kimberly', env: 'production', instance: 'kimberly:8000' };
  const http = (code: string, inc: number[]): Series => ({
    family: 'kimberly_http_requests',
    type: 'counter',
    name: 'kimberly_http_requests_total',
    labels: { ...base, route: '/chat', method: 'POST', code },
    values: cumulative(inc),
  });
  const bucket = (le: string, inc: number[]): Series => ({
    family: 'kimberly_chat_response_duration_seconds',
    type: 'histogram',
    name: 'kimberly_chat_response_duration_seconds_bucket',
    labels: { ...base, model: 'small', le },
    values: cumulative(inc),
  });
  const fast = chat.map((c, i) => c - slowChat[i]);
  const bounds = ['0.1', '0.25', '0.5', '0.75', '1.0', '1.5', '2.0', '3.0', '5.0', '10.0', '30.0', '+Inf'];
  return [
    http(
      '200',
      requests.map((r, i) => r - errors[i]),
    ),
    http('503', errors),
    ...bounds.map((le) => bucket(le, Number(le) >= 1.5 || le === '+Inf' ? chat : Number(le) >= 0.25 ? fast : chat.map(() => 0))),
    {
      family: 'kimberly_chat_response_duration_seconds',
      type: 'histogram',
      name: 'kimberly_chat_response_duration_seconds_count',
      labels: { ...base, model: 'small' },
      values: cumulative(chat),
    },
    {
      family: 'kimberly_chat_response_duration_seconds',
      type: 'histogram',
      name: 'kimberly_chat_response_duration_seconds_sum',
      labels: { ...base, model: 'small' },
      values: cumulative(chat.map((c, i) => (c - slowChat[i]) * 0.25 + slowChat[i] * 1.5)),
    },
    {
      family: 'probe_success',
      type: 'gauge',
      name: 'probe_success',
      labels: { job: 'kimberly-health', env: 'production', instance: 'kimberly:8000' },
      values: probe,
    },
    {
      family: 'process_resident_memory_bytes',
      type: 'gauge',
      name: 'process_resident_memory_bytes',
      labels: base,
      values: minutes.map((m) => 5e8 + (m % 7) * 1e5),
    },
    { family: 'up', type: 'gauge', name: 'up', labels: base, values: minutes.map(() => 1) },
  ];
}

const RULE_FILES = ['api-errors-5xx', 'chat-latency-p95', 'uptime', 'inference-failures'].map((id) =>
  path.join(kimberlyOutput(), `alerts/kimberly/production/${id}.rules.yml`),
);

let prometheus: RunningProcess | undefined;
let dataDir: string;
let config: string;
let backfillRun: ReturnType<typeof sloforge>;
const end = Math.floor(Date.now() / 60_000) * 60 - 300;
const start = end - (MINUTES - 1) * 60;

async function report(args: string[] = []) {
  const result = sloforge(['report', '--prometheus', prometheus!.url, '--env', 'production', '--format', 'json', '--at', String(end), ...args]);
  return {
    ...result,
    json: result.stdout
      ? (JSON.parse(result.stdout) as {
          rows: Array<{ slo: string; sli: number | null; errorBudgetRemaining: number | null; status: string; objective: number }>;
        })
      : undefined,
  };
}
const row = (r: Awaited<ReturnType<typeof report>>, slo: string) => r.json!.rows.find((x) => x.slo === slo)!;

beforeAll(async () => {
  const work = tempDir('sloforge-backfill-');
  dataDir = tempDir('sloforge-prometheus-');
  mkdirSync(path.join(dataDir, 'data'));
  const om = path.join(work, 'kimberly.om');
  writeFileSync(om, openMetrics(syntheticSeries(), start));
  createBlocksFromOpenMetrics(om, path.join(dataDir, 'data'));
  config = path.join(work, 'prometheus.yml');
  writeFileSync(config, stringify({ global: { evaluation_interval: '15s' }, rule_files: RULE_FILES }));
  prometheus = await startPrometheus(config, dataDir);
  // sloforge backfill writes the recording rules' history as blocks; they go into the data dir.
  const blocks = path.join(work, 'blocks');
  const slos = RULE_FILES.flatMap((f) => ['--slo', path.basename(f, '.rules.yml')]);
  const args = ['backfill', '--prometheus', prometheus.url, '--tsdb', blocks, '--from', String(start), '--to', String(end), '--env', 'production', ...slos];
  backfillRun = sloforge(args);
  expect(backfillRun.status, backfillRun.stderr).toBe(0);
  await stopProcess(prometheus, { keepData: true });
  for (const block of readdirSync(blocks)) cpSync(path.join(blocks, block), path.join(dataDir, 'data', block), { recursive: true });
  prometheus = await startPrometheus(config, dataDir);
}, scaled(300_000));

afterAll(async () => {
  await stopProcess(prometheus);
  await stopEverything();
});

describe('sloforge report against a real Prometheus with backfilled history', () => {
  it('sloforge backfill wrote the rules in dependency order and printed the steps', () => {
    // Level 0 reads raw series (5m rates, 30m-6h windows), level 1 the 5m rates (1d, 3d, 30d), level 2 the period ratio.
    expect(backfillRun.stdout).toMatch(/^Backfilled 4 SLO instances from .* to .*: \d+ blocks in /);
    expect(backfillRun.stdout).toMatch(/level 0: \d+ recording rules/);
    expect(backfillRun.stdout).toMatch(/level 2: \d+ recording rules/);
    expect(backfillRun.stdout).toContain("Copy the blocks into Prometheus's data directory");
    mkdirSync(path.join(PROJECT_ROOT, 'test-output/history'), { recursive: true });
    writeFileSync(path.join(PROJECT_ROOT, 'test-output/history/backfill.txt'), backfillRun.stdout);
  });

  it('after sloforge backfill, the period SLIs equal the exact ratios from the raw counters, to 4 decimals', async () => {
    const r = await report();
    expect(r.json, r.stderr).toBeDefined();
    expect(row(r, 'api-errors-5xx').sli!).toBeCloseTo(expected['5xx'], 4);
    expect(row(r, 'chat-latency-p95').sli!).toBeCloseTo(expected.chatP95, 4);
    // Probes are whole samples: where promtool's rule backfill starts a new 2h block (which moves with
    // the wall clock) one 5m probe ratio more or less enters the sum, so uptime holds to 3 decimals.
    expect(row(r, 'uptime').sli!).toBeCloseTo(expected.uptime, 3);
    // The budget: 1 − (1 − SLI) / (1 − objective).
    for (const [slo, sli] of [
      ['api-errors-5xx', expected['5xx']],
      ['chat-latency-p95', expected.chatP95],
      ['uptime', expected.uptime],
    ] as const) {
      const objective = row(r, slo).objective;
      expect(row(r, slo).errorBudgetRemaining!, slo).toBeCloseTo(1 - (1 - sli) / (1 - objective), 2);
    }
  });

  it('says met, missed and no data, and exits 1 because uptime missed its objective', async () => {
    const r = await report();
    expect(row(r, 'api-errors-5xx').status).toBe('met');
    expect(row(r, 'chat-latency-p95').status).toBe('met');
    expect(row(r, 'uptime').status).toBe('missed'); // 45 min down in 3 days: 1.04% > 1%
    expect(row(r, 'inference-failures')).toMatchObject({ status: 'no data', sli: null });
    expect(r.status).toBe(1);
    const table = sloforge(['report', '--prometheus', prometheus!.url, '--env', 'production', '--at', String(end)]);
    expect(table.stdout).toMatch(/inference-failures\s+production.*no data/);
    expect(table.stdout).toMatch(/without data \(no data is not 100%/);
    // inference-failures' counter is absent from the history: the report says which selector matched nothing.
    expect(table.stdout).toContain(
      'warning: kimberly inference-failures (production): no series match kimberly_model_inferences_total{job="kimberly",env="production"}. Every selector carries the environment label env="production"',
    );
    expect(table.stdout).not.toMatch(/warning: kimberly (api-errors-5xx|uptime) /);
    writeFileSync(path.join(PROJECT_ROOT, 'tests/e2e/.last-report.txt'), table.stdout);
  });

  it('reports an earlier time with --at: before the probe outage, uptime was met', async () => {
    const before = sloforge([
      'report',
      '--prometheus',
      prometheus!.url,
      '--env',
      'production',
      '--slo',
      'uptime',
      '--format',
      'json',
      '--at',
      String(start + 2990 * 60),
    ]);
    const json = JSON.parse(before.stdout) as { rows: Array<{ sli: number; status: string }> };
    expect(json.rows[0].sli).toBeCloseTo(expected.uptimeBeforeOutage, 4);
    expect(json.rows[0].status).toBe('met');
    expect(before.status).toBe(0);
  });

  it('gives the same report after Prometheus restarts', async () => {
    const first = await report();
    await stopProcess(prometheus, { keepData: true });
    prometheus = await startPrometheus(config, dataDir);
    const second = await report();
    expect(second.json!.rows).toEqual(first.json!.rows);
  });

  it('fails clearly when Prometheus is down', async () => {
    const port = await freePort();
    const down = sloforge(['report', '--prometheus', `http://127.0.0.1:${port}`]);
    expect(down.status).toBe(2);
    expect(down.stderr).toContain(`cannot reach Prometheus at http://127.0.0.1:${port}`);
    expect(down.stdout).toBe('');
  });
});

describe('sloforge checklist against the same Prometheus', () => {
  it('evaluates the release checklist from metrics: pass, fail, cannot tell and manual', () => {
    const result = sloforge(['checklist', '--prometheus', prometheus!.url, '--env', 'production', '--window', '3d', '--at', String(end), '--format', 'json']);
    const { items } = JSON.parse(result.stdout) as { items: Array<{ item: string; status: string; measured: string; details: string[] }> };
    const byItem = (prefix: string) => items.find((i) => i.item.startsWith(prefix))!;
    expect(byItem('All latency targets').details.find((d) => d.includes('chat-latency-p95'))).toMatch(
      /^pass: chat-latency-p95: p95 < 1s, measured \d+(\.\d)?ms over 3d$/,
    );
    expect(byItem('All latency targets').status).toBe('cannot tell'); // other operations have no data
    // Sub-second targets print in milliseconds, never rounded to whole seconds.
    expect(byItem('All latency targets').details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pass: chat-latency-p50: p50 < 500ms, measured \d+(\.\d)?ms over 3d$/),
        'cannot tell: memory-retrieval-p50: p50 < 200ms, no data over 3d',
        'cannot tell: auth-latency-p95: p95 < 200ms, no data over 3d',
      ]),
    );
    expect(byItem('No memory leaks')).toMatchObject({ status: 'pass' });
    expect(byItem('Error rates').details).toEqual(expect.arrayContaining([expect.stringMatching(/^pass: api-errors-5xx: < 1%, measured 0\.\d+% over 3d$/)]));
    expect(byItem('Availability within budget')).toMatchObject({ status: 'fail' });
    expect(byItem('Profiling completed')).toMatchObject({ status: 'manual' });
    expect(byItem('Staging environment tested')).toMatchObject({ status: 'cannot tell' });
    expect(result.status).toBe(1); // availability failed
  });
});

describe('sloforge gate against the same Prometheus', () => {
  const gate = (args: string[]) => sloforge(['gate', '--prometheus', prometheus!.url, '--service', 'kimberly', '--at', String(end), ...args]);

  it('says no go for production, where uptime missed its objective, and why (exit 1)', () => {
    const result = gate(['--env', 'production']);
    if (process.env.SLOFORGE_DEBUG) process.stderr.write(result.stdout);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Release gate for kimberly in production: NO-GO');
    expect(result.stdout).toMatch(/uptime: objective missed \(SLI 9\d\.\d+%, -\d+\.\d% of the budget left\)/);
  });

  it('says go for an SLO with budget to spare (exit 0), and cannot tell without data (exit 2)', () => {
    const go = gate(['--env', 'production', '--slo', 'api-errors-5xx']);
    expect(go.status, go.stdout).toBe(0);
    expect(go.stdout).toContain('Release gate for kimberly in production: GO');
    const unknown = gate(['--env', 'staging']);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toContain('CANNOT TELL');
    expect(unknown.stdout).toContain('uptime: no data, so the budget left is unknown');
  });

  it("covers the success criteria's release checklist: a failed item is a no go, unknown ones are warnings", () => {
    // By default the checklist runs in staging (no data there): warnings, and the budget decides.
    const go = gate(['--env', 'production', '--slo', 'api-errors-5xx', '--format', 'json']);
    const goJson = JSON.parse(go.stdout) as { decision: string; warnings: string[]; checklist: { env: string; items: Array<{ status: string }> } };
    expect(goJson.decision).toBe('go');
    expect(goJson.checklist.env).toBe('staging');
    expect(goJson.checklist.items.length).toBeGreaterThanOrEqual(6);
    expect(goJson.warnings.some((w) => w.startsWith('checklist (staging): '))).toBe(true);
    // In production, the last day holds the 45-minute probe outage: the availability item fails.
    const noGo = gate(['--env', 'production', '--slo', 'api-errors-5xx', '--checklist-env', 'production']);
    if (process.env.SLOFORGE_DEBUG) process.stderr.write(noGo.stdout);
    expect(noGo.status, noGo.stdout).toBe(1);
    expect(noGo.stdout).toContain('checklist (production): Availability within budget: 0 of 1 met, 1 not');
    expect(noGo.stdout).toMatch(/release checklist \(production\): \d+ pass, [1-9]\d* fail/);
    expect(gate(['--env', 'production', '--slo', 'api-errors-5xx', '--checklist-env', 'production', '--no-checklist']).status).toBe(0);
  });

  it('records an audited override: go, with the reason and who gave it', () => {
    const result = sloforge(
      [
        'gate',
        '--prometheus',
        prometheus!.url,
        '--service',
        'kimberly',
        '--env',
        'production',
        '--at',
        String(end),
        '--override',
        'hotfix for the outage',
        '--format',
        'json',
      ],
      PROJECT_ROOT,
    );
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as { evaluated: string; decision: string; override: { reason: string; by: string } };
    expect(json).toMatchObject({ evaluated: 'no-go', decision: 'go', override: { reason: 'hotfix for the outage' } });
    expect(json.override.by.length).toBeGreaterThan(0);
  });
});

describe('sloforge report --format html', () => {
  it('renders in headless Chromium, with a burn-down and a burn-rate chart per SLO, and fetches nothing', () => {
    const result = sloforge(['report', '--prometheus', prometheus!.url, '--env', 'production', '--at', String(end), '--format', 'html']);
    const html = result.stdout;
    expect(html.startsWith('<!doctype html>'), result.stderr).toBe(true);
    // Self-contained: nothing is loaded to view it (links to runbooks and dashboards are only followed when clicked).
    expect(html).not.toMatch(/\ssrc=|<link\b|<script\b|url\(/);
    expect(html).toContain('<a href="https://runbooks.example.com/kimberly/uptime" rel="noopener noreferrer">runbook</a>');
    const dir = tempDir('sloforge-html-');
    const page = path.join(dir, 'report.html');
    writeFileSync(page, html);
    const chromium = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars'];
    const dom = run('chromium', [...chromium, '--dump-dom', `file://${page}`]);
    expect(dom.status, dom.stderr).toBe(0);
    // The DOM Chromium built: two charts for every SLO of production, lines drawn for the ones with history.
    const rows = (html.match(/<section class="slo">/g) ?? []).length;
    expect(rows).toBeGreaterThan(20);
    expect((dom.stdout.match(/<svg class="chart"/g) ?? []).length).toBe(2 * rows);
    expect((dom.stdout.match(/<polyline /g) ?? []).length).toBeGreaterThanOrEqual(6); // uptime, 5xx, chat p95, inference: budget and burn
    expect(dom.stdout).toContain('kimberly uptime (production): <span class="missed">MISSED</span>');
    expect(dom.stdout).toContain('Release checklist (production)');
    const shot = path.join(dir, 'report.png');
    const screenshot = run('chromium', [...chromium, '--window-size=1200,2400', `--screenshot=${shot}`, `file://${page}`]);
    expect(screenshot.status, screenshot.stderr).toBe(0);
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 2400]);
  });
});
