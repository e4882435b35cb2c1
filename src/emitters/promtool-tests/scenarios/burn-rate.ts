/**
 * Scenarios for burn-rate alerts: healthy traffic, zero traffic, uneven traffic (event weighting),
 * a slow burn just above 1×, a full outage detected in time, and the low-traffic guard.
 */
import { detectionTime } from '../../../model/budget.js';
import type { BurnRateTier } from '../../../model/burn-rate.js';
import { ONE, Rational, ZERO } from '../../../model/decimal.js';
import { parseDuration } from '../../../model/duration.js';
import { alertName } from '../../../model/names.js';
import type { SloInstance } from '../../../model/types.js';
import { burnRateAlerts, type AlertSpec } from '../../prometheus/alert-rules.js';
import { instanceSeries } from '../../prometheus/promql.js';
import { SERIES } from '../../prometheus/series-names.js';
import { inputSeries } from '../synthetic-series.js';
import { around, exactly, expected, minutes, silent, silentAt, withinRange, type PromtoolTest, type PromtoolTestSuite } from './common.js';

const EVENTS_PER_MINUTE = Rational.parse(60);
const HEALTHY_BURN = Rational.parse('0.1');
export const SLOW_BURN = Rational.parse('1.1');

function alertFor(instance: SloInstance, tier: BurnRateTier): AlertSpec {
  return burnRateAlerts(instance).find((a) => a.alert === alertName(tier))!;
}

export function healthyTest(instance: SloInstance): PromtoolTest {
  const ratio = instance.errorBudget.mul(HEALTHY_BURN);
  const end = 8 * 60;
  // A probe once a minute sees no failure at all at 0.1× of a small budget: the ratio is then exactly 0.
  const noFailures = instance.sli.kind === 'probe' && ratio.mul(Rational.parse(end)).cmp(ONE) < 0;
  const checks = noFailures
    ? [exactly(instance.labels, SERIES.errorRatio('1d'), end, 0), exactly(instance.labels, SERIES.errorBudgetRemaining, end, 1)]
    : [
        // Probe failures are whole samples, so the measured share strays further from the target.
        withinRange(instance.labels, SERIES.errorRatio('1d'), end, ...around(ratio, Rational.parse(instance.timeBased ? '0.4' : '0.05'))),
        withinRange(instance.labels, SERIES.errorBudgetRemaining, end, ...around(ONE.sub(HEALTHY_BURN), Rational.parse(instance.timeBased ? '0.04' : '0.01'))),
      ];
  return {
    name: `${instance.sloId} ${instance.env}: healthy traffic at 0.1× burn raises no alert`,
    interval: '1m',
    input_series: inputSeries(instance.sli, [{ minutes: end + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ratio }]),
    alert_rule_test: silentAt(burnRateAlerts(instance), [60, 360, end]),
    promql_expr_test: checks,
  };
}

export function zeroTrafficTest(instance: SloInstance): PromtoolTest {
  const ratio = instance.sli.kind === 'probe' ? ZERO : instance.errorBudget.mul(HEALTHY_BURN);
  const quiet = 3 * 60;
  const recovered =
    ratio.isZero()
      ? exactly(instance.labels, SERIES.errorRatio('1d'), 2 * quiet, 0)
      : withinRange(instance.labels, SERIES.errorRatio('1d'), 2 * quiet, ...around(ratio));
  return {
    name: `${instance.sloId} ${instance.env}: ${instance.sli.kind === 'probe' ? 'no probe data' : 'zero traffic'} raises no alert and leaves no NaN in long windows`,
    interval: '1m',
    input_series: inputSeries(instance.sli, [
      { minutes: quiet, eventsPerMinute: ZERO, badRatio: ZERO },
      { minutes: quiet + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ratio },
    ]),
    alert_rule_test: silentAt(burnRateAlerts(instance), [60, quiet - 5, 2 * quiet]),
    promql_expr_test: [
      exactly(instance.labels, SERIES.badEventsRate5m, quiet - 5, 0),
      { expr: instanceSeries(SERIES.errorRatio('5m'), instance.labels), eval_time: minutes(quiet - 5), exp_samples: [] },
      recovered,
    ],
  };
}

/**
 * 4h of little traffic with many errors, then 4h of a hundred times more traffic, healthy.
 * The event-weighted 1d ratio is bad/total; an average of 5m ratios would be far higher.
 */
export function unevenTrafficTest(instance: SloInstance): PromtoolTest | undefined {
  if (instance.timeBased) return undefined; // every probe weighs the same time
  const half = 4 * 60;
  const lowTraffic = Rational.parse(6);
  const highTraffic = Rational.parse(600);
  const lowBad = instance.errorBudget.mul(Rational.parse(2)).min(ONE);
  const highBad = instance.errorBudget.mul(Rational.parse('0.1'));
  const expectedRatio = lowTraffic.mul(lowBad).add(highTraffic.mul(highBad)).div(lowTraffic.add(highTraffic));
  return {
    name: `${instance.sloId} ${instance.env}: long windows weight uneven traffic by events, not by time`,
    interval: '1m',
    input_series: inputSeries(instance.sli, [
      { minutes: half, eventsPerMinute: lowTraffic, badRatio: lowBad },
      { minutes: half + 1, eventsPerMinute: highTraffic, badRatio: highBad },
    ]),
    alert_rule_test: [],
    promql_expr_test: [withinRange(instance.labels, SERIES.errorRatio('1d'), 2 * half, ...around(expectedRatio, Rational.parse('0.1')))],
  };
}

