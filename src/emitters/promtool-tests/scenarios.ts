/**
 * The promtool unit tests of one SLO instance, as plain data: healthy traffic, zero traffic,
 * uneven traffic (event weighting), a full outage, and a slow burn just above 1×.
 */
import { detectionSeconds, type BurnRateTier } from '../../model/burn-rate.js';
import { ONE, Rational, ZERO } from '../../model/decimal.js';
import { alertName } from '../../model/names.js';
import type { SloInstance } from '../../model/types.js';
import { formatLabels, instanceSeries } from '../prometheus/promql.js';
import { burnRateAlertRules, burnRateAnnotations } from '../prometheus/rules.js';
import { SERIES } from '../prometheus/series-names.js';
import { counterValues, syntheticSeries, type TrafficSegment } from './synthetic-series.js';

export interface PromtoolTest {
  name: string;
  interval: string;
  input_series: Array<{ series: string; values: string }>;
  alert_rule_test: Array<{ eval_time: string; alertname: string; exp_alerts: Array<{ exp_labels: Record<string, string>; exp_annotations: Record<string, string> }> }>;
  promql_expr_test: Array<{ expr: string; eval_time: string; exp_samples: Array<{ labels: string; value: number }> }>;
}

const EVENTS_PER_MINUTE = Rational.parse(60);
const HEALTHY_BURN = Rational.parse('0.1');
export const SLOW_BURN = Rational.parse('1.1');

const minutes = (n: number) => `${n}m`;

function inputSeries(instance: SloInstance, segments: TrafficSegment[]): PromtoolTest['input_series'] {
  return syntheticSeries(instance.sli).map((s) => ({ series: s.series, values: counterValues(segments, s.increment) }));
}

function expectedAlert(instance: SloInstance, tier: BurnRateTier) {
  const rule = burnRateAlertRules(instance).find((r) => r.alert === alertName(tier))!;
  return { exp_labels: rule.labels, exp_annotations: burnRateAnnotations(instance, tier) };
}

/** No alert of any tier at each of the given times. */
function silentAt(instance: SloInstance, times: number[]): PromtoolTest['alert_rule_test'] {
  return times.flatMap((t) => instance.tiers.map((tier) => ({ eval_time: minutes(t), alertname: alertName(tier), exp_alerts: [] })));
}

/** An expression test that is 1 when `series` lies strictly between lo and hi (NaN or absent fails). */
function withinRange(instance: SloInstance, series: string, at: number, lo: Rational, hi: Rational): PromtoolTest['promql_expr_test'][number] {
  const selector = instanceSeries(series, instance.labels);
  return {
    expr: `(${selector} > bool ${lo.toDecimal(12)}) * (${selector} < bool ${hi.toDecimal(12)})`,
    eval_time: minutes(at),
    exp_samples: [{ labels: `{${formatLabels(sortedLabels(instance))}}`, value: 1 }],
  };
}

function sortedLabels(instance: SloInstance): Record<string, string> {
  const { env, service, slo } = instance.labels;
  return { env, service, slo };
}

function around(value: Rational, tolerance = Rational.parse('0.05')): [Rational, Rational] {
  return [value.mul(ONE.sub(tolerance)), value.mul(ONE.add(tolerance))];
}

export function healthyTest(instance: SloInstance): PromtoolTest {
  const ratio = instance.errorBudget.mul(HEALTHY_BURN);
  const end = 8 * 60;
  return {
    name: `${instance.sloId} ${instance.env}: healthy traffic at 0.1× burn raises no alert`,
    interval: '1m',
    input_series: inputSeries(instance, [{ minutes: end + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ratio }]),
    alert_rule_test: silentAt(instance, [60, 360, end]),
    promql_expr_test: [
      withinRange(instance, SERIES.errorRatio('1d'), end, ...around(ratio)),
      withinRange(instance, SERIES.errorBudgetRemaining, end, ...around(ONE.sub(HEALTHY_BURN), Rational.parse('0.01'))),
    ],
  };
}

export function zeroTrafficTest(instance: SloInstance): PromtoolTest {
  const ratio = instance.errorBudget.mul(HEALTHY_BURN);
  const quiet = 3 * 60;
  return {
    name: `${instance.sloId} ${instance.env}: zero traffic raises no alert and leaves no NaN in long windows`,
    interval: '1m',
    input_series: inputSeries(instance, [
      { minutes: quiet, eventsPerMinute: ZERO, badRatio: ZERO },
      { minutes: quiet + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ratio },
    ]),
    alert_rule_test: silentAt(instance, [60, quiet - 5, 2 * quiet]),
    promql_expr_test: [
      { expr: instanceSeries(SERIES.badEventsRate5m, instance.labels), eval_time: minutes(quiet - 5), exp_samples: [{ labels: `${SERIES.badEventsRate5m}{${formatLabels(sortedLabels(instance))}}`, value: 0 }] },
      { expr: instanceSeries(SERIES.errorRatio('5m'), instance.labels), eval_time: minutes(quiet - 5), exp_samples: [] },
      withinRange(instance, SERIES.errorRatio('1d'), 2 * quiet, ...around(ratio)),
    ],
  };
}

