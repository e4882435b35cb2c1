/**
 * Scenarios for burn-rate alerts: healthy traffic, zero traffic, uneven traffic (event weighting),
 * each tier just above and just below its threshold, a slow burn, a full outage detected in time,
 * and the low-traffic guard. Every threshold, severity and detection time they expect comes from
 * the Workbook oracle, not from the plan's tiers; only the annotations' text is the emitter's.
 */
import { ONE, Rational, ZERO } from '../../../core/decimal.js';
import { parseDuration } from '../../../core/duration.js';
import { formatBurnRate } from '../../../core/format.js';
import { HOUR, MINUTE } from '../../../core/time.js';
import { SERIES, seriesRef } from '../../../model/conventions.js';
import type { SloPlan } from '../../../model/types.js';
import { alertLabels, burnRateAlerts } from '../../prometheus/alert-rules.js';
import { probeFailures, probeFailuresInLast } from '../synthetic-series.js';
import { expectedTiers, type ExpectedTier } from '../workbook-oracle.js';
import {
  around,
  exactly,
  expectedLabels,
  minutes,
  seriesOf,
  silent,
  silentAt,
  stepAtOrAfter,
  withinRange,
  type AlertCheck,
  type ExpectedAlert,
  type PromtoolTest,
  type PromtoolTestSuite,
} from './common.js';

const EVENTS_PER_MINUTE = Rational.parse(60);
const HEALTHY_BURN = Rational.parse('0.1');
const SLOW_BURN = Rational.parse('1.1');
/** How far above and below a tier's threshold the edge tests go. */
const EDGE = Rational.parse('0.05');
/** Healthy traffic before an outage: the page tier's long window full of it. */
const HEALTHY_HOUR = 60;

/** The alert a tier must raise: labels from the oracle, annotation text from the rule emitter. */
function expectedAlert(instance: SloPlan, tier: ExpectedTier): ExpectedAlert {
  const emitted = burnRateAlerts(instance).find((a) => a.alert === tier.alert);
  // Severity from the oracle, identity from the plan, extra labels as the catalog sets them.
  return { exp_labels: { ...alertLabels(instance, tier.severity), ...expectedLabels(instance) }, exp_annotations: emitted?.annotations ?? {} };
}

function fires(instance: SloPlan, tier: ExpectedTier, at: number): AlertCheck {
  return { eval_time: minutes(at), alertname: tier.alert, exp_alerts: [expectedAlert(instance, tier)] };
}

function healthyTest(instance: SloPlan): PromtoolTest {
  const ratio = instance.errorBudget.mul(HEALTHY_BURN);
  const end = 8 * 60;
  // A probe once a minute sees no failure at all at 0.1× of a small budget: the ratio is then exactly 0.
  const noFailures = instance.sli.kind === 'probe' && ratio.mul(Rational.parse(end)).cmp(ONE) < 0;
  const checks = noFailures
    ? [exactly(expectedLabels(instance), SERIES.errorRatio('1d'), end, 0), exactly(expectedLabels(instance), SERIES.errorBudgetRemaining, end, 1)]
    : [
        // Probe failures are whole samples, so the measured share strays further from the target.
        withinRange(expectedLabels(instance), SERIES.errorRatio('1d'), end, ...around(ratio, Rational.parse(instance.timeBased ? '0.4' : '0.05'))),
        withinRange(
          expectedLabels(instance),
          SERIES.errorBudgetRemaining,
          end,
          ...around(ONE.sub(HEALTHY_BURN), Rational.parse(instance.timeBased ? '0.04' : '0.01')),
        ),
      ];
  return {
    name: `${instance.sloId} ${instance.env}: healthy traffic at 0.1× burn raises no alert`,
    interval: '1m',
    input_series: seriesOf(instance, [{ minutes: end + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ratio }]),
    alert_rule_test: silentAt(expectedTiers(instance), [60, 360, end]),
    promql_expr_test: checks,
  };
}