/** The tier a full outage trips first, and when (Workbook detection time). */
export function fastestTier(instance: SloInstance): { tier: BurnRateTier; seconds: number } | undefined {
  return instance.tiers
    .map((tier) => ({ tier, seconds: detectionTime(tier, 1) }))
    .sort((a, b) => a.seconds - b.seconds)[0];
}

export function fullOutageTest(instance: SloInstance): PromtoolTest | undefined {
  const fastest = fastestTier(instance);
  if (!fastest) return undefined;
  const before = 60;
  // Workbook detection time plus one evaluation interval (1m).
  const deadline = before + Math.ceil(fastest.seconds / 60) + 1;
  const outcome = instance.alerting === 'page-and-ticket' ? 'pages' : 'raises a ticket (never a page)';
  const alert = alertFor(instance, fastest.tier);
  return {
    name: `${instance.sloId} ${instance.env}: a full outage ${outcome} within ${Math.ceil(fastest.seconds / 60)}m + 1 evaluation`,
    interval: '1m',
    input_series: inputSeries(instance.sli, [
      { minutes: before, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: instance.errorBudget.mul(HEALTHY_BURN) },
      { minutes: deadline - before + 60, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ONE },
    ]),
    alert_rule_test: [silent(before - 1, alert.alert), { eval_time: minutes(deadline), alertname: alert.alert, exp_alerts: [expected(alert)] }],
    promql_expr_test: [],
  };
}

/** Tiers whose factor sits within 5% of the slow burn are not asserted either way. */
function clearlyAbove(burn: Rational, factor: Rational): boolean | undefined {
  const ratio = burn.div(factor);
  if (ratio.cmp(Rational.parse('1.05')) > 0) return true;
  if (ratio.cmp(Rational.parse('0.95')) < 0) return false;
  return undefined;
}

export function slowBurnTest(instance: SloInstance): PromtoolTest | undefined {
  if (instance.tiers.length === 0) return undefined;
  const end = 8 * 60;
  const checks = instance.tiers.flatMap((tier) => {
    const fires = clearlyAbove(SLOW_BURN, tier.factor);
    if (fires === undefined) return [];
    const alert = alertFor(instance, tier);
    return [{ eval_time: minutes(end), alertname: alert.alert, exp_alerts: fires ? [expected(alert)] : [] }];
  });
  const pages = instance.tiers.some((t) => t.severity === 'page' && clearlyAbove(SLOW_BURN, t.factor));
  return {
    name: `${instance.sloId} ${instance.env}: a slow burn at ${SLOW_BURN.toDecimal()}× raises a ticket${pages ? '' : ' and no page'}`,
    interval: '1m',
    input_series: inputSeries(instance.sli, [{ minutes: end + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: instance.errorBudget.mul(SLOW_BURN).min(ONE) }]),
    alert_rule_test: checks,
    promql_expr_test: [],
  };
}

/**
 * Low-traffic guard: two events in an hour, one of them bad, amid silence, raise nothing;
 * the same trickle failing for 6h pages through the tiers whose long window holds enough events.
 */
export function lowTrafficTests(instance: SloInstance): PromtoolTest[] {
  if (instance.alertPolicy.kind !== 'burn-rate' || !instance.alertPolicy.minEvents) return [];
  const minEvents = instance.alertPolicy.minEvents;
  const trickle = Rational.of(2n, 60n); // two events an hour
  const alerts = burnRateAlerts(instance);
  const sustained = 6 * 60;
  const checks = instance.tiers.flatMap((tier) => {
    const events = (2 * Math.min(parseDuration(tier.longWindow), sustained * 60)) / 3600;
    if (events >= minEvents * 1.2) return [{ eval_time: minutes(sustained), alertname: alertName(tier), exp_alerts: [expected(alertFor(instance, tier))] }];
    if (events <= minEvents * 0.8) return [silent(sustained, alertName(tier))];
    return [];
  });
  return [
    {
      name: `${instance.sloId} ${instance.env}: one bad event out of two in an hour (below ${minEvents} events) raises no alert`,
      interval: '1m',
      input_series: inputSeries(instance.sli, [
        { minutes: 120, eventsPerMinute: ZERO, badRatio: ZERO },
        { minutes: 60, eventsPerMinute: trickle, badRatio: Rational.parse('0.5') },
        { minutes: 180 + 1, eventsPerMinute: ZERO, badRatio: ZERO },
      ]),
      alert_rule_test: silentAt(alerts, [150, 180, 240, 360]),
      promql_expr_test: [],
    },
    {
      name: `${instance.sloId} ${instance.env}: the same trickle failing for 6h alerts once ${minEvents} events are in the long window`,
      interval: '1m',
      input_series: inputSeries(instance.sli, [{ minutes: sustained + 1, eventsPerMinute: trickle, badRatio: ONE }]),
      alert_rule_test: checks,
      promql_expr_test: [],
    },
  ];
}

const defined = (t: PromtoolTest | undefined): t is PromtoolTest => t !== undefined;

export function burnRateSuites(instance: SloInstance): PromtoolTestSuite[] {
  return [
    { suffix: '', evaluationInterval: '5m', tests: [healthyTest(instance), zeroTrafficTest(instance), unevenTrafficTest(instance), slowBurnTest(instance), ...lowTrafficTests(instance)].filter(defined) },
    // Detection time is asserted to the minute, so this suite evaluates every minute.
    { suffix: '.detection', evaluationInterval: '1m', tests: [fullOutageTest(instance)].filter(defined) },
  ];
}

