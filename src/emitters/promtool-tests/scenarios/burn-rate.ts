/**
 * Scenarios for burn-rate alerts: healthy traffic, zero traffic, uneven traffic (event weighting),
 * each tier just above and just below its threshold, a slow burn, a full outage detected in time,
 * and the low-traffic guard. Every threshold, severity and detection time they expect comes from
 * the Workbook oracle, not from the plan's tiers; only the annotations' text is the emitter's.
 * One job over 400 lines: the scenarios of one alert policy, each a short function over the same
 * oracle and traffic helpers; split by scenario they would only pass those helpers around.
 */
import { ONE, Rational, ZERO } from '../../../core/decimal.js';
import { parseDuration } from '../../../core/duration.js';
import { formatBurnRate } from '../../../core/format.js';
import { HOUR, MINUTE } from '../../../core/time.js';
import { SERIES, seriesRef, windowPair } from '../../../model/conventions.js';
import type { SloPlan } from '../../../model/types.js';
import { alertLabels, burnRateAlerts } from '../../prometheus/alert-rules.js';
import { probeFailures, probeFailuresInLast, type TrafficSegment } from '../synthetic-series.js';
import { expectedTiers, guardAllows, unguardedEventsPerMinute, type ExpectedTier } from '../workbook-oracle.js';
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

/** Whether the plan's tiers carry the statistical low-traffic guard (and so need full windows and enough events). */
function guarded(instance: SloPlan): boolean {
  return instance.alertPolicy.kind === 'burn-rate' && instance.alertPolicy.guard !== undefined;
}

/**
 * A scenario of days, sampled every `every` minutes instead of every minute: the same counters at
 * a coarser step (a sample carries `every` minutes of events), so that promtool reads a tenth of the
 * samples. Only for tiers whose windows are 30m or more: a 5m rate needs samples a minute apart.
 */
function sampledEvery(every: number, segments: TrafficSegment[]): TrafficSegment[] {
  return segments.map((s) => ({ minutes: Math.ceil(s.minutes / every), eventsPerMinute: s.eventsPerMinute.mul(Rational.parse(every)), badRatio: s.badRatio }));
}

/** The sampling step of a tier's long scenarios: a minute where its short window is 5m, else 10 minutes. */
function stepFor(tier: ExpectedTier): number {
  return parseDuration(tier.shortWindow) >= 30 * MINUTE ? 10 : 1;
}

/** Minutes of history before a scenario's event: a page tier's long window full, where the guard weighs young windows. */
function historyFor(instance: SloPlan, tier: ExpectedTier): number {
  if (!guarded(instance) || tier.severity !== 'page') return HEALTHY_HOUR;
  // A group's 5m rate is first recorded once its raw series hold two samples: an evaluation (30m) later.
  return Math.max(HEALTHY_HOUR, parseDuration(tier.longWindow) / MINUTE) + (instance.groupBy.length ? 30 : 0);
}

/** The alert a tier must raise: labels from the oracle, annotation text from the rule emitter. */
function expectedAlert(instance: SloPlan, tier: ExpectedTier): ExpectedAlert {
  // By name and windows: Sloth's identity names every tier alike.
  const emitted = burnRateAlerts(instance).find((a) => a.alert === tier.alert && a.annotations.burn_window === windowPair(tier));
  // Severity from the oracle, identity from the plan, extra labels as the catalog sets them.
  return { exp_labels: { ...alertLabels(instance, tier.severity, tier), ...expectedLabels(instance) }, exp_annotations: emitted?.annotations ?? {} };
}

