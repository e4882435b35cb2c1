/**
 * The generated rules, arranged for replaying over past data: the recording rules that the
 * selected SLOs' alerts (and their budget) read, in dependency levels (level 0 reads raw series
 * only), optionally renamed so that a replay never mixes with series a live Prometheus records.
 */
import { capacityRuleGroup, sloRuleGroups } from '../emitters/prometheus/rule-groups.js';
import type { AlertingRule, RecordingRule } from '../emitters/prometheus/rule-types.js';
import { SERIES } from '../model/conventions.js';
import type { ResolvedCatalog, SloPlan } from '../model/types.js';

type IdentityOf = { service: string; slo: string; env: string };

export interface ReplayRules {
  /** Recording rules by level: level n reads only raw series and the output of levels below n. */
  levels: RecordingRule[][];
  /** The selected instances' alerting rules, reading the (renamed) recorded series. */
  alerts: AlertingRule[];
  /** Per selected instance (key service/slo/env): an instant query of its remaining error budget. */
  budgetRemaining: Map<string, string>;
}

export const instanceKey = (labels: { service: string; slo: string; env: string }) => `${labels.service}/${labels.slo}/${labels.env}`;

const SELECTOR_RE = /([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}/g;
/** A selector not followed by a range: `name{…}` but not `name{…}[5m]`. */
const INSTANT_SELECTOR_RE = /([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}(?!\[)/g;
const MATCHER_RE = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;

/** The recording rules an expression reads: `name{k="v",…}` matched on name and on the rule's own labels. */
function rulesReadBy(expr: string, byName: Map<string, RecordingRule[]>): RecordingRule[] {
  const read: RecordingRule[] = [];
  for (const [, name, matcherText] of expr.matchAll(SELECTOR_RE)) {
    const candidates = byName.get(name);
    if (!candidates) continue;
    const equalities = [...matcherText.matchAll(MATCHER_RE)].filter(([, , op]) => op === '=').map(([, label, , value]) => [label, value]);
    read.push(...candidates.filter((rule) => equalities.every(([label, value]) => !(label in rule.labels) || rule.labels[label] === value)));
  }
  return read;
}

/** Replaces every recorded name in an expression (a selector `name{`) by its renamed form. */
function renameIn(expr: string, rename: (name: string) => string, names: Set<string>): string {
  return expr.replace(SELECTOR_RE, (whole, name: string, matchers: string) => (names.has(name) ? `${rename(name)}{${matchers}}` : whole));
}

/**
 * The rules to replay for `selected`. `what: 'alerts'` keeps what the alerts and the budget read
 * (a backtest); `what: 'all'` keeps every recording rule of the selected instances (a backfill).
 */
export function replayRules(model: ResolvedCatalog, selected: SloPlan[], options: { what: 'alerts' | 'all'; rename?: (name: string) => string }): ReplayRules {
  // Every recording rule of the catalog: a composite journey reads its components' series.
  const groups = [...model.instances.flatMap(sloRuleGroups), ...model.capacities.map(capacityRuleGroup)];
  const recording = groups.flatMap((g) => g.rules.filter((r): r is RecordingRule => 'record' in r));
  const byName = new Map<string, RecordingRule[]>();
  for (const rule of recording) byName.set(rule.record, [...(byName.get(rule.record) ?? []), rule]);

  const selectedKeys = new Set(selected.map((p) => instanceKey(p.labels)));
  const alerts = selected.flatMap(sloRuleGroups).flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r));
  const ownRules = recording.filter((r) => selectedKeys.has(instanceKey(r.labels as IdentityOf)));

  // The remaining budget is read at alert times only: its rule with the period ratio it reads written
  // inline (recording a 30d ratio at every step of a replay costs more than the rest together).
  const budgetRemaining = new Map<string, string>();
  for (const plan of selected) {
    const rule = ownRules.find((r) => r.record === SERIES.errorBudgetRemaining && instanceKey(r.labels as IdentityOf) === instanceKey(plan.labels));
    if (!rule) continue;
    const inline = rule.expr.replace(INSTANT_SELECTOR_RE, (whole, name: string, matchers: string) => {
      const [read] = rulesReadBy(`${name}{${matchers}}`, byName);
      return read ? `(${read.expr})` : whole;
    });
    budgetRemaining.set(instanceKey(plan.labels), inline);
  }

  const roots = options.what === 'all' ? ownRules.map((r) => r.expr) : [...alerts.map((a) => a.expr), ...budgetRemaining.values()];
  const keep = new Set<RecordingRule>(options.what === 'all' ? ownRules : []);
  const pending = roots.flatMap((expr) => rulesReadBy(expr, byName));
  while (pending.length) {
    const rule = pending.pop()!;
    if (keep.has(rule)) continue;
    keep.add(rule);
    pending.push(...rulesReadBy(rule.expr, byName));
  }

  const level = new Map<RecordingRule, number>();
  const levelOf = (rule: RecordingRule, path: Set<RecordingRule> = new Set()): number => {
    const known = level.get(rule);
    if (known !== undefined) return known;
    if (path.has(rule)) throw new Error(`recording rules read each other in a cycle: ${rule.record}`);
    const deps = rulesReadBy(rule.expr, byName).filter((r) => r !== rule);
    const value = deps.length ? 1 + Math.max(...deps.map((d) => levelOf(d, new Set([...path, rule])))) : 0;
    level.set(rule, value);
    return value;
  };

  const names = new Set(recording.map((r) => r.record));
  const rename = options.rename ?? ((name: string) => name);
  const renamed = (rule: RecordingRule): RecordingRule => ({ ...rule, record: rename(rule.record), expr: renameIn(rule.expr, rename, names) });
  const levels: RecordingRule[][] = [];
  for (const rule of recording) if (keep.has(rule)) (levels[levelOf(rule)] ??= []).push(renamed(rule));

  for (const [key, expr] of budgetRemaining) budgetRemaining.set(key, renameIn(expr, rename, names));

  return { levels: levels.filter(Boolean), alerts: alerts.map((a) => ({ ...a, expr: renameIn(a.expr, rename, names) })), budgetRemaining };
}