function zeroTrafficTest(instance: SloPlan, step: number): PromtoolTest {
  const ratio = instance.sli.kind === 'probe' ? ZERO : instance.errorBudget.mul(HEALTHY_BURN);
  const quiet = 3 * 60;
  // The last evaluation before traffic starts: its recorded rates are what an expression there reads.
  const beforeTraffic = quiet - step;
  const recovered = ratio.isZero()
    ? exactly(expectedLabels(instance), SERIES.errorRatio('1d'), 2 * quiet, 0)
    : withinRange(expectedLabels(instance), SERIES.errorRatio('1d'), 2 * quiet, ...around(ratio));
  return {
    name: `${instance.sloId} ${instance.env}: ${instance.sli.kind === 'probe' ? 'no probe data' : 'zero traffic'} raises no alert and leaves no NaN in long windows`,
    interval: '1m',
    input_series: seriesOf(instance, [
      { minutes: quiet, eventsPerMinute: ZERO, badRatio: ZERO },
      { minutes: quiet + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ratio },
    ]),
    alert_rule_test: silentAt(expectedTiers(instance), [60, beforeTraffic, 2 * quiet]),
    promql_expr_test: [
      // A group exists while its raw series do: a grouped probe without data records nothing, not 0.
      instance.groupBy.length && instance.sli.kind === 'probe'
        ? { expr: seriesRef(SERIES.badEventsRate5m, expectedLabels(instance)), eval_time: minutes(beforeTraffic), exp_samples: [] }
        : exactly(expectedLabels(instance), SERIES.badEventsRate5m, beforeTraffic, 0),
      { expr: seriesRef(SERIES.errorRatio('5m'), expectedLabels(instance)), eval_time: minutes(beforeTraffic), exp_samples: [] },
      recovered,
    ],
  };
}

/**
 * 4h of little traffic with many errors, then 4h of a hundred times more traffic, healthy.
 * The event-weighted 1d ratio is bad/total; an average of 5m ratios would be far higher.
 */
function unevenTrafficTest(instance: SloPlan): PromtoolTest | undefined {
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
    input_series: seriesOf(instance, [
      { minutes: half, eventsPerMinute: lowTraffic, badRatio: lowBad },
      { minutes: half + 1, eventsPerMinute: highTraffic, badRatio: highBad },
    ]),
    alert_rule_test: [],
    promql_expr_test: [withinRange(expectedLabels(instance), SERIES.errorRatio('1d'), 2 * half, ...around(expectedRatio, Rational.parse('0.1')))],
  };
}

/** The tier a full outage trips first, per the Workbook. */
function fastestTier(instance: SloPlan): ExpectedTier | undefined {
  return [...expectedTiers(instance)].sort((a, b) => a.fullOutageDetectionSeconds - b.fullOutageDetectionSeconds)[0];
}

/**
 * Detection is asserted to the minute at any step: the outage starts so that its deadline (the
 * Workbook's time plus a 1m evaluation) is an evaluation. Burn-rate alerts hold for nothing, and
 * every window reads raw series or rates recorded at steps that divide 30m, so the state there is
 * what a step of 1m gives.
 */
function outageStart(fastest: ExpectedTier, step: number): { before: number; detection: number; deadline: number } {
  const detection = Math.ceil(fastest.fullOutageDetectionSeconds / MINUTE);
  const deadline = stepAtOrAfter(HEALTHY_HOUR + detection + 1, step);
  return { before: deadline - detection - 1, detection, deadline };
}

function fullOutageTest(instance: SloPlan, step: number): PromtoolTest | undefined {
  const fastest = fastestTier(instance);
  if (!fastest) return undefined;
  const { before, detection, deadline } = outageStart(fastest, step);
  const outcome = fastest.severity === 'page' ? 'pages' : 'raises a ticket (never a page)';
  return {
    name: `${instance.sloId} ${instance.env}: a full outage ${outcome} within ${detection}m + 1 evaluation`,
    interval: '1m',
    input_series: seriesOf(instance, [
      { minutes: before, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: instance.errorBudget.mul(HEALTHY_BURN) },
      { minutes: deadline - before + 60, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ONE },
    ]),
    alert_rule_test: [silent(before - 1, fastest.alert), fires(instance, fastest, deadline)],
    promql_expr_test: [],
  };
}

/**
 * A grouped SLO: group a healthy, group b in a full outage. Only group b's fastest tier fires, with
 * group b's labels; group a's series stay there, at its healthy ratio (no `or vector(0)` hides it).
 */
