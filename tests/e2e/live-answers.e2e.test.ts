/**
 * Live answers that refuse to be confident about data they did not understand (issue "Nothing
 * sloforge writes can run code", defects 5-7):
 * - a real Prometheus holding one SLO's recorded series twice, from two replicas of an HA pair
 *   (a `replica` label), one burning the budget: `gate` does not say GO, exits 2 and names the label;
 *   replicas that agree are judged, with a warning; a negative burn rate is bad data, not "−5×";
 * - hostile or broken HTTP answers, as a server can send them: a redirect to another origin, an
 *   HTML page, truncated JSON, a slow drip, ANSI escapes in an error, a result of the wrong shape,
 *   a non-numeric timestamp, an answer past the byte limit: each exit 2 with what was wrong;
 * - `backtest` whose source fails every remote read (HTTP 500, or a body that is not protobuf):
 *   exit 2 naming the URL and status, never "0 pages".
 */
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlocksFromOpenMetrics } from '../helpers/backfill.js';
import { startPrometheus, stopEverything, type RunningProcess } from '../helpers/servers.js';
import { PROJECT_ROOT, sloforge, tempDir } from '../helpers/tools.js';
import { scaled } from '../helpers/slowdown.js';

const CATALOG = `import { catalog, counter, environment, errorRate, service } from 'sloforge';
export default catalog(
  service({
    name: 'web',
    owner: 'web-sre',
    runbookBaseUrl: 'https://runbooks.example.com/web',
    dashboardBaseUrl: 'https://grafana.example.com',
    environments: [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
    slos: [
      errorRate({ id: 'availability', title: 'Availability', events: counter('web_requests_total'), bad: { code: /5../ }, below: '1%' }),
      errorRate({ id: 'checkout', title: 'Checkout', events: counter('web_checkout_total'), bad: { code: /5../ }, below: '1%' }),
    ],
  }),
  service({
    name: 'shop',
    owner: 'shop-sre',
    runbookBaseUrl: 'https://runbooks.example.com/shop',
    dashboardBaseUrl: 'https://grafana.example.com',
    environments: [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
    slos: [errorRate({ id: 'orders', title: 'Orders', events: counter('shop_orders_total'), bad: { code: /5../ }, below: '1%' })],
  }),
);
`;

/** The time of the recorded samples; every query asks at it (--at). */
const AT = 1_790_000_000;

interface Recorded {
  service?: string;
  slo: string;
  replica?: string;
  sli: number;
  remaining: number;
  burn: number;
  /** The error ratio over 1d (the release checklist's window), when recorded. */
  ratio1d?: number;
  /** The error ratio over 1h (the current burn window, evaluated with the alerts), when recorded. */
  ratio1h?: number;
  /** How long before AT the reporting group last ran (the period SLI, budget and recorded burn rate). */
  reportingLagSeconds?: number;
  /** A page of this SLO fires (Prometheus' ALERTS series). */
  pageFiring?: boolean;
}

