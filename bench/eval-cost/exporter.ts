/**
 * A synthetic exporter for the scale catalog's raw series: per service and environment, three pods
 * with http_requests_total by code, the http_request_duration_seconds histogram, and one
 * probe_success. Counters grow at fixed rates from the exporter's start, so every scrape is a real
 * increase; no SLO is in breach, so nothing fires and every engine evaluates the steady state.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const PODS = 3;
/** Requests per second of one pod by code. */
const CODE_RATES: Array<[string, number]> = [
  ['200', 10],
  ['404', 0.05],
  ['500', 0.01],
];
/** The share of requests at or below each bucket's bound: p99 under 1 s, p95 under 0.5 s. */
const BUCKETS: Array<[string, number]> = [
  ['0.1', 0.8],
  ['0.5', 0.97],
  ['1', 0.995],
  ['2.5', 0.999],
  ['+Inf', 1],
];
const REQUESTS_PER_SECOND = CODE_RATES.reduce((sum, [, rate]) => sum + rate, 0);

/** Raw series one service and environment exposes (what the engines scrape per 5 SLO instances). */
export const SERIES_PER_SERVICE_ENV = PODS * (CODE_RATES.length + BUCKETS.length + 2) + 1;

export interface SyntheticExporter {
  url: string;
  series: number;
  close(): Promise<void>;
}

/** The exposition text at `seconds` since the start, for `services` services in staging and production. */
export function exposition(services: number, seconds: number): string {
  const lines: string[] = ['# TYPE http_requests_total counter', '# TYPE http_request_duration_seconds histogram', '# TYPE probe_success gauge'];
  for (let i = 0; i < services; i += 1) {
    for (const env of ['staging', 'production']) {
      const base = `job="svc-${i}",env="${env}"`;
      for (let pod = 0; pod < PODS; pod += 1) {
        const labels = `${base},instance="pod-${pod}"`;
        for (const [code, rate] of CODE_RATES) lines.push(`http_requests_total{${labels},code="${code}"} ${Math.floor(rate * seconds)}`);
        const count = Math.floor(REQUESTS_PER_SECOND * seconds);
        for (const [le, share] of BUCKETS) lines.push(`http_request_duration_seconds_bucket{${labels},le="${le}"} ${Math.floor(share * count)}`);
        lines.push(`http_request_duration_seconds_sum{${labels}} ${(count * 0.08).toFixed(3)}`);
        lines.push(`http_request_duration_seconds_count{${labels}} ${count}`);
      }
      lines.push(`probe_success{${base},instance="probe"} 1`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

export async function startSyntheticExporter(services: number): Promise<SyntheticExporter> {
  const started = Date.now();
  // One text per second: four engines scraping within the same second share it.
  let cached: { second: number; text: string } | undefined;
  const server: Server = createServer((request, response) => {
    const second = Math.floor((Date.now() - started) / 1000);
    if (cached?.second !== second) cached = { second, text: exposition(services, second + 3600) };
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(cached.text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `127.0.0.1:${port}`,
    series: services * 2 * SERIES_PER_SERVICE_ENV,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
