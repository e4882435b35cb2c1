/** Every SLO: while its raw series exist nothing is missing; once they vanish, the data-missing alert fires after its hold. */
import { Rational, ZERO } from '../../../core/decimal.js';
import { parseDuration } from '../../../core/duration.js';
import { MINUTE } from '../../../core/time.js';
import type { SloPlan } from '../../../model/types.js';
import { DATA_MISSING_FOR, dataMissingAlerts } from '../../prometheus/alert-rules.js';
import { inputSeries, seriesFor, type InputSeries } from '../synthetic-series.js';
import { firing, silent, type PromtoolTest } from './common.js';

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

export function dataMissingTests(instance: SloPlan): PromtoolTest[] {
  const [alert] = dataMissingAlerts(instance);
  if (!alert) return [];
  const hold = parseDuration(DATA_MISSING_FOR) / MINUTE;
  return [
    {
      name: `${instance.sloId} ${instance.env}: its series vanish: ${alert.alert} after ${DATA_MISSING_FOR}, not before`,
      interval: '1m',
      input_series: presentThenGone(instance),
      // Not yet 10 minutes before it may fire (a multiple of every suite's step), firing 10 minutes after.
      alert_rule_test: [silent(PRESENT, alert.alert), silent(PRESENT + LOOKBACK + hold - 10, alert.alert), firing(PRESENT + LOOKBACK + hold + 10, alert)],
      promql_expr_test: [],
    },
  ];
}
