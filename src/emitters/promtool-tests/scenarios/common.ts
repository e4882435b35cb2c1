/** promtool test data shapes and the helpers every scenario uses. */
import { ONE, Rational } from '../../../core/decimal.js';
import type { SloPlan } from '../../../model/types.js';
import type { AlertSpec } from '../../prometheus/alert-rules.js';
import { formatLabels } from '../../../core/promql.js';
import { seriesRef } from '../../../model/conventions.js';
import type { InputSeries } from '../synthetic-series.js';

export interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

export interface AlertCheck {
  eval_time: string;
  alertname: string;
  exp_alerts: ExpectedAlert[];
}

export interface ExprCheck {
  expr: string;
  eval_time: string;
  exp_samples: Array<{ labels: string; value: number }>;
}

export interface PromtoolTest {
  name: string;
  interval: string;
  input_series: InputSeries[];
  alert_rule_test: AlertCheck[];
  promql_expr_test: ExprCheck[];
}

export interface PromtoolTestSuite {
  /** File name suffix before .test.yml ('' for the main suite). */
  suffix: string;
  /** One evaluation interval per promtool file: long scenarios use 5m to stay fast, detection 1m. */
  evaluationInterval: string;
  tests: PromtoolTest[];
}

export const minutes = (n: number) => `${n}m`;

function expected(alert: AlertSpec): ExpectedAlert {
  return { exp_labels: alert.labels, exp_annotations: alert.annotations };
}

export function firing(at: number, alert: AlertSpec): AlertCheck {
  return { eval_time: minutes(at), alertname: alert.alert, exp_alerts: [expected(alert)] };
}

export function silent(at: number, alertname: string): AlertCheck {
  return { eval_time: minutes(at), alertname, exp_alerts: [] };
}

/** No alert of any of the given names at each of the given times. */
export function silentAt(alerts: Array<{ alert: string }>, times: number[]): AlertCheck[] {
  const names = [...new Set(alerts.map((a) => a.alert))];
  return times.flatMap((t) => names.map((name) => silent(t, name)));
}

function identityLabels(labels: { service: string; slo: string; env: string }): string {
  return `{${formatLabels({ env: labels.env, service: labels.service, slo: labels.slo })}}`;
}

/** 1 when `series` lies strictly between lo and hi; NaN or no sample fails the check. */
export function withinRange(labels: SloPlan['labels'], series: string, at: number, lo: Rational, hi: Rational): ExprCheck {
  const selector = seriesRef(series, labels);
  return {
    expr: `(${selector} > bool ${lo.toDecimal(12)}) * (${selector} < bool ${hi.toDecimal(12)})`,
    eval_time: minutes(at),
    exp_samples: [{ labels: identityLabels(labels), value: 1 }],
  };
}

/** The exact value of a recorded series (for values computed without rounding, like 0 and 1). */
export function exactly(labels: SloPlan['labels'], series: string, at: number, value: number): ExprCheck {
  return { expr: seriesRef(series, labels), eval_time: minutes(at), exp_samples: [{ labels: `${series}${identityLabels(labels)}`, value }] };
}

export function around(value: Rational, tolerance = Rational.parse('0.05')): [Rational, Rational] {
  return [value.mul(ONE.sub(tolerance)), value.mul(ONE.add(tolerance))];
}