/** Recorded series as a ruler (or two) wrote them, 10 minutes of one sample a minute up to AT. */
function openMetrics(rows: Recorded[]): string {
  const lines: string[] = [];
  for (const [family, field] of [
    ['slo:sli:ratio_period', 'sli'],
    ['slo:error_budget_remaining:ratio', 'remaining'],
    ['slo:current_burn_rate:ratio', 'burn'],
    ['slo:sli_error:ratio_rate1d', 'ratio1d'],
    ['slo:sli_error:ratio_rate1h', 'ratio1h'],
  ] as const) {
    lines.push(`# TYPE ${family.replace(/:/g, '_')} gauge`);
    const reporting = ['sli', 'remaining', 'burn'].includes(field);
    for (const r of rows) {
      if (r[field] === undefined) continue;
      const labels = `service="${r.service ?? 'web'}",slo="${r.slo}",env="production"${r.replica ? `,replica="${r.replica}"` : ''}`;
      const last = AT - (reporting ? (r.reportingLagSeconds ?? 0) : 0);
      for (let m = 10; m >= 0; m--) lines.push(`${family}{${labels}} ${r[field]} ${last - m * 60}`);
    }
  }
  lines.push('# TYPE ALERTS gauge');
  for (const r of rows.filter((row) => row.pageFiring)) {
    const labels = `alertname="SLOBurnRate1h5m",alertstate="firing",severity="page",service="${r.service ?? 'web'}",slo="${r.slo}",env="production"`;
    for (let m = 10; m >= 0; m--) lines.push(`ALERTS{${labels}} 1 ${AT - m * 60}`);
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

let dir: string;
const prometheus = new Map<string, RunningProcess>();

async function prometheusHolding(name: string, rows: Recorded[]): Promise<string> {
  const data = tempDir(`sloforge-${name}-`);
  const file = path.join(data, 'series.om');
  writeFileSync(file, openMetrics(rows));
  createBlocksFromOpenMetrics(file, path.join(data, 'data'));
  const config = path.join(data, 'prometheus.yml');
  writeFileSync(config, stringify({ global: { scrape_interval: '1m' } }));
  const running = await startPrometheus(config, data);
  prometheus.set(name, running);
  return running.url;
}

beforeAll(async () => {
  dir = tempDir();
  writeFileSync(path.join(dir, 'catalog.ts'), CATALOG);
  await Promise.all([
    // One replica burns the budget (SLI 50%, −4900% left), the other is healthy.
    prometheusHolding('split', [
      { slo: 'availability', replica: 'a', sli: 0.9995, remaining: 0.95, burn: 0.5 },
      { slo: 'availability', replica: 'b', sli: 0.5, remaining: -49, burn: 50 },
      { slo: 'checkout', sli: 0.9995, remaining: 0.95, burn: 0.5 },
    ]),
    // Both replicas healthy, with slightly different numbers.
    prometheusHolding('agree', [
      { slo: 'availability', replica: 'a', sli: 0.9995, remaining: 0.95, burn: 0.5 },
      { slo: 'availability', replica: 'b', sli: 0.9993, remaining: 0.93, burn: 0.7 },
      { slo: 'checkout', sli: 0.9995, remaining: 0.95, burn: 0.5 },
    ]),
    // web is healthy; shop, another service, misses its objective and fails the checklist's error rate.
    prometheusHolding('scoped', [
      { slo: 'availability', sli: 0.9995, remaining: 0.95, burn: 0.5, ratio1d: 0.0005 },
      { slo: 'checkout', sli: 0.9995, remaining: 0.95, burn: 0.5, ratio1d: 0.0005 },
      { service: 'shop', slo: 'orders', sli: 0.9, remaining: -9, burn: 20, ratio1d: 0.1 },
    ]),
    // An outage began minutes ago: a page fires, the 1h error ratio is 50%, but the reporting group
    // last ran 200 s before AT, when the period SLI was still 99.99% and the recorded burn rate 0.
    prometheusHolding('burning', [
      { slo: 'availability', sli: 0.9999, remaining: 0.99, burn: 0, ratio1h: 0.5, reportingLagSeconds: 200, pageFiring: true },
      { slo: 'checkout', sli: 0.9995, remaining: 0.95, burn: 0.5, ratio1h: 0.005 },
    ]),
    // A counter went backwards: the burn rate is negative.
    prometheusHolding('backwards', [
      { slo: 'availability', sli: 0.9995, remaining: 0.95, burn: -5 },
      { slo: 'checkout', sli: 0.9995, remaining: 0.95, burn: 0.5 },
    ]),
  ]);
}, scaled(120_000));

afterAll(async () => {
  await stopEverything();
});

const gate = (url: string, ...extra: string[]) =>
  sloforge(
    ['gate', '--catalog', 'catalog.ts', '--prometheus', url, '--service', 'web', '--env', 'production', '--no-checklist', '--at', String(AT), ...extra],
    dir,
  );

describe('duplicate series for one SLO (defect 5)', () => {
  it('one of two replicas burns the budget: gate says cannot tell (exit 2), names the label and the worst', () => {
    const result = gate(prometheus.get('split')!.url);
    expect(result.stdout).not.toMatch(/: GO$/m);
    expect(result.status, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toContain('CANNOT TELL');
    expect(result.stdout).toMatch(/availability: 2 series differing in replica .*the worst says no go \(-4900\.0% of the budget left\)/);
  });

  it('the report shows the worst of the two series and says so', () => {
    const report = sloforge(['report', '--catalog', 'catalog.ts', '--prometheus', prometheus.get('split')!.url, '--at', String(AT), '--format', 'json'], dir);
    const rows = (JSON.parse(report.stdout) as { rows: Array<{ slo: string; sli: number; status: string; duplicates: { differingLabels: string[] } | null }> })
      .rows;
    const availability = rows.find((r) => r.slo === 'availability')!;
    expect(availability.sli).toBe(0.5);
    expect(availability.status).toBe('missed');
    expect(availability.duplicates?.differingLabels).toEqual(['replica']);
    expect(report.status).toBe(1);
  });

  it('two replicas that agree are judged by the worst, with a warning', () => {
    const result = gate(prometheus.get('agree')!.url);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/availability: 2 series differing in replica .*all of them agree/);
  });
});

describe('scoped to what was asked (issue "A team adopts sloforge", defect 3)', () => {
  it("gate --service web is decided by web's SLOs and checklist items alone, not by shop's", () => {
    const url = prometheus.get('scoped')!.url;
    const web = sloforge(
      ['gate', '--catalog', 'catalog.ts', '--prometheus', url, '--service', 'web', '--env', 'production', '--checklist-env', 'production', '--at', String(AT)],
      dir,
    );
    expect(web.stdout).toContain('Release gate for web in production: GO');
    expect(web.stdout).not.toContain('orders');
    expect(web.status, web.stdout).toBe(0);
    const shop = sloforge(
      ['gate', '--catalog', 'catalog.ts', '--prometheus', url, '--service', 'shop', '--env', 'production', '--checklist-env', 'production', '--at', String(AT)],
      dir,
    );
    expect(shop.status, shop.stdout).toBe(1);
    expect(shop.stdout).toMatch(/orders: objective missed/);
    expect(shop.stdout).toMatch(/checklist \(production\): Error rates within acceptable thresholds/);
  });

  it('checklist --service and report --service show that service alone', () => {
    const url = prometheus.get('scoped')!.url;
    const checklist = sloforge(
      ['checklist', '--catalog', 'catalog.ts', '--prometheus', url, '--env', 'production', '--service', 'web', '--at', String(AT)],
      dir,
    );
    expect(checklist.stdout).toMatch(/PASS\s+Error rates within acceptable thresholds/);
    expect(checklist.stdout).not.toContain('orders');
    const report = sloforge(['report', '--catalog', 'catalog.ts', '--prometheus', url, '--service', 'web', '--at', String(AT), '--format', 'json'], dir);
    expect((JSON.parse(report.stdout) as { rows: Array<{ service: string }> }).rows.map((r) => r.service)).toEqual(['web', 'web']);
  });

  it('gate --service with a service the catalog lacks is exit 2, naming it', () => {
    const result = gate(prometheus.get('scoped')!.url).status;
    expect(result).toBe(0);
    const missing = sloforge(
      ['gate', '--catalog', 'catalog.ts', '--prometheus', prometheus.get('scoped')!.url, '--service', 'webb', '--env', 'production', '--at', String(AT)],
      dir,
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--service "webb": no such service in the catalog');
  });
});

describe('answers that match the moment (issue "A team adopts sloforge", defect 2)', () => {
  it('never says met or 0× while a page of the SLO fires, and states how old the period SLI is', () => {
    const report = sloforge(['report', '--catalog', 'catalog.ts', '--prometheus', prometheus.get('burning')!.url, '--service', 'web', '--at', String(AT)], dir);
    const row = report.stdout.split('\n').find((line) => line.includes('availability'))!;
    expect(row).toContain('BURNING (met so far, alert firing)');
    expect(row).toContain('50.00× (1h)');
    expect(row).not.toMatch(/\s0\.00×/);
    expect(report.stdout).toContain('SLI and budget left as recorded up to 3m20s before');
    const json = JSON.parse(
      sloforge(
        ['report', '--catalog', 'catalog.ts', '--prometheus', prometheus.get('burning')!.url, '--service', 'web', '--at', String(AT), '--format', 'json'],
        dir,
      ).stdout,
    ) as {
      rows: Array<{ slo: string; status: string; burnRate: number; sliEvaluatedAt: string }>;
    };
    const availability = json.rows.find((r) => r.slo === 'availability')!;
    expect(availability).toMatchObject({ status: 'burning', sliEvaluatedAt: new Date((AT - 200) * 1000).toISOString() });
    expect(availability.burnRate).toBeCloseTo(50, 9);
  });

  it('gate says no go while a page fires', () => {
    const result = gate(prometheus.get('burning')!.url);
    expect(result.status, result.stdout).toBe(1);
    expect(result.stdout).toMatch(/availability: a page fires now \(SLOBurnRate1h5m\(page\)\); the budget is burning at 50\.00×/);
  });
});

describe('bad data (defect 7, last case)', () => {
  it('a negative burn rate is reported as bad data, and the gate cannot tell', () => {
    const report = sloforge(['report', '--catalog', 'catalog.ts', '--prometheus', prometheus.get('backwards')!.url, '--at', String(AT)], dir);
    expect(report.stdout).toContain('BAD DATA');
    expect(report.stdout).toMatch(/bad data: a negative burn rate/);
    const result = gate(prometheus.get('backwards')!.url);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('availability: bad data');
  });
});

/** An HTTP server that answers every request with `answer`. */
async function hostileServer(
  answer: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; close: () => void; hits: () => number }> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits += 1;
    answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
    hits: () => hits,
  };
}

describe('hostile or broken Prometheus answers: exit 2 and what was wrong (defect 7)', () => {
  const vector = (value: unknown) =>
    JSON.stringify({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: { service: 'web', slo: 'availability', env: 'production' }, value }] },
    });
  const cases: Array<[string, (req: IncomingMessage, res: ServerResponse) => void, RegExp, string[]?]> = [
    [
      'a truncated JSON body',
      (_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":{"resultT'),
      /HTTP 200, application\/json: the body is not JSON \(.*truncated\?\); the body begins: "\{\\"status/,
    ],
    [
      'an HTML page',
      (_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Login</body></html>'),
      /HTTP 200, text\/html: the body is an HTML page, not JSON/,
    ],
    [
      'ANSI escapes in an error',
      (_, res) =>
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'error', error: 'bad \u001b[31mred\u001b[0m \u001b]0;title\u0007query' })),
      /HTTP 400: bad red query/,
    ],
    [
      'a result of the wrong shape',
      (_, res) => res.writeHead(200).end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: 'x' }] } })),
      /the vector result has the wrong shape at 0\.value/,
    ],
    [
      'a non-numeric timestamp',
      (_, res) => res.writeHead(200).end(vector(['yesterday', '0.99'])),
      /the vector result has the wrong shape at 0\.value\.0: a timestamp must be a number/,
    ],
    ['a non-numeric value', (_, res) => res.writeHead(200).end(vector([AT, 'lots'])), /wrong shape at 0\.value\.1: "lots" is not a number/],
    [
      'an answer past the byte limit',
      (_, res) =>
        res
          .writeHead(200)
          .end(`{"status":"success","data":{"resultType":"vector","result":[${'{"metric":{},"value":[1,"1"]},'.repeat(2000)}{"metric":{},"value":[1,"1"]}]}}`),
      /the answer passed the limit of 4096 bytes \(SLOFORGE_MAX_RESPONSE_BYTES\)|the answer is \d+ bytes, over the limit of 4096/,
      ['SLOFORGE_MAX_RESPONSE_BYTES=4096'],
    ],
  ];
  it.each(cases)('%s', async (_, answer, message, env = []) => {
    const server = await hostileServer(answer);
    try {
      const result = await runWithEnv(['report', '--catalog', 'catalog.ts', '--prometheus', server.url, '--at', String(AT)], env);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.stderr).not.toContain('\u001b');
      expect(result.stderr).toContain(`Prometheus at ${server.url}`);
    } finally {
      server.close();
    }
  });

  it('a redirect to another origin is not followed, and the other origin gets no query', async () => {
    const elsewhere = await hostileServer((_, res) => res.writeHead(200).end(vector([AT, '1'])));
    const redirecting = await hostileServer((_, res) => res.writeHead(307, { location: `${elsewhere.url}/api/v1/query` }).end());
    try {
      const result = await runWithEnv(['report', '--catalog', 'catalog.ts', '--prometheus', redirecting.url, '--at', String(AT)], []);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`HTTP 307, a redirect to ${elsewhere.url}/api/v1/query; sloforge follows no redirect`);
      expect(elsewhere.hits()).toBe(0);
    } finally {
      elsewhere.close();
      redirecting.close();
    }
  });

  it('a slow drip ends at the time limit with a clear error', async () => {
    const drip = await hostileServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
      // Never finished: one byte every second.
      const timer = setInterval(() => res.write(' '), 1000);
      res.on('close', () => clearInterval(timer));
    });
    try {
      const result = await runWithEnv(['report', '--catalog', 'catalog.ts', '--prometheus', drip.url, '--at', String(AT)], ['SLOFORGE_HTTP_TIMEOUT_SECONDS=2']);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/no complete answer within 2 s/);
    } finally {
      drip.close();
    }
  });
});

