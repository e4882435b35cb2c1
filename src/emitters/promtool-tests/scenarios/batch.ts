/** Scenarios for batch jobs: nightly runs against the duration bound, missed and failed runs. */
import { ONE, Rational, ZERO } from '../../../core/decimal.js';
import { DAY, MINUTE } from '../../../core/time.js';
import type { SloPlan } from '../../../model/types.js';
import { batchDurationAlerts, freshnessAlerts } from '../../prometheus/alert-rules.js';
import { SERIES } from '../../../model/conventions.js';
import { encodeCounter, encodeSamples, type Sample } from '../sample-encoding.js';
import { labelsFor, pythonBound, seriesFor, seriesText } from '../synthetic-series.js';
import { exactly, firing, silent, silentAt, type PromtoolTest, type PromtoolTestSuite } from './common.js';

/** Scenarios count in minutes: one input sample a minute. */
const MINUTES_PER_DAY = DAY / MINUTE;

/** Histogram samples for runs observed at given minutes with given durations (seconds). */
function runHistogram(instance: SloPlan, runs: Array<{ at: number; seconds: number }>, end: number) {
  if (instance.sli.kind !== 'latency') throw new Error('batch duration needs a latency SLI');
  const sli = instance.sli;
  const labels = labelsFor(sli.count.matchers, sli.histogramMetric);
  // Counters that step up by one at each run: runs of constant value between the runs.
  const cumulative = (counts: (run: { at: number; seconds: number }) => boolean) => {
    const steps = runs
      .filter(counts)
      .map((r) => r.at)
      .sort((a, b) => a - b);
    const edges = [0, ...steps, end + 1];
    return encodeCounter(
      edges
        .slice(1)
        .flatMap((edge, i) => [
          { minutes: edge - edges[i] - (i < steps.length ? 1 : 0), step: ZERO },
          ...(i < steps.length ? [{ minutes: 1, step: ONE }] : []),
        ]),
    );
  };
  return [
    ...[...sli.buckets, Infinity].map((bound) => ({
      series: seriesText(`${sli.histogramMetric}_bucket`, { ...labels, le: pythonBound(bound) }),
      values: cumulative((r) => r.seconds <= bound),
    })),
    { series: seriesText(`${sli.histogramMetric}_count`, labels), values: cumulative(() => true) },
  ];
}

export function batchDurationSuites(instance: SloPlan): PromtoolTestSuite[] {
  const [alert] = batchDurationAlerts(instance);
  if (!alert || instance.sli.kind !== 'latency' || instance.alertPolicy.kind !== 'batch-duration') return [];
  const threshold = instance.sli.threshold;
  const fast = Math.min(...instance.sli.buckets.filter((b) => b <= threshold));
  const slow = instance.sli.buckets.find((b) => b > threshold) ?? threshold * 2;
  const end = 2 * MINUTES_PER_DAY + 70;
  const slowRunAt = MINUTES_PER_DAY + 60;
  const anySlowRun = instance.alertPolicy.mode === 'any-slow-run';
  const tests: PromtoolTest[] = [
    {
      name: `${instance.sloId} ${instance.env}: nightly runs within ${threshold}s raise nothing`,
      interval: '1m',
      input_series: runHistogram(
        instance,
        [
          { at: 60, seconds: fast },
          { at: slowRunAt, seconds: fast },
          { at: 2 * MINUTES_PER_DAY + 60, seconds: fast },
        ],
        end,
      ),
      alert_rule_test: silentAt([alert], [65, MINUTES_PER_DAY, slowRunAt + 10, end]),
      promql_expr_test: [exactly(instance.labels, SERIES.errorRatio(instance.period), end, 0)],
    },
    {
      name: `${instance.sloId} ${instance.env}: a run over ${threshold}s ${anySlowRun ? 'raises a ticket for a day (the budget allows less than one slow run)' : 'spends the budget of the few runs so far: ticket'}`,
      interval: '1m',
      input_series: runHistogram(
        instance,
        [
          { at: 60, seconds: fast },
          { at: slowRunAt, seconds: slow },
        ],
        end,
      ),
      alert_rule_test: [
        silent(slowRunAt - 10, alert.alert),
        firing(slowRunAt + 10, alert),
        anySlowRun ? silent(slowRunAt + MINUTES_PER_DAY + 10, alert.alert) : firing(slowRunAt + MINUTES_PER_DAY + 10, alert),
      ],
      promql_expr_test: [],
    },
  ];
  return [{ suffix: '', evaluationInterval: '5m', tests }];
}

/**
 * Scenarios of a freshness SLO, for any maximum age (a minute to days) and any cadence: the
 * healthy history succeeds at the job's cadence, or more often when the maximum age is shorter
 * than it; checks sit one or two evaluations either side of each deadline, and the rules are
 * evaluated every minute for ages under an hour.
 */