function groupsTest(instance: SloPlan, step: number): PromtoolTest | undefined {
  const fastest = fastestTier(instance);
  if (instance.groupBy.length === 0 || !fastest) return undefined;
  const { before, deadline } = outageStart(fastest, step);
  const healthy = instance.errorBudget.mul(HEALTHY_BURN);
  const end = deadline + step;
  return {
    name: `${instance.sloId} ${instance.env}: by ${instance.groupBy.join(', ')}, a full outage of one group alerts for that group only`,
    interval: '1m',
    input_series: [
      ...seriesOf(instance, [{ minutes: end + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: healthy }], 0),
      ...seriesOf(
        instance,
        [
          { minutes: before, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: healthy },
          { minutes: end - before + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ONE },
        ],
        1,
      ),
    ],
    alert_rule_test: [
      silent(before - 1, fastest.alert),
      {
        eval_time: minutes(deadline),
        alertname: fastest.alert,
        exp_alerts: [{ ...expectedAlert(instance, fastest), exp_labels: { ...alertLabels(instance, fastest.severity), ...expectedLabels(instance, 1) } }],
      },
    ],
    // Probes fail whole samples: at 0.1× a healthy group's hour holds none, so only event SLIs check the ratio.
    promql_expr_test: instance.timeBased
      ? []
      : [withinRange(expectedLabels(instance, 0), SERIES.errorRatio('1h'), end, ...around(healthy, Rational.parse('0.2')))],
  };
}

/** Tiers whose factor sits within `margin` (5%) of the burn are not asserted either way. */
function clearlyAbove(burn: Rational, factor: Rational, margin = EDGE): boolean | undefined {
  const ratio = burn.div(factor);
  if (ratio.cmp(ONE.add(margin)) > 0) return true;
  if (ratio.cmp(ONE.sub(margin)) < 0) return false;
  return undefined;
}

/** A probe window's share of failures is counted exactly: only an exact tie stays undecided. */
const COUNTED = Rational.parse('0.001');

/** Probes in the slow-burn test answer every 15s, as a blackbox exporter does: 4 samples a minute. */
const PROBES_PER_MINUTE = 4;

/**
 * Whether a tier must fire (true), must stay silent (false) or cannot be told (undefined) at
 * `minute` of a steady burn. Events are exact. A probe fails whole samples, so its windows are
 * counted on the very samples written, give or take one failure and one sample: a range
 * selector's first sample, and a sample on a 5m boundary that two recorded rates both count.
 */
function tierState(instance: SloPlan, tier: ExpectedTier, ratio: Rational, minute: number): boolean | undefined {
  if (instance.sli.kind !== 'probe') return clearlyAbove(ratio.div(instance.errorBudget), tier.factor);
  const samples = probeFailures([{ minutes: minute * PROBES_PER_MINUTE + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ratio }]);
  const windows = [tier.longWindow, tier.shortWindow].map((window) => {
    const n = Math.min((parseDuration(window) / MINUTE) * PROBES_PER_MINUTE + 1, samples.length);
    const failed = probeFailuresInLast(samples, n);
    const bounds = [Rational.of(BigInt(Math.max(failed - 1, 0)), BigInt(n + 1)), Rational.of(BigInt(failed + 1), BigInt(n - 1))];
    return bounds.map((share) => clearlyAbove(share.div(instance.errorBudget), tier.factor, COUNTED));
  });
  if (windows.every((states) => states.every((state) => state === true))) return true;
  if (windows.some((states) => states.every((state) => state === false))) return false;
  return undefined;
}

function slowBurnTest(instance: SloPlan): PromtoolTest | undefined {
  const tiers = expectedTiers(instance);
  if (tiers.length === 0) return undefined;
  const end = 8 * 60;
  const ratio = instance.errorBudget.mul(SLOW_BURN).min(ONE);
  const states = tiers.map((tier) => ({ tier, state: tierState(instance, tier, ratio, end) }));
  const checks = states.flatMap(({ tier, state }) => (state === undefined ? [] : [state ? fires(instance, tier, end) : silent(end, tier.alert)]));
  const pages = states.some(({ tier, state }) => tier.severity === 'page' && state === true);
  return {
    name: `${instance.sloId} ${instance.env}: a slow burn at ${SLOW_BURN.toDecimal()}× raises a ticket${pages ? '' : ' and no page'}`,
    interval: instance.sli.kind === 'probe' ? `${MINUTE / PROBES_PER_MINUTE}s` : '1m',
    input_series: seriesOf(instance, [
      { minutes: (instance.sli.kind === 'probe' ? end * PROBES_PER_MINUTE : end) + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ratio },
    ]),
    alert_rule_test: checks,
    promql_expr_test: [],
  };
}

/**
 * Each tier at a steady error ratio 5% above its Workbook threshold fires, and 5% below stays
 * silent: this pins every threshold of the rule file to the Workbook's. Probes fail whole
 * samples, so their short windows cannot hold a ratio this close; time-based SLIs skip it.
 */
