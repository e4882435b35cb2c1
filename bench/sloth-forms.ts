/**
 * Sloth's two documented forms of the same SLO, written from the rule files Sloth publishes
 * (examples/_gen/getting-started.yml, Sloth 0.11+): every window as a raw rate() ratio, and the
 * period either raw too ("raw") or as the average of the recorded 5m ratios (the default,
 * "optimized"). Data for the benchmark, not code from Sloth.
 */
import type { AlertingRule, RecordingRule } from '../src/emitters/prometheus/rule-types.js';

export interface SlothSlo {
  id: string;
  /** Selectors of the bad and all events, e.g. http_requests_total{job="bench",code=~"5.."}. */
  bad: string;
  total: string;
  /** An events SLI whose error query is not one selector (Sloth's error_query/total_query with {{.window}}): the two queries of one window. */
  queries?: { error: (window: string) => string; total: (window: string) => string };
  objective: number;
  periodDays: number;
}

const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

export function slothRules(slo: SlothSlo, form: 'optimized' | 'raw'): Array<RecordingRule | AlertingRule> {
  const labels = { sloth_id: slo.id, sloth_service: 'bench', sloth_slo: slo.id };
  const selector = `{sloth_id="${slo.id}", sloth_service="bench", sloth_slo="${slo.id}"}`;
  const ratio = (window: string) =>
    slo.queries
      ? `(${slo.queries.error(window)})\n/\n(${slo.queries.total(window)})`
      : `(sum(rate(${slo.bad}[${window}])))\n/\n(sum(rate(${slo.total}[${window}])))`;
  const period = `${slo.periodDays}d`;
  const budget = 1 - slo.objective;
  const windows: RecordingRule[] = WINDOWS.map((w) => ({ record: `slo:sli_error:ratio_rate${w}`, expr: ratio(w), labels: { ...labels, sloth_window: w } }));
  const periodRule: RecordingRule =
    form === 'optimized'
      ? {
          record: `slo:sli_error:ratio_rate${period}`,
          expr: `sum_over_time(slo:sli_error:ratio_rate5m${selector}[${period}])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m${selector}[${period}])`,
          labels: { sloth_window: period },
        }
      : { record: `slo:sli_error:ratio_rate${period}`, expr: ratio(period), labels: { ...labels, sloth_window: period } };
  const meta: RecordingRule[] = [
    { record: 'slo:objective:ratio', expr: `vector(${slo.objective})`, labels },
    { record: 'slo:error_budget:ratio', expr: `vector(1-${slo.objective})`, labels },
    { record: 'slo:time_period:days', expr: `vector(${slo.periodDays})`, labels },
    {
      record: 'slo:current_burn_rate:ratio',
      expr: `slo:sli_error:ratio_rate5m${selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}`,
      labels,
    },
    {
      record: 'slo:period_burn_rate:ratio',
      expr: `slo:sli_error:ratio_rate${period}${selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}`,
      labels,
    },
    { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${selector}`, labels },
    { record: 'sloth_slo_info', expr: 'vector(1)', labels },
  ];
  const tier = (short: string, long: string, factor: number) =>
    `(slo:sli_error:ratio_rate${short}${selector} > (${factor} * ${budget}))\nand ignoring (sloth_window)\n(slo:sli_error:ratio_rate${long}${selector} > (${factor} * ${budget}))`;
  const alerts: AlertingRule[] = [
    {
      alert: 'SlothPage',
      expr: `(${tier('5m', '1h', 14.4)})\nor ignoring (sloth_window)\n(${tier('30m', '6h', 6)})`,
      labels: { sloth_severity: 'page' },
      annotations: {},
    },
    {
      alert: 'SlothTicket',
      expr: `(${tier('2h', '1d', 3)})\nor ignoring (sloth_window)\n(${tier('6h', '3d', 1)})`,
      labels: { sloth_severity: 'ticket' },
      annotations: {},
    },
  ];
  return [...windows, periodRule, ...meta, ...alerts];
}
