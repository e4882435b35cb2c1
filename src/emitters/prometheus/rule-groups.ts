/**
 * The rule groups of one SLO instance or capacity target, in one file (a ruler shards by group). An
 * SLO has two: what its alerts read, at the global interval (1m), and what only dashboards and
 * reports read (the period SLI, the budget left, metadata), every REPORTING_INTERVAL: the period
 * ratio alone reads a whole period of samples and was most of an SLO's cost per evaluation.
 */
import { REPORTING_INTERVAL, ruleGroupName, SERIES } from '../../model/conventions.js';
import type { CapacityInstance, SloPlan } from '../../model/types.js';
import { sloAlerts, toAlertingRule } from './alert-rules.js';
import { capacityAlerts, capacityRecordingRules } from './capacity-rules.js';
import type { RecordingRule, RuleGroup } from './rule-types.js';
import { burnRateThresholdRules, calendarRules, errorRatioRules, eventRateRules, metadataRules, observedAgeRules } from './sli-rules.js';

/** Whether a character code may continue a metric name ([a-zA-Z0-9_:]), and whether it may start one (not a digit). */
const isNameChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 58;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The names an expression reads (`name{…}`), and those it reads over a range (`name{…}[`); parsed
 * once per rule. A scan for braces, not a regular expression: this runs for every rule of every
 * instance, and the regular expression's matches cost a fifth of rule building at 10,000 SLOs.
 */
interface Reads {
  any: Set<string>;
  ranged: Set<string>;
}

function reads(expr: string): Reads {
  const any = new Set<string>();
  const ranged = new Set<string>();
  let from = 0;
  for (let open = expr.indexOf('{'); open !== -1; open = expr.indexOf('{', from)) {
    // The name is the run of name characters just before the brace, less any leading digits.
    let start = open;
    while (start > from && isNameChar(expr.charCodeAt(start - 1))) start -= 1;
    while (start < open && isDigit(expr.charCodeAt(start))) start += 1;
    if (start === open) {
      from = open + 1;
      continue;
    }
    const close = expr.indexOf('}', open + 1);
    if (close === -1) break;
    const name = expr.slice(start, open);
    any.add(name);
    if (expr.charCodeAt(close + 1) === 91 /* [ */) ranged.add(name);
    from = close + 1;
  }
  return { any, ranged };
}

/**
 * The names of an SLO's groups, in evaluation order: the alerting group, then the reporting group
 * (never empty: the metadata rules are read by no alert).
 */
export function sloRuleGroupNames(instance: SloPlan): [alerting: string, reporting: string] {
  const name = ruleGroupName(instance.labels);
  return [name, `${name}:reporting`];
}

/** Cheap constant series that dashboards' variables read to list the SLOs: evaluated with the alerts. */
const LISTED_AT_ONCE = [SERIES.info, SERIES.objective];

export function sloRuleGroups(instance: SloPlan): RuleGroup[] {
  const recording = [
    ...eventRateRules(instance),
    ...observedAgeRules(instance),
    ...errorRatioRules(instance),
    ...calendarRules(instance),
    ...metadataRules(instance),
    ...burnRateThresholdRules(instance),
  ];
  const alerts = sloAlerts(instance).map(toAlertingRule);
  // Plain loops over arrays: this runs for every instance, and the spread-and-flatMap form cost a sixth of rule building.
  const byName = new Map<string, RecordingRule[]>();
  const readsOf = new Map<RecordingRule, Reads>();
  const ranged = new Set<string>();
  for (const rule of recording) {
    const same = byName.get(rule.record);
    if (same) same.push(rule);
    else byName.set(rule.record, [rule]);
    const read = reads(rule.expr);
    readsOf.set(rule, read);
    for (const name of read.ranged) ranged.add(name);
  }
  // What the alerts read, and what that reads: evaluated with the alerts, every global interval. So is
  // what a rule sums over a window (5m rates): sampled every 4m, the sum would count minutes unevenly.
  const pending: RecordingRule[] = [];
  const readBy = (names: Iterable<string>) => {
    for (const name of names) for (const rule of byName.get(name) ?? []) pending.push(rule);
  };
  for (const alert of alerts) readBy(reads(alert.expr).any);
  // What dashboards list SLOs by ($slo, the overview): there from the first minute, not after up to 4m.
  readBy(LISTED_AT_ONCE);
  for (const rule of recording) if (ranged.has(rule.record)) pending.push(rule);
  const alerting = new Set<RecordingRule>();
  while (pending.length) {
    const rule = pending.pop()!;
    if (alerting.has(rule)) continue;
    alerting.add(rule);
    readBy(readsOf.get(rule)!.any);
  }
  const [name, reportingName] = sloRuleGroupNames(instance);
  const reporting = recording.filter((rule) => !alerting.has(rule));
  return [
    { name, rules: [...recording.filter((rule) => alerting.has(rule)), ...alerts] },
    ...(reporting.length ? [{ name: reportingName, interval: REPORTING_INTERVAL, rules: reporting }] : []),
  ];
}

/**
 * A grouped SLO's groups with the catalog's `maxGroups` as Prometheus' `limit` (every rule of such an
 * SLO writes one series per group): more groups fail the rules loudly instead of flooding the store.
 * An SLO without groups writes one series a rule, and gets no limit.
 */
export function withGroupLimit(instance: SloPlan, groups: RuleGroup[], maxGroups: number): RuleGroup[] {
  if (instance.groupBy.length === 0) return groups;
  return groups.map(({ name, interval, rules }) => ({ name, ...(interval ? { interval } : {}), limit: maxGroups, rules }));
}

export function capacityRuleGroup(capacity: CapacityInstance): RuleGroup {
  return {
    name: ruleGroupName(capacity.labels),
    rules: [...capacityRecordingRules(capacity), ...capacityAlerts(capacity).map(toAlertingRule)],
  };
}
