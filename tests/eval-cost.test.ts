/**
 * The evaluation-cost benchmark's own arithmetic, checked against hand-worked values: the synthetic
 * exporter's series (counted by hand from its description), the parsing of an engine's /metrics,
 * and the "instances one core evaluates" estimate from a hand-written table of runs.
 */
import { describe, expect, it } from 'vitest';
import type { EvalCostRow } from '../bench/eval-cost/main.js';
import { exposition, SERIES_PER_SERVICE_ENV } from '../bench/eval-cost/exporter.js';
import { parseExposition, total } from '../bench/eval-cost/measure.js';
import { instancesPerCore } from '../bench/eval-cost/section.js';

describe('the synthetic exporter', () => {
  it('serves 31 series per service and environment: 3 pods × (3 codes + 5 buckets + sum + count), and a probe', () => {
    expect(SERIES_PER_SERVICE_ENV).toBe(3 * (3 + 5 + 2) + 1);
    const samples = parseExposition(exposition(2, 100));
    expect(samples).toHaveLength(2 * 2 * 31);
    // Counters at 100 s: 10/s of 200s → 1,000; 0.05/s of 404s → 5; 0.01/s of 500s → 1; 10.06/s in all → 1,006 requests.
    const pod = 'job="svc-1",env="production",instance="pod-2"';
    const value = (name: string, labels: string) => samples.find((s) => s.name === name && s.labels === `{${labels}}`)?.value;
    expect(value('http_requests_total', `${pod},code="200"`)).toBe(1000);
    expect(value('http_requests_total', `${pod},code="404"`)).toBe(5);
    expect(value('http_requests_total', `${pod},code="500"`)).toBe(1);
    expect(value('http_request_duration_seconds_count', pod)).toBe(1006);
    // 99.5% of 1,006 within 1 s (1,000.97 → 1,000), 97% within 0.5 s (975.82 → 975).
    expect(value('http_request_duration_seconds_bucket', `${pod},le="1"`)).toBe(1000);
    expect(value('http_request_duration_seconds_bucket', `${pod},le="0.5"`)).toBe(975);
    expect(value('probe_success', 'job="svc-0",env="staging",instance="probe"')).toBe(1);
  });
});

describe("an engine's /metrics", () => {
  it('sums every series of a name, and skips comments and other names', () => {
    const text = [
      '# HELP prometheus_rule_group_last_duration_seconds x',
      'prometheus_rule_group_last_duration_seconds{rule_group="a"} 0.25',
      'prometheus_rule_group_last_duration_seconds{rule_group="b;c"} 1.5e-1',
      'prometheus_rule_group_last_duration_seconds_other 7',
      'process_cpu_seconds_total 12.5',
    ].join('\n');
    const samples = parseExposition(text);
    expect(total(samples, 'prometheus_rule_group_last_duration_seconds')).toBeCloseTo(0.4, 12);
    expect(total(samples, 'process_cpu_seconds_total')).toBe(12.5);
    expect(total(samples, 'missing')).toBe(0);
  });
});

describe('instances one core evaluates within 15 CPU seconds a minute', () => {
  const row = (instances: number, over: Partial<EvalCostRow>): EvalCostRow => ({
    instances,
    generator: 'sloforge',
    engine: 'Prometheus',
    rules: 0,
    rawSeries: 0,
    evalSecondsPerMinute: 1,
    rulerCpuPerMinute: 1,
    rulerRssMiB: 0,
    recordedSeries: 0,
    missedIterations: 0,
    failedEvaluations: 0,
    minutes: 10,
    sharedWith: 0,
    ...over,
  });

  it('scales the largest run that missed nothing by its CPU: 10,000 instances in 30 CPU s/min → 5,000', () => {
    const rows = [
      row(1000, { rulerCpuPerMinute: 2 }),
      row(10_000, { rulerCpuPerMinute: 30, evalSecondsPerMinute: 90 }),
      row(10_000, { generator: 'Sloth', rulerCpuPerMinute: 3 }),
    ];
    expect(instancesPerCore(rows, 'sloforge', 'Prometheus')?.instances).toBe(5000);
    expect(instancesPerCore(rows, 'Sloth', 'Prometheus')?.instances).toBe(50_000);
  });

  it('skips a run that missed iterations or failed', () => {
    const rows = [
      row(100, { rulerCpuPerMinute: 0.5 }),
      row(1000, { rulerCpuPerMinute: 4, failedEvaluations: 2 }),
      row(10_000, { rulerCpuPerMinute: 70, missedIterations: 3 }),
    ];
    // 100 × 15 / 0.5 = 3,000: the 1,000-instance run failed, the 10,000 one missed.
    expect(instancesPerCore(rows, 'sloforge', 'Prometheus')?.instances).toBe(3000);
  });

  it('vmalert counts the CPU of vmalert and of the store that runs its queries', () => {
    const rows = [row(1000, { engine: 'vmalert', evalSecondsPerMinute: 9, rulerCpuPerMinute: 2, storeCpuPerMinute: 4 })];
    expect(instancesPerCore(rows, 'sloforge', 'vmalert')?.instances).toBe(2500);
  });

  it('cannot tell when every run missed', () => {
    expect(instancesPerCore([row(100, { missedIterations: 1 })], 'sloforge', 'Prometheus')).toBeUndefined();
  });
});
