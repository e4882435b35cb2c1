/** Scenarios for zero-tolerance objectives: silence without bad events, one alert per bad event, budget 0 after it. */
import { Rational } from '../../../core/decimal.js';
import type { SloPlan } from '../../../model/types.js';
import { parseDuration } from '../../../core/duration.js';
import { MINUTE } from '../../../core/time.js';
import { ZERO_TOLERANCE_KEEP_FIRING, zeroToleranceAlerts } from '../../prometheus/alert-rules.js';
import { SERIES } from '../../../model/conventions.js';
import { seriesFor } from '../synthetic-series.js';
import { encodeSamples, type Sample } from '../sample-encoding.js';
import { exactly, firing, silent, silentAt, withinRange, type PromtoolTest, type PromtoolTestSuite } from './common.js';

const END = 180;
/** The breach stays up this long after the last bad event (keep_firing_for), then resolves. */
const KEEP_FIRING_MINUTES = parseDuration(ZERO_TOLERANCE_KEEP_FIRING) / MINUTE;

/** A counter of checks growing 60 a minute, and a bad-event counter given per minute. */
function inputs(instance: SloPlan, bad: Sample[]) {
  if (instance.sli.kind !== 'ratio' || !instance.sli.bad) throw new Error('zero tolerance needs a ratio SLI with bad events');
  const total = Array.from({ length: END + 1 }, (_, m) => Rational.parse(60 * m));
  return [
    { series: seriesFor(instance.sli.total), values: encodeSamples(total) },
    { series: seriesFor(instance.sli.bad), values: encodeSamples(bad) },
  ];
}

const constant = (value: number | undefined, from: number, to: number): Sample[] =>
  Array.from({ length: to - from }, () => (value === undefined ? undefined : Rational.parse(value)));

export function zeroToleranceSuites(instance: SloPlan): PromtoolTestSuite[] {
  const [alert] = zeroToleranceAlerts(instance);
  if (!alert) return [];
  const severity = alert.labels.severity;
  const tests: PromtoolTest[] = [
    {
      name: `${instance.sloId} ${instance.env}: no bad event, no alert, the whole budget left`,
      interval: '1m',
      input_series: inputs(instance, constant(0, 0, END + 1)),
      alert_rule_test: silentAt([alert], [10, 60, END]),
      promql_expr_test: [exactly(instance.labels, SERIES.errorBudgetRemaining, END, 1), exactly(instance.labels, SERIES.sliOverPeriod, END, 1)],
    },
    {
      name: `${instance.sloId} ${instance.env}: one bad event ${severity === 'page' ? 'pages' : 'raises a ticket'} at once, once, stays up ${ZERO_TOLERANCE_KEEP_FIRING}, and the budget reads 0`,
      interval: '1m',
      input_series: inputs(instance, [...constant(0, 0, 60), ...constant(1, 60, END + 1)]),
      alert_rule_test: [
        silent(59, alert.alert),
        firing(61, alert),
        firing(70, alert),
        firing(60 + KEEP_FIRING_MINUTES, alert),
        silent(60 + KEEP_FIRING_MINUTES + 10, alert.alert),
        silent(END, alert.alert),
      ],
      promql_expr_test: [
        exactly(instance.labels, SERIES.errorBudgetRemaining, 59, 1),
        exactly(instance.labels, SERIES.errorBudgetRemaining, 70, 0),
        exactly(instance.labels, SERIES.errorBudgetRemaining, END, 0),
        withinRange(instance.labels, SERIES.sliOverPeriod, END, Rational.parse('0.9'), Rational.parse(1)),
      ],
    },
    {
      name: `${instance.sloId} ${instance.env}: a bad-event counter born at 1 (no earlier sample) alerts too`,
      interval: '1m',
      input_series: inputs(instance, [...constant(undefined, 0, 60), ...constant(1, 60, END + 1)]),
      alert_rule_test: [silent(59, alert.alert), firing(61, alert), silent(60 + KEEP_FIRING_MINUTES + 10, alert.alert)],
      promql_expr_test: [exactly(instance.labels, SERIES.errorBudgetRemaining, END, 0)],
    },
  ];
  return [{ suffix: '', evaluationInterval: '1m', tests }];
}
