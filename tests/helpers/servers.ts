/**
 * Real Prometheus and Alertmanager servers (Debian's packages) for end-to-end tests: free
 * loopback ports, temp dirs, and a teardown that leaves no process behind, even on failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { openSync, rmSync } from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { tempDir } from './tools.js';

const children = new Set<ChildProcess>();
const servers = new Set<Server>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

export { freePort } from '../../src/history/replay-engine.js';
import { freePort } from '../../src/history/replay-engine.js';
import { scaled } from './slowdown.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + scaled(timeoutMs);
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${scaled(timeoutMs)} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface RunningProcess {
  process: ChildProcess;
  url: string;
  logFile: string;
  dataDir: string;
}

async function startServer(
  command: string,
  args: (port: number, dataDir: string) => string[],
  name: string,
  existingDataDir?: string,
  readyPath = '/-/ready',
  chosenPort?: number,
): Promise<RunningProcess> {
  const port = chosenPort ?? (await freePort());
  const dataDir = existingDataDir ?? tempDir(`sloforge-${name}-`);
  const logFile = path.join(dataDir, `${name}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(command, args(port, dataDir), { stdio: ['ignore', log, log], detached: false });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    `${name} on ${url}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}; see ${logFile}`);
      return (await fetch(`${url}${readyPath}`)).ok || undefined;
    },
    30_000,
  );
  return { process: child, url, logFile, dataDir };
}

/** Prometheus on a free port (or `port`, e.g. to scrape itself); `dataDir` reuses a TSDB (e.g. backfilled, or across a restart). */
export function startPrometheus(configFile: string, dataDir?: string, port?: number): Promise<RunningProcess> {
  return startServer(
    'prometheus',
    (port, dataDir) => [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dataDir, 'data')}`,
      '--storage.tsdb.retention.time=30d',
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      '--log.level=warn',
    ],
    'prometheus',
    dataDir,
    undefined,
    port,
  );
}

/** VictoriaMetrics single-node (Debian's victoria-metrics): imported samples are queryable at once. */
export function startVictoriaMetrics(): Promise<RunningProcess> {
  return startServer(
    'victoria-metrics',
    (port, dataDir) => [
      `-storageDataPath=${path.join(dataDir, 'data')}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-retentionPeriod=100y',
      '-search.latencyOffset=0s',
      '-search.disableCache',
      '-loggerLevel=ERROR',
    ],
    'victoria-metrics',
    undefined,
    '/health',
  );
}

/** vmalert evaluating `ruleFiles` against VictoriaMetrics, writing recorded series back to it. */
export function startVmalert(ruleFiles: string[], victoriaMetricsUrl: string, alertmanagerUrl: string): Promise<RunningProcess> {
  return startServer(
    'vmalert',
    (port) => [
      ...ruleFiles.map((f) => `-rule=${f}`),
      `-datasource.url=${victoriaMetricsUrl}`,
      `-notifier.url=${alertmanagerUrl}`,
      `-remoteWrite.url=${victoriaMetricsUrl}`,
      '-remoteWrite.flushInterval=1s',
      '-evaluationInterval=2s',
      `-httpListenAddr=127.0.0.1:${port}`,
      '-loggerLevel=ERROR',
    ],
    'vmalert',
    undefined,
    '/health',
  );
}