/**
 * 4h of little traffic with many errors, then 4h of a hundred times more traffic, healthy.
 * The event-weighted 1d ratio is bad/total; an average of 5m ratios would be far higher.
 */
export function unevenTrafficTest(instance: SloInstance): PromtoolTest {
  const half = 4 * 60;
  const lowTraffic = Rational.parse(6);
  const highTraffic = Rational.parse(600);
  const lowBad = instance.errorBudget.mul(Rational.parse(2)).min(ONE);
  const highBad = instance.errorBudget.mul(Rational.parse('0.1'));
  const expected = lowTraffic.mul(lowBad).add(highTraffic.mul(highBad)).div(lowTraffic.add(highTraffic));
  return {
    name: `${instance.sloId} ${instance.env}: long windows weight uneven traffic by events, not by time`,
    interval: '1m',
    input_series: inputSeries(instance, [
      { minutes: half, eventsPerMinute: lowTraffic, badRatio: lowBad },
      { minutes: half + 1, eventsPerMinute: highTraffic, badRatio: highBad },
    ]),
    alert_rule_test: [],
    promql_expr_test: [withinRange(instance, SERIES.errorRatio('1d'), 2 * half, ...around(expected, Rational.parse('0.1')))],
  };
}

/** The tier a full outage trips first, and when (Workbook detection time). */
export function fastestTier(instance: SloInstance): { tier: BurnRateTier; seconds: number } | undefined {
  return instance.tiers
    .map((tier) => ({ tier, seconds: detectionSeconds(tier) }))
    .sort((a, b) => a.seconds - b.seconds)[0];
}

export function fullOutageTest(instance: SloInstance): PromtoolTest | undefined {
  const fastest = fastestTier(instance);
  if (!fastest) return undefined;
  const before = 60;
  // Workbook detection time plus one evaluation interval (1m).
  const deadline = before + Math.ceil(fastest.seconds / 60) + 1;
  const expected = instance.alerting === 'page-and-ticket' ? 'pages' : 'raises a ticket (never a page)';
  return {
    name: `${instance.sloId} ${instance.env}: a full outage ${expected} within ${Math.ceil(fastest.seconds / 60)}m + 1 evaluation`,
    interval: '1m',
    input_series: inputSeries(instance, [
      { minutes: before, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: instance.errorBudget.mul(HEALTHY_BURN) },
      { minutes: deadline - before + 60, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ONE },
    ]),
    alert_rule_test: [
      { eval_time: minutes(before - 1), alertname: alertName(fastest.tier), exp_alerts: [] },
      { eval_time: minutes(deadline), alertname: alertName(fastest.tier), exp_alerts: [expectedAlert(instance, fastest.tier)] },
    ],
    promql_expr_test: [],
  };
}

/** Tiers whose factor sits within 5% of the slow burn are not asserted either way. */
function clearlyBelow(burn: Rational, factor: Rational): boolean | undefined {
  const ratio = burn.div(factor);
  if (ratio.cmp(Rational.parse('1.05')) > 0) return true;
  if (ratio.cmp(Rational.parse('0.95')) < 0) return false;
  return undefined;
}

export function slowBurnTest(instance: SloInstance): PromtoolTest | undefined {
  if (instance.tiers.length === 0) return undefined;
  const end = 8 * 60;
  const badRatio = instance.errorBudget.mul(SLOW_BURN).min(ONE);
  const checks = instance.tiers.flatMap((tier) => {
    const fires = clearlyBelow(SLOW_BURN, tier.factor);
    if (fires === undefined) return [];
    return [{ eval_time: minutes(end), alertname: alertName(tier), exp_alerts: fires ? [expectedAlert(instance, tier)] : [] }];
  });
  const pages = instance.tiers.some((t) => t.severity === 'page' && clearlyBelow(SLOW_BURN, t.factor));
  return {
    name: `${instance.sloId} ${instance.env}: a slow burn at ${SLOW_BURN.toDecimal()}× raises a ticket${pages ? '' : ' and no page'}`,
    interval: '1m',
    input_series: inputSeries(instance, [{ minutes: end + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio }]),
    alert_rule_test: checks,
    promql_expr_test: [],
  };
}

export interface PromtoolTestSuite {
  /** File name suffix before .test.yml ('' for the main suite). */
  suffix: string;
  /** One evaluation interval per promtool file; long scenarios use 5m to stay fast. */
  evaluationInterval: string;
  tests: PromtoolTest[];
}

const defined = (t: PromtoolTest | undefined): t is PromtoolTest => t !== undefined;

export function sloTestSuites(instance: SloInstance): PromtoolTestSuite[] {
  const suites: PromtoolTestSuite[] = [
    { suffix: '', evaluationInterval: '5m', tests: [healthyTest(instance), zeroTrafficTest(instance), unevenTrafficTest(instance), slowBurnTest(instance)].filter(defined) },
    // Detection time is asserted to the minute, so this suite evaluates every minute.
    { suffix: '.detection', evaluationInterval: '1m', tests: [fullOutageTest(instance)].filter(defined) },
  ];
  return suites.filter((suite) => suite.tests.length > 0);
}