export function freshnessSuites(instance: SloPlan): PromtoolTestSuite[] {
  if (instance.sli.kind !== 'freshness') return [];
  const sli = instance.sli;
  const [missed, failed] = freshnessAlerts(instance);
  const maxAgeMinutes = Math.ceil(sli.maxAgeSeconds / 60);
  // Evaluations (and checks either side of a deadline) every minute under an hour, every 5m under a
  // day, every 15m above; samples every minute under an hour, else every 5m (the lookback is 5m).
  const step = maxAgeMinutes < 60 ? 1 : maxAgeMinutes < MINUTES_PER_DAY ? 5 : 15;
  const sampleEvery = maxAgeMinutes < 60 ? 1 : 5;
  const cadence = Math.max(1, Math.min(maxAgeMinutes, sli.runsPerDay ? Math.floor(MINUTES_PER_DAY / sli.runsPerDay) : MINUTES_PER_DAY));
  /** Minutes of successful runs from `first`, every `cadence`, up to `end`. */
  const every = (first: number, end: number) => Array.from({ length: Math.floor((end - first) / cadence) + 1 }, (_, i) => first + i * cadence);
  /** One sample every `sampleEvery` minutes from minute 0 to `end`. */
  const sampled = <T>(end: number, at: (minute: number) => T): T[] => Array.from({ length: Math.floor(end / sampleEvery) + 1 }, (_, k) => at(k * sampleEvery));
  // The gauge holds the Unix time of the last success: 0 until the first one.
  const lastSuccess = (successes: number[], end: number): Sample[] => {
    let next = 0;
    let last: number | undefined;
    return sampled(end, (m) => {
      while (next < successes.length && successes[next] <= m) last = successes[next++];
      return last === undefined ? ZERO : Rational.parse(last * 60);
    });
  };
  // A first success at minute 1: the gauge reads 0 for less than any maximum age. Two days of
  // history for a daily job, less for a frequent one (three runs and twice the maximum age).
  const healthyEnd = Math.min(2 * MINUTES_PER_DAY + 120, Math.max(120, 3 * cadence + 60, 2 * maxAgeMinutes + 60));
  const healthyChecks = [...new Set([30, MINUTES_PER_DAY, 2 * MINUTES_PER_DAY, Math.round(healthyEnd / 2), healthyEnd].filter((m) => m <= healthyEnd))].sort(
    (a, b) => a - b,
  );
  const lastRun = 60;
  const missedEnd = lastRun + maxAgeMinutes + 30;
  const failures = (from: number | undefined, end: number): Sample[] => sampled(end, (m) => (from === undefined || m < from ? undefined : Rational.parse(1)));
  const withFailures = (samples: Sample[]) => (sli.failedRuns ? [{ series: seriesFor(sli.failedRuns), values: encodeSamples(samples) }] : []);
  const cadenceText = cadence === MINUTES_PER_DAY ? 'every day' : `every ${cadence}m`;
  const tests: PromtoolTest[] = [
    {
      name: `${instance.sloId} ${instance.env}: a success ${cadenceText} raises nothing and keeps the SLI at 100%`,
      interval: `${sampleEvery}m`,
      input_series: [
        { series: seriesFor(sli.lastSuccess), values: encodeSamples(lastSuccess(every(1, healthyEnd), healthyEnd)) },
        ...withFailures(failures(undefined, healthyEnd)),
      ],
      alert_rule_test: silentAt(freshnessAlerts(instance), healthyChecks),
      promql_expr_test: [exactly(instance.labels, SERIES.errorRatio(instance.period), healthyEnd, 0)],
    },
    {
      name: `${instance.sloId} ${instance.env}: no success for more than ${sli.maxAge} (a missed run) ${missed.labels.severity === 'page' ? 'pages' : 'raises a ticket'}`,
      interval: `${sampleEvery}m`,
      input_series: [{ series: seriesFor(sli.lastSuccess), values: encodeSamples(lastSuccess([lastRun], missedEnd)) }],
      alert_rule_test: [silent(lastRun + maxAgeMinutes - step, missed.alert), firing(lastRun + maxAgeMinutes + 2 * step, missed)],
      promql_expr_test: [],
    },
    {
      name: `${instance.sloId} ${instance.env}: a gauge at 0 (no success since the exporter started) for more than ${sli.maxAge} alerts too`,
      interval: `${sampleEvery}m`,
      input_series: [{ series: seriesFor(sli.lastSuccess), values: encodeSamples(lastSuccess([], maxAgeMinutes + 90)) }],
      alert_rule_test: [silent(Math.max(0, maxAgeMinutes - step), missed.alert), firing(maxAgeMinutes + 2 * step, missed)],
      promql_expr_test: [],
    },
  ];
  if (failed) {
    // Runs keep succeeding at their cadence around the failure: only the failure alerts.
    const failedAt = 300;
    const end = failedAt + 100;
    tests.push({
      name: `${instance.sloId} ${instance.env}: a failed run raises a ticket (failure counter born at 1)`,
      interval: `${sampleEvery}m`,
      input_series: [{ series: seriesFor(sli.lastSuccess), values: encodeSamples(lastSuccess(every(1, end), end)) }, ...withFailures(failures(failedAt, end))],
      alert_rule_test: [silent(failedAt - step, failed.alert), firing(failedAt + step, failed), silent(failedAt + step, missed.alert)],
      promql_expr_test: [],
    });
  }
  return [{ suffix: '', evaluationInterval: `${step}m`, tests }];
}
