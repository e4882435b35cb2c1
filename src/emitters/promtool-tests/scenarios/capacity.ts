/** Scenarios for capacity targets: headroom tickets on a ceiling, low-volume tickets on a floor. */
import { Rational } from '../../../core/decimal.js';
import { parseDuration } from '../../../core/duration.js';
import { formatPercent } from '../../../core/format.js';
import { DAY, MINUTE } from '../../../core/time.js';
import type { CapacityInstance } from '../../../model/types.js';
import { capacityAlerts } from '../../prometheus/capacity-rules.js';
import { SERIES } from '../../../model/conventions.js';
import { encodeCounter, encodeSamples } from '../sample-encoding.js';
import { seriesFor } from '../synthetic-series.js';
import { firing, silent, withinRange, type PromtoolTest, type PromtoolTestSuite } from './common.js';

const MINUTES_PER_DAY = DAY / MINUTE;

/** Raw samples a minute for a load profile (load in the capacity's unit). */
function loadSeries(capacity: CapacityInstance, profile: Array<{ minutes: number; load: Rational }>) {
  const series = seriesFor(capacity.load.selector);
  switch (capacity.load.kind) {
    case 'gauge': {
      const perMinute = profile.flatMap((p) => Array.from({ length: p.minutes }, () => p.load));
      return [{ series, values: encodeSamples([...perMinute, perMinute.at(-1)!]) }];
    }
    case 'rate':
      return [{ series, values: encodeCounter(profile.map((p) => ({ minutes: p.minutes, step: p.load.mul(Rational.parse(60)) }))) }];
    case 'daily':
      return [{ series, values: encodeCounter(profile.map((p) => ({ minutes: p.minutes, step: p.load.div(Rational.parse(MINUTES_PER_DAY)) }))) }];
  }
}

export function capacitySuites(capacity: CapacityInstance): PromtoolTestSuite[] {
  const [alert] = capacityAlerts(capacity);
  const target = Rational.parse(capacity.target);
  const forMinutes = parseDuration(capacity.for) / 60;
  const tests: PromtoolTest[] = [];
  if (capacity.kind === 'ceiling') {
    const headroom = Rational.parse(capacity.headroom);
    const comfortable = target.mul(headroom.sub(Rational.parse('0.1')));
    const tight = target.mul(headroom.add(Rational.parse('0.1')).min(Rational.parse(1)));
    const change = 60;
    tests.push({
      name: `${capacity.id} ${capacity.env}: load at ${comfortable.toDecimal(3)} ${capacity.unit} is fine; above ${formatPercent(capacity.headroom)} of ${capacity.target} for ${capacity.for} tickets`,
      interval: '1m',
      input_series: loadSeries(capacity, [
        { minutes: change, load: comfortable },
        { minutes: forMinutes + 60, load: tight },
      ]),
      alert_rule_test: [silent(change - 5, alert.alert), silent(change + forMinutes - 10, alert.alert), firing(change + forMinutes + 15, alert)],
      promql_expr_test: [
        withinRange(capacity.labels, SERIES.capacityUtilization, change - 5, headroom.sub(Rational.parse('0.11')), headroom.sub(Rational.parse('0.09'))),
      ],
    });
  } else {
    const floor = Rational.parse(capacity.floorShare);
    const normal = target.mul(Rational.parse('1.44'));
    const drop = capacity.load.kind === 'daily' ? 1500 : 60;
    // A daily count decays for a day after the drop; a rate falls within 5 minutes.
    const crossing =
      capacity.load.kind === 'daily' ? drop + MINUTES_PER_DAY - floor.mul(target).div(normal).mul(Rational.parse(MINUTES_PER_DAY)).toNumber() : drop + 5;
    tests.push({
      name: `${capacity.id} ${capacity.env}: volume falling to nothing (a silent outage) tickets once below ${formatPercent(capacity.floorShare)} of ${capacity.target} ${capacity.unit} for ${capacity.for}`,
      interval: '1m',
      input_series: loadSeries(capacity, [
        { minutes: drop, load: normal },
        { minutes: Math.ceil(crossing - drop + forMinutes + 40), load: Rational.parse(0) },
      ]),
      alert_rule_test: [
        silent(drop - 10, alert.alert),
        silent(Math.floor((crossing - 30) / 5) * 5, alert.alert),
        firing(Math.ceil((crossing + forMinutes + 15) / 5) * 5, alert),
      ],
      promql_expr_test: [],
    });
  }
  return [{ suffix: '', evaluationInterval: '5m', tests }];
}
