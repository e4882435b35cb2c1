/** promtool test data shapes and the helpers every scenario uses. */
import { ONE, Rational } from '../../../core/decimal.js';
import type { MatcherSpec } from '../../../catalog/schema.js';
import { compileAnchored } from '../../../core/re2.js';
import type { SloPlan } from '../../../model/types.js';
import type { AlertSpec } from '../../prometheus/alert-rules.js';
import { formatLabels } from '../../../core/promql.js';
import { seriesRef } from '../../../model/conventions.js';
import { inputSeries, type InputSeries, type TrafficSegment } from '../synthetic-series.js';

export interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

export interface AlertCheck {
  eval_time: string;
  alertname: string;
  exp_alerts: ExpectedAlert[];
  /**
   * The burn-rate tier checked, when the check is one tier's. Not written to the file: Sloth's
   * identity names every tier alike, so its checks become queries of ALERTS by the tier's windows
   * (promtool checks an alert name's alerts all at once).
   */
  tier?: { longWindow: string; shortWindow: string };
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

/** The first evaluation of a suite stepping by `step` minutes at or after `minute`. */
export const stepAtOrAfter = (minute: number, step: number) => Math.ceil(minute / step) * step;

function expected(alert: AlertSpec): ExpectedAlert {
  return { exp_labels: alert.labels, exp_annotations: alert.annotations };
}

export function firing(at: number, alert: AlertSpec): AlertCheck {
  return { eval_time: minutes(at), alertname: alert.alert, exp_alerts: [expected(alert)] };
}

export function silent(at: number, alertname: string, tier?: AlertCheck['tier']): AlertCheck {
  return { eval_time: minutes(at), alertname, exp_alerts: [], ...(tier ? { tier: { longWindow: tier.longWindow, shortWindow: tier.shortWindow } } : {}) };
}

/** No alert of any of the given names at each of the given times. */
export function silentAt(alerts: ReadonlyArray<{ alert: string; longWindow?: string; shortWindow?: string }>, times: number[]): AlertCheck[] {
  const distinct = [...new Map(alerts.map((a) => [`${a.alert} ${a.longWindow ?? ''}/${a.shortWindow ?? ''}`, a])).values()];
  return times.flatMap((t) =>
    distinct.map((a) => silent(t, a.alert, a.longWindow && a.shortWindow ? { longWindow: a.longWindow, shortWindow: a.shortWindow } : undefined)),
  );
}

/** A series' labels as promtool prints them (sorted by name). */
function identityLabels(labels: Record<string, string>): string {
  return `{${formatLabels(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b, 'en'))))}}`;
}

/** The labels of a test's series: identity, plus the group's (a grouped SLO's tests run one group, and two where they compare). */
export type SeriesLabels = SloPlan['labels'] & Record<string, string>;

/** The matchers the SLI's selectors put on one label. */
function matchersOn(instance: SloPlan, label: string): MatcherSpec[] {
  const sli = instance.sli;
  const selectors =
    sli.kind === 'ratio' ? [sli.total, sli.bad, sli.good] : sli.kind === 'latency' ? [sli.count, sli.goodBucket] : sli.kind === 'probe' ? [sli.probe] : [];
  return selectors.flatMap((s) => s?.matchers.filter((m) => m.label === label) ?? []);
}

/**
 * A value of a grouped label that the SLI's own matchers on it accept (handler=~"/api/v1/query.*"
 * takes "/api/v1/query-group-a", not "group-a"): the group's name put where the pattern repeats a
 * wildcard, else in front of a literal pattern's alternatives, checked against every matcher.
 */
function groupValue(instance: SloPlan, label: string, index: number): string {
  const name = `group-${String.fromCharCode(97 + index)}`;
  const matchers = matchersOn(instance, label);
  const accepts = (value: string) =>
    matchers.every((m) => {
      if (m.op === '=') return m.value === value;
      if (m.op === '!=') return m.value !== value;
      const matches = compileAnchored(m.value).matches(value);
      return m.op === '=~' ? matches : !matches;
    });
  const patterns = matchers.filter((m) => m.op === '=~').map((m) => m.value);
  const candidates = [
    name,
    ...matchers.filter((m) => m.op === '=').map((m) => m.value),
    ...patterns.map((p) => p.replace(/\.[*+]/, `-${name}`).replace(/[()^$]/g, '')),
    ...patterns.flatMap((p) => p.split('|').map((alternative) => alternative.replace(/[()^$]/g, ''))).filter((v, i) => i === index),
  ];
  return candidates.find(accepts) ?? name;
}

/** Group number `index` of a grouped SLO: label values "group-a", "group-b"… (or values its matchers accept); empty for one SLO. */
function groupLabels(instance: SloPlan, index = 0): Record<string, string> {
  return Object.fromEntries(instance.groupBy.map((label) => [label, groupValue(instance, label, index)]));
}

/** The labels a scenario expects on the instance's recorded series and alerts. */
export function expectedLabels(instance: SloPlan, group = 0): SeriesLabels {
  return { ...instance.labels, ...groupLabels(instance, group) };
}

/** The synthetic raw series of the instance's SLI, in group `group`. */
export function seriesOf(instance: SloPlan, segments: TrafficSegment[], group = 0): InputSeries[] {
  return inputSeries(instance.sli, segments, groupLabels(instance, group));
}

/** 1 when `series` lies strictly between lo and hi; NaN or no sample fails the check. */
/** A recorded series of one instance (and one group): identity labels first, as seriesRef writes them. */
function selectorOf(series: string, labels: SeriesLabels): string {
  const { service, slo, env, ...group } = labels;
  return Object.keys(group).length ? `${series}{${formatLabels({ service, slo, env, ...group })}}` : seriesRef(series, labels);
}

export function withinRange(labels: SeriesLabels, series: string, at: number, lo: Rational, hi: Rational): ExprCheck {
  const selector = selectorOf(series, labels);
  return {
    expr: `(${selector} > bool ${lo.toDecimal(12)}) * (${selector} < bool ${hi.toDecimal(12)})`,
    eval_time: minutes(at),
    exp_samples: [{ labels: identityLabels(labels), value: 1 }],
  };
}

/** The exact value of a recorded series (for values computed without rounding, like 0 and 1). */
export function exactly(labels: SeriesLabels, series: string, at: number, value: number): ExprCheck {
  return { expr: selectorOf(series, labels), eval_time: minutes(at), exp_samples: [{ labels: `${series}${identityLabels(labels)}`, value }] };
}

export function around(value: Rational, tolerance = Rational.parse('0.05')): [Rational, Rational] {
  return [value.mul(ONE.sub(tolerance)), value.mul(ONE.add(tolerance))];
}
