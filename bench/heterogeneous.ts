/**
 * A scale catalog unlike bench/scale.ts's uniform one: every service has its own metric names,
 * label names, histogram buckets, objectives and periods, and three profiles of SLI kinds take
 * turns (error and success ratios, latency thresholds, p50/p95/p99 percentile targets on one
 * histogram, uptime probes). N/10 services × 5 SLOs × 2 environments, like the uniform catalog, so
 * rows of the two compare instance for instance; no two services share a cacheable shape.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeHeterogeneousCatalog(dir: string, instances: number): string {
  const file = path.join(dir, 'slos/index.ts');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `import { catalog, counter, environment, errorRate, gauge, histogram, latency, percentiles, service, successRate, uptime } from 'sloforge';
const LABELS = ['job', 'app', 'service_name', 'k8s_deployment'];
const ENV_LABELS = ['env', 'environment', 'stage'];
const PERIODS = ['7d', '14d', '28d', '30d'];
const OBJECTIVES = [99, 99.5, 99.9, 99.95, 98, 97.5, 99.8];
const svc = (i: number) => {
  const prefix = 'app' + i + '_';
  // Buckets differ per service: a base of 5 to 9 bounds, scaled.
  const scale = 1 + (i % 13) / 10;
  const bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5].slice(i % 3, 6 + (i % 5)).map((b) => Math.round(b * scale * 1e4) / 1e4);
  const duration = histogram(prefix + 'request_duration_seconds', { buckets: bounds });
  const requests = counter(prefix + 'requests_total');
  const objective = (k: number) => OBJECTIVES[(i + k) % OBJECTIVES.length];
  const threshold = (k: number) => bounds[Math.min(bounds.length - 1, 2 + ((i + k) % 3))];
  const profile = i % 3;
  const slos =
    profile === 0
      ? [
          errorRate({ id: 'errors', title: 'Errors', events: requests, bad: { status: /5../ }, below: (100 - objective(0)).toFixed(2) + '%' }),
          ...percentiles({ idPrefix: 'latency', title: 'Latency', histogram: duration, targets: { p50: threshold(0), p95: threshold(1), p99: threshold(2) } }),
          uptime({ id: 'probe', title: 'Probe', probe: gauge(prefix + 'probe_success'), objective: objective(1) }),
        ]
      : profile === 1
        ? [
            successRate({ id: 'success', title: 'Success', events: counter(prefix + 'operations_total'), good: { result: 'ok' }, objective: objective(0) }),
            errorRate({ id: 'client-errors', title: 'Client errors', events: requests, bad: { code: /4../ }, below: '5%' }),
            latency({ id: 'fast', title: 'Fast', histogram: duration, threshold: threshold(0), objective: objective(2) }),
            latency({ id: 'not-slow', title: 'Not slow', histogram: duration, threshold: threshold(2), objective: objective(3) }),
            uptime({ id: 'reachable', title: 'Reachable', probe: gauge('probe_success', { target: 'https://svc-' + i + '.example/' }), objective: objective(4) }),
          ]
        : [
            errorRate({ id: 'server-errors', title: 'Server errors', events: counter(prefix + 'rpc_total'), bad: { grpc_code: /Internal|Unavailable|DeadlineExceeded/ }, below: (100 - objective(1)).toFixed(2) + '%' }),
            successRate({ id: 'writes', title: 'Writes', events: counter(prefix + 'writes_total'), good: { outcome: /committed|deduplicated/ }, objective: objective(2) }),
            ...percentiles({ idPrefix: 'rpc-latency', title: 'RPC latency', histogram: duration, targets: { p90: threshold(1), p99: threshold(3) } }),
            uptime({ id: 'up', title: 'Up', probe: gauge('up', { job: 'svc-' + i }), objective: objective(5) }),
          ];
  return service({
    name: 'svc-' + i,
    owner: 'team-' + (i % 37),
    runbookBaseUrl: 'https://runbooks.example.com',
    dashboardBaseUrl: 'https://grafana.example.com',
    matchers: [{ label: LABELS[i % LABELS.length], op: '=', value: 'svc-' + i }],
    envLabel: ENV_LABELS[i % ENV_LABELS.length],
    environments: [
      environment('staging', { period: PERIODS[i % 2], alerting: 'ticket-only' }),
      environment('production', { period: PERIODS[2 + (i % 2)], alerting: 'page-and-ticket' }),
    ],
    slos,
  });
};
export default catalog(...Array.from({ length: ${instances / 10} }, (_, i) => svc(i)));
`,
  );
  return file;
}