describe('backtest over a broken source (defect 6)', () => {
  it.each([
    [
      'every read answers HTTP 500',
      (_: IncomingMessage, res: ServerResponse) => res.writeHead(500, { 'content-type': 'text/plain' }).end('storage is down'),
      /remote read at http:\/\/127\.0\.0\.1:\d+\/api\/v1\/read: HTTP 500, an error; the body begins: "storage is down"/,
    ],
    [
      'remote read answers something that is not protobuf',
      (_: IncomingMessage, res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy login</html>'),
      /remote read at http:\/\/127\.0\.0\.1:\d+\/api\/v1\/read: HTTP 200, text\/html, not a protobuf remote read answer; the body begins: "<html>proxy login<\/html>"/,
    ],
  ])(
    '%s: exit 2 with the URL and the status, never "0 pages"',
    async (_, answer, message) => {
      const source = await hostileServer(answer);
      try {
        const result = await runWithEnv(
          ['backtest', '--catalog', 'catalog.ts', '--prometheus', source.url, '--from', String(AT - 3600), '--to', String(AT), '--slo', 'availability'],
          [],
        );
        expect(result.status, result.stdout + result.stderr).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).toContain(source.url);
        expect(result.stdout).not.toMatch(/0 pages/);
      } finally {
        source.close();
      }
    },
    180_000,
  );
});

describe('backtest over a window without data (defect 6)', () => {
  it(
    'says "no data" for an SLO whose raw series hold no sample, rather than "no alerts"',
    async () => {
      // This Prometheus holds recorded series only: web_requests_total has no sample at all.
      const result = await runWithEnv(
        [
          'backtest',
          '--catalog',
          'catalog.ts',
          '--prometheus',
          prometheus.get('split')!.url,
          '--from',
          String(AT - 3600),
          '--to',
          String(AT),
          '--slo',
          'availability',
        ],
        [],
      );
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('No data in this window for web/availability/production');
    },
    scaled(180_000),
  );
});

/** The CLI with extra environment variables, asynchronously: the servers above answer from this process. */
async function runWithEnv(args: string[], env: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/sloforge.mjs'), ...args], {
    cwd: dir,
    env: { ...process.env, ...Object.fromEntries(env.map((e) => e.split('=') as [string, string])) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, stdout, stderr };
}
