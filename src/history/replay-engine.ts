/**
 * A scratch Prometheus (the local `prometheus` binary) that reads the user's Prometheus through
 * remote read and holds recorded history in its own TSDB. Recording rules are evaluated over the
 * past with range queries against it, one dependency level at a time, and their results loaded as
 * blocks (promtool), restarting it in between so that the next level reads what was just recorded.
 * (promtool's own rule backfill shifts each file's evaluations by a hash of the group's name, so
 * levels written from different files would read each other one step late.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { stringify } from 'yaml';
import { UserError } from '../core/errors.js';
import type { RecordingRule } from '../emitters/prometheus/rule-types.js';
import type { PrometheusClient } from '../prometheus-api/client.js';
import { checkRemoteRead } from '../prometheus-api/remote-read.js';

const PROMETHEUS = process.env.SLOFORGE_PROMETHEUS_BIN ?? 'prometheus';
const PROMTOOL = process.env.SLOFORGE_PROMTOOL_BIN ?? 'promtool';

export interface ReplayEngine {
  url: string;
  /** The scratch TSDB. */
  tsdb: string;
  /** Adds blocks to the TSDB and restarts so that queries read them. */
  addBlocks(blockDirs: string[]): Promise<void>;
  stop(): Promise<void>;
}

function requireTool(tool: string): void {
  const probe = spawnSync(tool, ['--version'], { stdio: 'ignore' });
  if (probe.error) throw new UserError(`${tool} not found: replaying rules needs Prometheus's ${tool} on PATH (Debian: apt-get install prometheus)`);
}

/** A free loopback TCP port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startProcess(config: string, tsdb: string, logFile: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${tsdb}`,
      // Backfilled blocks are old: a shorter retention would delete them at once.
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', log, log] },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new UserError(`the scratch Prometheus exited with ${child.exitCode}: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { child, url };
    if (Date.now() > deadline) throw new UserError(`the scratch Prometheus did not become ready in 60 s; see ${logFile}`);
    await sleep(200);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Starts the scratch Prometheus in `workDir`, reading raw series from `sourceUrl` (remote read). */
export async function startReplayEngine(sourceUrl: string, workDir: string): Promise<ReplayEngine> {
  requireTool(PROMETHEUS);
  requireTool(PROMTOOL);
  // A failed remote read is only a warning to the scratch Prometheus: the source is checked first.
  await checkRemoteRead(sourceUrl);
  const config = path.join(workDir, 'prometheus.yml');
  const tsdb = path.join(workDir, 'tsdb');
  const logFile = path.join(workDir, 'prometheus.log');
  mkdirSync(tsdb, { recursive: true });
  // read_recent: the scratch TSDB holds recorded series only, so every query also reads the source.
  writeFileSync(
    config,
    stringify({ global: { evaluation_interval: '1m' }, remote_read: [{ url: `${sourceUrl.replace(/\/+$/, '')}/api/v1/read`, read_recent: true }] }),
  );
  let running = await startProcess(config, tsdb, logFile);
  // A stopped process must not outlive the command, even on an error.
  const onExit = () => running.child.kill('SIGKILL');
  process.once('exit', onExit);
  return {
    get url() {
      return running.url;
    },
    tsdb,
    async addBlocks(blockDirs: string[]) {
      await stopChild(running.child);
      for (const block of blockDirs) cpSync(block, path.join(tsdb, path.basename(block)), { recursive: true });
      running = await startProcess(config, tsdb, logFile);
    },
    async stop() {
      await stopChild(running.child);
      process.removeListener('exit', onExit);
    },
  };
}

const openMetricsNumber = (v: number) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v));

/** Prometheus refuses range queries of more than 11,000 points. */
export const MAX_POINTS = 10_000;

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');

/** promtool's OpenMetrics import reads its whole input once per 2h block: the input goes in day-sized files. */
const IMPORT_CHUNK_SECONDS = 86_400;

/**
 * Evaluates one level of recording rules at every step of [start, end] (range queries: the same
 * evaluation as a rule group's at each of those instants), writes the results as OpenMetrics and
 * turns them into TSDB blocks with promtool. Returns the new block dirs.
 */
export async function recordLevel(
  rules: RecordingRule[],
  level: number,
  client: PrometheusClient,
  workDir: string,
  start: number,
  end: number,
  stepSeconds: number,
  /** Longer blocks than promtool's 2h (the benchmark's stand-in for a compacted TSDB). */
  maxBlockDuration?: string,
): Promise<string[]> {
  const blocks = path.join(workDir, `blocks-level-${level}`);
  mkdirSync(blocks, { recursive: true });
  // OpenMetrics wants each metric family in one piece: rules that record the same name go together.
  const families = new Map<string, RecordingRule[]>();
  for (const rule of rules) families.set(rule.record, [...(families.get(rule.record) ?? []), rule]);
  const chunk = Math.max(stepSeconds, Math.floor(Math.min(IMPORT_CHUNK_SECONDS, MAX_POINTS * stepSeconds) / stepSeconds) * stepSeconds);
  for (let chunkStart = start; chunkStart <= end; chunkStart += chunk) {
    const chunkEnd = Math.min(end, chunkStart + chunk - stepSeconds);
    const file = path.join(workDir, `level-${level}-${chunkStart}.om`);
    const out = openSync(file, 'w');
    let samples = 0;
    for (const [name, members] of families) {
      writeSync(out, `# TYPE ${name} unknown\n`);
      for (const rule of members) {
        for (const series of await client.queryRange(rule.expr, chunkStart, chunkEnd, stepSeconds)) {
          const own = Object.fromEntries(Object.entries(series.labels).filter(([label]) => label !== '__name__'));
          const labels = labelText({ ...own, ...rule.labels });
          const lines = series.points.map(([t, v]) => `${name}{${labels}} ${openMetricsNumber(v)} ${t}\n`);
          samples += lines.length;
          if (lines.length) writeSync(out, lines.join(''));
        }
      }
    }
    writeSync(out, '# EOF\n');
    closeSync(out);
    if (samples > 0) {
      const flags = maxBlockDuration ? [`--max-block-duration=${maxBlockDuration}`] : [];
      const result = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', ...flags, file, blocks], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.status !== 0)
        throw new UserError(`promtool tsdb create-blocks-from openmetrics failed at level ${level}: ${result.stdout}${result.stderr}`.trim());
    }
    rmSync(file, { force: true });
  }
  return readdirSync(blocks, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(blocks, entry.name));
}
