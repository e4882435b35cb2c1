/** Every SLO: while its raw series exist nothing is missing; once they vanish, the data-missing alert fires after its hold. */
import { Rational, ZERO } from '../../../core/decimal.js';
import { parseDuration } from '../../../core/duration.js';
import { MINUTE } from '../../../core/time.js';
import type { SloPlan } from '../../../model/types.js';
import { DATA_MISSING_FOR, dataMissingAlerts } from '../../prometheus/alert-rules.js';
import { inputSeries, seriesFor, type InputSeries } from '../synthetic-series.js';
import { firing, silent, stepAtOrAfter, type PromtoolTest } from './common.js';

const PRESENT = 60;
/** Prometheus drops a series 5 minutes after its last sample (the lookback delta). */
const LOOKBACK = 5;

function presentThenGone(instance: SloPlan): InputSeries[] {
  const present: InputSeries[] =
    instance.sli.kind === 'freshness'
      ? [{ series: seriesFor(instance.sli.lastSuccess), values: `${PRESENT * 60}x${PRESENT}` }]
      : inputSeries(instance.sli, [{ minutes: PRESENT + 1, eventsPerMinute: Rational.parse(60), badRatio: ZERO }]);
  return present.map((s) => ({ series: s.series, values: `${s.values} _x${PRESENT}` }));
}

/**
 * Checked at the suite's step (minutes): the alert turns pending at the first evaluation that finds
 * the series gone and fires at the first one a hold later. The last sample is at PRESENT or one
 * minute later (a counter's final value), and a sample on the lookback's edge may still count.
 */
export function dataMissingTests(instance: SloPlan, step: number): PromtoolTest[] {
  const [alert] = dataMissingAlerts(instance);
  if (!alert) return [];
  const hold = parseDuration(DATA_MISSING_FOR) / MINUTE;
  const firesBy = stepAtOrAfter(stepAtOrAfter(PRESENT + 1 + LOOKBACK + 1, step) + hold, step);
  const silentUntil = stepAtOrAfter(stepAtOrAfter(PRESENT + LOOKBACK, step) + hold, step) - step;
  return [
    {
      name: `${instance.sloId} ${instance.env}: its series vanish: ${alert.alert} after ${DATA_MISSING_FOR}, not before`,
      interval: '1m',
      input_series: presentThenGone(instance),
      alert_rule_test: [silent(PRESENT, alert.alert), silent(silentUntil, alert.alert), firing(firesBy, alert)],
      promql_expr_test: [],
    },
  ];
}