/** Debian's Pushgateway on a free port (what batch jobs push their last success to). */
export function startPushgateway(): Promise<RunningProcess> {
  return startServer('prometheus-pushgateway', (port) => [`--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], 'pushgateway');
}

/** Debian's blackbox_exporter on a free port, with Debian's module file (http_2xx among them). */
export function startBlackboxExporter(): Promise<RunningProcess> {
  return startServer(
    'prometheus-blackbox-exporter',
    (port) => ['--config.file=/etc/prometheus/blackbox.yml', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    'blackbox',
    undefined,
    '/metrics',
  );
}

/** Debian's Alertmanager on a free port with `clusterArgs` (its gossip flags). */
function startAlertmanagerWith(configFile: string, clusterArgs: string[]): Promise<RunningProcess> {
  return startServer(
    'prometheus-alertmanager',
    (port, dataDir) => [
      `--config.file=${configFile}`,
      `--storage.path=${path.join(dataDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...clusterArgs,
      '--log.level=warn',
    ],
    'alertmanager',
  );
}

/** A single, local Alertmanager: no gossip. */
export function startAlertmanager(configFile: string): Promise<RunningProcess> {
  return startAlertmanagerWith(configFile, ['--cluster.listen-address=']);
}

/**
 * One Alertmanager of a gossip cluster on loopback: `clusterPort` its own, `peers` the others'. The
 * timers are shortened so a test sees the cluster settle in seconds: a peer waits `peerTimeout`
 * per position before it sends what the first has not.
 */
export function startClusteredAlertmanager(configFile: string, clusterPort: number, peers: number[], peerTimeout = '5s'): Promise<RunningProcess> {
  return startAlertmanagerWith(configFile, [
    `--cluster.listen-address=127.0.0.1:${clusterPort}`,
    ...peers.map((p) => `--cluster.peer=127.0.0.1:${p}`),
    `--cluster.peer-timeout=${peerTimeout}`,
    '--cluster.gossip-interval=100ms',
    '--cluster.pushpull-interval=1s',
    '--cluster.settle-timeout=2s',
  ]);
}

export async function stopProcess(running: RunningProcess | undefined, options: { keepData?: boolean } = {}): Promise<void> {
  if (!running) return;
  const child = running.process;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const exited = await Promise.race([new Promise((r) => child.once('exit', () => r(true))), sleep(5000).then(() => false)]);
    if (!exited) child.kill('SIGKILL');
  }
  if (!options.keepData) rmSync(running.dataDir, { recursive: true, force: true });
}

export async function stopEverything(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all([...servers].map((s) => new Promise((r) => s.close(() => r(undefined)))));
  servers.clear();
}

function listenHttp(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => handler(req, res, body));
    });
    servers.add(server);
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}` }));
  });
}

/** A fake Kimberly exporter: kimberly_http_requests_total with a request rate and an error ratio the test controls. */
export class FakeKimberly {
  requestsPerSecond = 10;
  errorRatio = 0;
  private ok = 0;
  private errors = 0;
  private last = Date.now();

  private advance(): void {
    const now = Date.now();
    const requests = (this.requestsPerSecond * (now - this.last)) / 1000;
    this.last = now;
    this.errors += requests * this.errorRatio;
    this.ok += requests * (1 - this.errorRatio);
  }

  set(requestsPerSecond: number, errorRatio: number): void {
    this.advance();
    this.requestsPerSecond = requestsPerSecond;
    this.errorRatio = errorRatio;
  }

  metrics(): string {
    this.advance();
    return [
      '# HELP kimberly_http_requests_total Every API request.',
      '# TYPE kimberly_http_requests_total counter',
      `kimberly_http_requests_total{route="/chat",method="POST",code="200"} ${this.ok}`,
      `kimberly_http_requests_total{route="/chat",method="POST",code="503"} ${this.errors}`,
      '',
    ].join('\n');
  }

  async listen(): Promise<string> {
    const { url } = await listenHttp((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(this.metrics());
    });
    return url;
  }
}

export interface Notification {
  receivedAt: number;
  path: string;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }>;
}

/** A webhook receiver recording every Alertmanager notification. */
export async function webhookReceiver(): Promise<{ url: string; notifications: Notification[] }> {
  const notifications: Notification[] = [];
  const { url } = await listenHttp((req, res, body) => {
    try {
      notifications.push({ receivedAt: Date.now(), path: req.url ?? '/', ...(JSON.parse(body) as Omit<Notification, 'receivedAt' | 'path'>) });
    } catch {
      // ignore malformed posts
    }
    res.writeHead(200);
    res.end();
  });
  return { url, notifications };
}
