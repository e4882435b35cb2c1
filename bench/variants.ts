/**
 * Options the benchmark measures beside sloforge's rules as generated: the same SLO with its 2h
 * and 6h error ratios summed from the recorded 5m rates (as the 1d and 3d ones are) instead of
 * raw rate() over every series. Cheaper; the cost is the lag of a 5m rate.
 */
import type { AlertingRule, RecordingRule, RuleGroup } from '../src/emitters/prometheus/rule-types.js';

export const SUMMED_WINDOWS = ['2h', '6h'];

/** The groups with `windows` computed like the 1d window, from the recorded 5m rates. */
export function withSummedWindows(groups: RuleGroup[], windows: string[] = SUMMED_WINDOWS): RuleGroup[] {
  const rules = groups.flatMap((g) => g.rules);
  const day = rules.find((r): r is RecordingRule => 'record' in r && r.record === 'slo:sli_error:ratio_rate1d');
  if (!day) throw new Error('no 1d error ratio to model the summed windows on');
  return groups.map((group) => ({
    ...group,
    rules: group.rules.map((rule: RecordingRule | AlertingRule) => {
      const window = 'record' in rule ? /^slo:sli_error:ratio_rate(\w+)$/.exec(rule.record)?.[1] : undefined;
      return window && windows.includes(window) ? { ...rule, expr: day.expr.split('[1d]').join(`[${window}]`) } : rule;
    }),
  }));
}