function thresholdEdgeTests(instance: SloPlan): PromtoolTest[] {
  if (instance.timeBased) return [];
  // A steady ratio reads the same over every window once each holds two samples: an hour is enough.
  const end = 60;
  return expectedTiers(instance).flatMap((tier) => {
    const above = tier.threshold.mul(ONE.add(EDGE)).min(ONE);
    const below = tier.threshold.mul(ONE.sub(EDGE));
    const steady = (ratio: Rational) => seriesOf(instance, [{ minutes: end + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ratio }]);
    const label = `${formatBurnRate(tier.factor)} (${tier.longWindow}/${tier.shortWindow})`;
    return [
      {
        name: `${instance.sloId} ${instance.env}: ${tier.alert} fires 5% above its Workbook threshold ${label}`,
        interval: '1m',
        input_series: steady(above),
        alert_rule_test: [fires(instance, tier, end)],
        promql_expr_test: [],
      },
      {
        name: `${instance.sloId} ${instance.env}: ${tier.alert} stays silent 5% below its Workbook threshold ${label}`,
        interval: '1m',
        input_series: steady(below),
        alert_rule_test: [silent(end, tier.alert)],
        promql_expr_test: [],
      },
    ];
  });
}

/**
 * Low-traffic guard: fewer events than the guard asks for in an hour (two, one of them bad; one,
 * bad, under a guard of 2), amid silence, raise nothing; a trickle of two an hour failing for 6h
 * pages through the tiers whose long window holds enough events.
 */
function lowTrafficTests(instance: SloPlan): PromtoolTest[] {
  if (instance.alertPolicy.kind !== 'burn-rate' || !instance.alertPolicy.minEvents) return [];
  const minEvents = instance.alertPolicy.minEvents;
  const trickle = Rational.of(2n, 60n); // two events an hour
  const tiers = expectedTiers(instance);
  const sustained = 6 * 60;
  const checks = tiers.flatMap((tier) => {
    const events = (2 * Math.min(parseDuration(tier.longWindow), sustained * MINUTE)) / HOUR;
    if (events >= minEvents * 1.2) return [fires(instance, tier, sustained)];
    if (events <= minEvents * 0.8) return [silent(sustained, tier.alert)];
    return [];
  });
  // Events in the quiet hour: below the guard, so that nothing may fire (none left below a guard of 1).
  const few = Math.min(2, minEvents - 1);
  const belowGuard: PromtoolTest[] =
    few < 1
      ? []
      : [
          {
            name: `${instance.sloId} ${instance.env}: ${few === 2 ? 'one bad event out of two' : 'one bad event'} in an hour (below ${minEvents} events) raises no alert`,
            interval: '1m',
            input_series: seriesOf(instance, [
              { minutes: 120, eventsPerMinute: ZERO, badRatio: ZERO },
              { minutes: 60, eventsPerMinute: Rational.of(BigInt(few), 60n), badRatio: few === 2 ? Rational.parse('0.5') : ONE },
              { minutes: 180 + 1, eventsPerMinute: ZERO, badRatio: ZERO },
            ]),
            alert_rule_test: silentAt(tiers, [150, 180, 240, 360]),
            promql_expr_test: [],
          },
        ];
  return [
    ...belowGuard,
    {
      name: `${instance.sloId} ${instance.env}: the same trickle failing for 6h alerts once ${minEvents} events are in the long window`,
      interval: '1m',
      input_series: seriesOf(instance, [{ minutes: sustained + 1, eventsPerMinute: trickle, badRatio: ONE }]),
      alert_rule_test: checks,
      promql_expr_test: [],
    },
  ];
}

const defined = (t: PromtoolTest | undefined): t is PromtoolTest => t !== undefined;

export function burnRateSuites(instance: SloPlan): PromtoolTestSuite[] {
  // promtool evaluates every rule at every step, so the step is most of a suite's cost: every check
  // here is at a multiple of 30m, tiled windows line up at any step dividing 30m, and burn-rate
  // alerts have no hold. Probes count the samples their 5m rates hold at each step, and keep 5m.
  const step = instance.timeBased ? 5 : 30;
  return [
    {
      suffix: '',
      evaluationInterval: minutes(step),
      tests: [
        healthyTest(instance),
        zeroTrafficTest(instance, step),
        unevenTrafficTest(instance),
        slowBurnTest(instance),
        ...thresholdEdgeTests(instance),
        ...lowTrafficTests(instance),
      ].filter(defined),
    },
    { suffix: '.detection', evaluationInterval: minutes(step), tests: [fullOutageTest(instance, step), groupsTest(instance, step)].filter(defined) },
  ];
}
