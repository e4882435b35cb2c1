/** The engines of the evaluation-cost benchmark: Prometheus, and VictoriaMetrics with vmalert, each a real process on loopback. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../src/history/replay-engine.js';

export interface EngineProcess {
  name: string;
  child: ChildProcess;
  url: string;
}

async function startProcess(name: string, command: string, args: (port: number) => string[], dir: string, readyPath: string): Promise<EngineProcess> {
  const port = await freePort();
  const log = openSync(path.join(dir, `${name}.log`), 'a');
  const child = spawn(command, args(port), { stdio: ['ignore', log, log] });
  const url = `http://127.0.0.1:${port}`;
  // vmalert 1.79 reads 356,000 rules (10,000 instances) for about 2 minutes before it answers /health.
  for (let i = 0; i < 3000; i += 1) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}; see ${path.join(dir, `${name}.log`)}`);
    if (
      await fetch(`${url}${readyPath}`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { name, child, url };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not start; see ${path.join(dir, `${name}.log`)}`);
}

/**
 * SIGTERM, and SIGKILL after 30 s: a Prometheus that cannot keep up with its rules (10,000 instances on
 * 2 cores) waits for every running group before it exits, which took over 5 minutes.
 */
export async function stopProcess(engine: EngineProcess): Promise<void> {
  const { child } = engine;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killer);
}

/** The scrape of the synthetic exporter, its labels kept (they are the SLOs' selectors). */
const scrapeConfig = (exporter: string) => ({
  scrape_configs: [{ job_name: 'bench', honor_labels: true, scrape_interval: '30s', scrape_timeout: '25s', static_configs: [{ targets: [exporter] }] }],
});

/** Prometheus scraping the exporter every 30 s and evaluating `ruleFiles` every minute. */
export function startPrometheusEngine(name: string, dir: string, exporter: string, ruleFiles: string[]): Promise<EngineProcess> {
  mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'prometheus.yml');
  writeFileSync(config, stringify({ global: { evaluation_interval: '1m' }, rule_files: ruleFiles, ...scrapeConfig(exporter) }));
  return startProcess(
    name,
    'prometheus',
    (port) => [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    dir,
    '/-/ready',
  );
}

/** VictoriaMetrics single-node scraping the exporter, and vmalert evaluating `ruleFiles` against it every minute. */
export async function startVictoriaMetricsEngine(name: string, dir: string, exporter: string, ruleFiles: string[]): Promise<[EngineProcess, EngineProcess]> {
  mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'scrape.yml');
  writeFileSync(config, stringify(scrapeConfig(exporter)));
  const store = await startProcess(
    `${name}-victoria-metrics`,
    'victoria-metrics',
    (port) => [`-storageDataPath=${path.join(dir, 'data')}`, `-httpListenAddr=127.0.0.1:${port}`, `-promscrape.config=${config}`, '-loggerLevel=ERROR'],
    dir,
    '/health',
  );
  // No alert fires on the exporter's traffic; the notifier is never called but vmalert requires one.
  const notifier = `http://127.0.0.1:${await freePort()}`;
  const ruler = await startProcess(
    `${name}-vmalert`,
    'vmalert',
    (port) => [
      ...ruleFiles.map((f) => `-rule=${f}`),
      `-datasource.url=${store.url}`,
      `-remoteWrite.url=${store.url}`,
      `-notifier.url=${notifier}`,
      '-evaluationInterval=1m',
      `-httpListenAddr=127.0.0.1:${port}`,
      '-loggerLevel=ERROR',
    ],
    dir,
    '/health',
  );
  return [store, ruler];
}
