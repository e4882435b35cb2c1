/**
 * Scenarios for a composite (journey) SLO, over its components' raw series and rule files: all
 * components healthy raise nothing; one component in a full outage moves the journey's error ratio
 * to its weight's share (weighted) or to 1 (worst), which fires or stays below each tier's
 * Workbook threshold as the oracle says.
 */
import { ONE, Rational } from '../../../core/decimal.js';
import { SERIES } from '../../../model/conventions.js';
import type { CompositeComponent, SloPlan } from '../../../model/types.js';
import { alertLabels, burnRateAlerts } from '../../prometheus/alert-rules.js';
import { inputSeries, type InputSeries, type TrafficSegment } from '../synthetic-series.js';
import { expectedTiers } from '../workbook-oracle.js';
import { around, minutes, silent, silentAt, withinRange, type PromtoolTest, type PromtoolTestSuite } from './common.js';

const EVENTS_PER_MINUTE = Rational.parse(60);
const HEALTHY_SHARE = Rational.parse('0.1');

/** Every component's raw series; undefined when two components read the same series (their traffic cannot differ). */
function componentSeries(components: CompositeComponent[], segmentsOf: (c: CompositeComponent) => TrafficSegment[]): InputSeries[] | undefined {
  const series = components.flatMap((c) => inputSeries(c.plan.sli, segmentsOf(c)));
  return new Set(series.map((s) => s.series)).size === series.length ? series : undefined;
}

/** The journey's error ratio when each component's is given. */
function journeyRatio(instance: SloPlan, ratios: Rational[]): Rational {
  if (instance.sli.kind !== 'composite') throw new Error('not a composite SLO');
  const { components, mode } = instance.sli;
  if (mode === 'worst') return ratios.reduce((a, b) => (a.cmp(b) >= 0 ? a : b));
  const weights = components.map((c) => Rational.parse(c.weight));
  const total = weights.reduce((a, b) => a.add(b));
  return ratios
    .map((r, i) => r.mul(weights[i]))
    .reduce((a, b) => a.add(b))
    .div(total);
}

/** Whether a burn clearly fires a tier (5% above), clearly does not (5% below), or cannot be told. */
function above(burn: Rational, factor: Rational): boolean | undefined {
  if (burn.cmp(factor.mul(Rational.parse('1.05'))) > 0) return true;
  if (burn.cmp(factor.mul(Rational.parse('0.95'))) < 0) return false;
  return undefined;
}

export function compositeSuites(instance: SloPlan): PromtoolTestSuite[] {
  if (instance.sli.kind !== 'composite') return [];
  const { components } = instance.sli;
  // Healthy components fail at a tenth of the journey's budget.
  const healthy = instance.errorBudget.mul(HEALTHY_SHARE);
  const end = 8 * 60;
  const steady = componentSeries(components, () => [{ minutes: end + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: healthy }]);
  const tiers = expectedTiers(instance);
  const tests: PromtoolTest[] = [];
  // Probes fail whole samples: their ratios stray from the target, so only event components check the value.
  const exact = components.every((c) => !c.plan.timeBased);
  if (steady) {
    tests.push({
      name: `${instance.sloId} ${instance.env}: every component healthy, the journey raises no alert`,
      interval: '1m',
      input_series: steady,
      alert_rule_test: silentAt(tiers, [60, 360, end]),
      promql_expr_test: exact
        ? [
            withinRange(
              instance.labels,
              SERIES.errorRatio('1h'),
              end,
              ...around(
                journeyRatio(
                  instance,
                  components.map(() => healthy),
                ),
                Rational.parse('0.1'),
              ),
            ),
          ]
        : [],
    });
  }
  // The first component fails completely from minute 60; at minute 125 both windows of the fastest tiers (1h and under) see only the outage.
  const outageAt = 60;
  const check = outageAt + 65;
  const failing = components[0];
  const outage = componentSeries(components, (c) =>
    c === failing
      ? [
          { minutes: outageAt, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: healthy },
          { minutes: check - outageAt + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: ONE },
        ]
      : [{ minutes: check + 1, eventsPerMinute: EVENTS_PER_MINUTE, badRatio: healthy }],
  );
  if (outage) {
    const ratio = journeyRatio(
      instance,
      components.map((c) => (c === failing ? ONE : healthy)),
    );
    const burn = ratio.div(instance.errorBudget);
    // The components' rule files alert too: the failing one fires its own tier, which the check must expect.
    const states = (plan: SloPlan, componentRatio: Rational) =>
      expectedTiers(plan)
        .filter((t) => t.longWindow === '1h')
        .map((t) => ({ plan, tier: t, fires: above(componentRatio.div(plan.errorBudget), t.factor) }));
    const all = [...states(instance, ratio), ...components.flatMap((c) => states(c.plan, c === failing ? ONE : healthy))];
    const checks = [...new Set(all.map((s) => s.tier.alert))].flatMap((alertname) => {
      const same = all.filter((s) => s.tier.alert === alertname);
      if (same.some((s) => s.fires === undefined)) return [];
      const expected = same
        .filter((s) => s.fires)
        .map((s) => ({
          exp_labels: alertLabels(s.plan, s.tier.severity, s.tier),
          exp_annotations: burnRateAlerts(s.plan).find((a) => a.alert === alertname)!.annotations,
        }));
      return [{ eval_time: minutes(check), alertname, exp_alerts: expected }];
    });
    tests.push({
      name: `${instance.sloId} ${instance.env}: ${failing.service} ${failing.slo} fails completely: the journey burns at ${burn.toDecimal(2)}× (${instance.sli.mode})`,
      interval: '1m',
      input_series: outage,
      alert_rule_test: [silent(outageAt - 1, tiers[0]?.alert ?? 'SLOBurnRate1h5m'), ...checks],
      promql_expr_test: exact ? [withinRange(instance.labels, SERIES.errorRatio('5m'), check, ...around(ratio, Rational.parse('0.05')))] : [],
    });
  }
  return [{ suffix: '', evaluationInterval: '1m', tests }];
}