function fires(instance: SloPlan, tier: ExpectedTier, at: number): AlertCheck {
  return {
    eval_time: minutes(at),
    alertname: tier.alert,
    exp_alerts: [expectedAlert(instance, tier)],
    tier: { longWindow: tier.longWindow, shortWindow: tier.shortWindow },
  };
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
function outageStart(instance: SloPlan, fastest: ExpectedTier, step: number): { before: number; detection: number; deadline: number; traffic: Rational } {
  const detection = Math.ceil(fastest.fullOutageDetectionSeconds / MINUTE);
  const deadline = stepAtOrAfter(historyFor(instance, fastest) + detection + 1, step);
  // Traffic at which the guard's significance test cannot delay the Workbook's detection time.
  const traffic = Rational.parse(unguardedEventsPerMinute(instance, fastest, fastest.threshold.toNumber()));
  return { before: deadline - detection - 1, detection, deadline, traffic };
}

function fullOutageTest(instance: SloPlan, step: number): PromtoolTest | undefined {
  const fastest = fastestTier(instance);
  if (!fastest) return undefined;
  const { before, detection, deadline, traffic } = outageStart(instance, fastest, step);
  const outcome = fastest.severity === 'page' ? 'pages' : 'raises a ticket (never a page)';
  return {
    name: `${instance.sloId} ${instance.env}: a full outage ${outcome} within ${detection}m + 1 evaluation`,
    interval: '1m',
    input_series: seriesOf(instance, [
      { minutes: before, eventsPerMinute: traffic, badRatio: instance.errorBudget.mul(HEALTHY_BURN) },
      { minutes: deadline - before + 60, eventsPerMinute: traffic, badRatio: ONE },
    ]),
    alert_rule_test: [silent(before - 1, fastest.alert, fastest), fires(instance, fastest, deadline)],
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
  const { before, deadline, traffic } = outageStart(instance, fastest, step);
  const healthy = instance.errorBudget.mul(HEALTHY_BURN);
  const end = deadline + step;
  return {
    name: `${instance.sloId} ${instance.env}: by ${instance.groupBy.join(', ')}, a full outage of one group alerts for that group only`,
    interval: '1m',
    input_series: [
      ...seriesOf(instance, [{ minutes: end + 1, eventsPerMinute: traffic, badRatio: healthy }], 0),
      ...seriesOf(
        instance,
        [
          { minutes: before, eventsPerMinute: traffic, badRatio: healthy },
          { minutes: end - before + 1, eventsPerMinute: traffic, badRatio: ONE },
        ],
        1,
      ),
    ],
    alert_rule_test: [
      silent(before - 1, fastest.alert, fastest),
      {
        eval_time: minutes(deadline),
        alertname: fastest.alert,
        exp_alerts: [
          { ...expectedAlert(instance, fastest), exp_labels: { ...alertLabels(instance, fastest.severity, fastest), ...expectedLabels(instance, 1) } },
        ],
        tier: { longWindow: fastest.longWindow, shortWindow: fastest.shortWindow },
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
function tierState(instance: SloPlan, tier: ExpectedTier, ratio: Rational, minute: number, eventsPerMinute: Rational): boolean | undefined {
  if (instance.sli.kind !== 'probe') {
    const burn = clearlyAbove(ratio.div(instance.errorBudget), tier.factor);
    const held = Math.min(minute, parseDuration(tier.longWindow) / MINUTE);
    const guard = guardAllows(instance, tier, eventsPerMinute.toNumber() * held, ratio.toNumber(), held * MINUTE);
    if (burn === false || guard === false) return false;
    return burn && guard;
  }
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
  // Under the guard a page answers for a full long window only: the burn runs for the longest one.
  const end = Math.max(8 * 60, ...tiers.map((tier) => historyFor(instance, tier)));
  const ratio = instance.errorBudget.mul(SLOW_BURN).min(ONE);
  const traffic = Rational.parse(Math.max(...tiers.map((tier) => unguardedEventsPerMinute(instance, tier, ratio.toNumber(), end * MINUTE))));
  // Days of burn are sampled every 10 minutes: then only tiers with windows of 30m or more are read.
  const every = end > 8 * 60 ? 10 : 1;
  const states = tiers
    .filter((tier) => every === 1 || stepFor(tier) === every)
    .map((tier) => ({ tier, state: tierState(instance, tier, ratio, end, traffic) }));
  const checks = states.flatMap(({ tier, state }) => (state === undefined ? [] : [state ? fires(instance, tier, end) : silent(end, tier.alert, tier)]));
  const pages = states.some(({ tier, state }) => tier.severity === 'page' && state === true);
  const segment = { minutes: (instance.sli.kind === 'probe' ? end * PROBES_PER_MINUTE : end) + every, eventsPerMinute: traffic, badRatio: ratio };
  return {
    name: `${instance.sloId} ${instance.env}: a slow burn at ${SLOW_BURN.toDecimal()}× raises a ticket${pages ? '' : ' and no page'}`,
    interval: instance.sli.kind === 'probe' ? `${MINUTE / PROBES_PER_MINUTE}s` : `${every}m`,
    input_series: seriesOf(instance, sampledEvery(every, [segment])),
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
  return expectedTiers(instance).flatMap((tier) => {
    // A steady ratio reads the same over every window once each holds two samples: an hour is enough,
    // but the guard weighs a young window by its age, so there the tier's long window is filled.
    const end = historyFor(instance, tier);
    const above = tier.threshold.mul(ONE.add(EDGE)).min(ONE);
    const below = tier.threshold.mul(ONE.sub(EDGE));
    // Traffic at which the guard's significance test passes 5% above the threshold.
    const traffic = Rational.parse(unguardedEventsPerMinute(instance, tier, above.toNumber(), end * MINUTE));
    const every = end > 8 * 60 ? stepFor(tier) : 1;
    const steady = (ratio: Rational) => seriesOf(instance, sampledEvery(every, [{ minutes: end + every, eventsPerMinute: traffic, badRatio: ratio }]));
    const label = `${formatBurnRate(tier.factor)} (${tier.longWindow}/${tier.shortWindow})`;
    return [
      {
        name: `${instance.sloId} ${instance.env}: ${tier.alert} fires 5% above its Workbook threshold ${label}`,
        interval: `${every}m`,
        input_series: steady(above),
        alert_rule_test: [fires(instance, tier, end)],
        promql_expr_test: [],
      },
      {
        name: `${instance.sloId} ${instance.env}: ${tier.alert} stays silent 5% below its Workbook threshold ${label}`,
        interval: `${every}m`,
        input_series: steady(below),
        alert_rule_test: [silent(end, tier.alert, tier)],
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
    const held = Math.min(parseDuration(tier.longWindow), sustained * MINUTE);
    const events = (2 * held) / HOUR;
    const guard = guardAllows(instance, tier, events, 1, held);
    if (events <= minEvents * 0.8 || guard === false) return [silent(sustained, tier.alert, tier)];
    if (events >= minEvents * 1.2 && guard === true) return [fires(instance, tier, sustained)];
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

/**
 * The guard's young window (the case that paged a 99% latency SLO a minute after Prometheus started):
 * 7 events in the first minute, 5 of them bad, then the same traffic, healthy. Every window then
 * holds minutes of data; at 7 a minute, 5 bad events are a sliver of any tier's share of the budget.
 */
function youngBurstTest(instance: SloPlan): PromtoolTest | undefined {
  if (!guarded(instance)) return undefined;
  const seven = Rational.parse(7);
  // At minute m a window holds 7m events, 5 of them bad, for m minutes (the guard reads no age at all
  // before 5 minutes). A high objective's small budget can make even this a real share: the oracle says.
  const checks = [1, 2, 3, 5, 10, 15, 30, 60].flatMap((m) =>
    expectedTiers(instance).flatMap((tier) => {
      const held = Math.min(m, parseDuration(tier.longWindow) / MINUTE);
      const ratio = Rational.of(5n, BigInt(7 * held));
      // The short window holds the burst until it slides past it (undecided on its edge).
      const short = parseDuration(tier.shortWindow) / MINUTE;
      const inShort = m < short ? true : m > short + 1 ? false : undefined;
      const burn = inShort === false ? false : inShort && clearlyAbove(ratio.div(instance.errorBudget), tier.factor);
      const guard = guardAllows(instance, tier, 7 * held, ratio.toNumber(), m < 5 ? 0 : held * MINUTE);
      const minEvents = instance.alertPolicy.kind === 'burn-rate' ? (instance.alertPolicy.minEvents ?? 0) : 0;
      const enough = 7 * held <= minEvents * 0.8 ? false : 7 * held >= minEvents * 1.2 ? true : undefined;
      if (burn === false || guard === false || enough === false) return [silent(m, tier.alert, tier)];
      return burn && guard && enough ? [fires(instance, tier, m)] : [];
    }),
  );
  return {
    name: `${instance.sloId} ${instance.env}: Prometheus starts, 7 events in its first minute, 5 bad, then 7 a minute healthy`,
    interval: '1m',
    input_series: seriesOf(instance, [
      { minutes: 1, eventsPerMinute: seven, badRatio: Rational.of(5n, 7n) },
      { minutes: 60, eventsPerMinute: seven, badRatio: ZERO },
    ]),
    alert_rule_test: checks,
    promql_expr_test: [],
  };
}

/**
 * One bad event at a traffic low enough that it alone lifts both windows of the fastest tier above
 * its threshold (a fifth under 1/threshold events an hour): the burn rate alone would page. The
 * guard's test (one event is never significant) keeps it silent.
 */
function loneErrorTest(instance: SloPlan): PromtoolTest | undefined {
  const fastest = fastestTier(instance);
  if (!guarded(instance) || !fastest || fastest.threshold.cmp(Rational.parse('0.5')) > 0) return undefined;
  const window = parseDuration(fastest.longWindow) / MINUTE;
  const perWindow = Math.max(1, Math.floor(1 / (1.2 * fastest.threshold.toNumber())));
  const traffic = Rational.of(BigInt(perWindow), BigInt(window));
  const history = historyFor(instance, fastest);
  if (guardAllows(instance, fastest, perWindow + 1, 1 / (perWindow + 1), window * MINUTE) !== false) return undefined;
  return {
    name: `${instance.sloId} ${instance.env}: one bad event at ${perWindow} events per ${fastest.longWindow} (${formatBurnRate(Rational.of(1n, BigInt(perWindow + 1)).div(instance.errorBudget))} over ${fastest.longWindow}) raises no alert`,
    interval: '1m',
    input_series: seriesOf(instance, [
      { minutes: history, eventsPerMinute: traffic, badRatio: ZERO },
      { minutes: 1, eventsPerMinute: ONE, badRatio: ONE },
      { minutes: 30, eventsPerMinute: traffic, badRatio: ZERO },
    ]),
    alert_rule_test: silentAt([fastest], [history + 1, history + 2, history + 4, history + 10]),
    promql_expr_test: [],
  };
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
    // The guard's cases happen within minutes: evaluated every minute, over a few hours at most.
    { suffix: '.guard', evaluationInterval: minutes(1), tests: [youngBurstTest(instance), loneErrorTest(instance)].filter(defined) },
  ];
}
