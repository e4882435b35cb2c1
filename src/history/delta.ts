/** The backtest delta of a catalog change: the changed SLOs replayed under both revisions, pages and tickets compared. */
import { sloRuleGroups } from '../emitters/prometheus/rule-groups.js';
import type { ResolvedCatalog } from '../model/types.js';
import { backtest, type BacktestOptions, type BacktestResult } from './backtest.js';
import { instanceKey } from './replay-rules.js';

interface BacktestDeltaRow {
  instance: string;
  pages: [number, number];
  tickets: [number, number];
}

export interface BacktestDelta {
  prometheus: string;
  from: number;
  to: number;
  /** SLO instances whose rules differ: only these can alert differently. */
  rows: BacktestDeltaRow[];
  pages: [number, number];
  tickets: [number, number];
}

const countsOf = (result: BacktestResult | undefined, key: string, severity: string) =>
  result?.episodes.filter((e) => instanceKey(e.labels as never) === key && e.severity === severity).length ?? 0;

export async function backtestDelta(base: ResolvedCatalog, head: ResolvedCatalog, prometheus: string, options: BacktestOptions): Promise<BacktestDelta> {
  const rulesOf = (model: ResolvedCatalog) => new Map(model.instances.map((p) => [instanceKey(p.labels), JSON.stringify(sloRuleGroups(p))]));
  const [baseRules, headRules] = [rulesOf(base), rulesOf(head)];
  const changed = [...new Set([...baseRules.keys(), ...headRules.keys()])].filter((key) => baseRules.get(key) !== headRules.get(key)).sort();
  const selectIn = (model: ResolvedCatalog) => model.instances.filter((p) => changed.includes(instanceKey(p.labels)));
  const [baseSelected, headSelected] = [selectIn(base), selectIn(head)];
  const before = baseSelected.length ? await backtest(base, baseSelected, prometheus, options) : undefined;
  const after = headSelected.length ? await backtest(head, headSelected, prometheus, options) : undefined;
  const rows = changed.map((key) => ({
    instance: key,
    pages: [countsOf(before, key, 'page'), countsOf(after, key, 'page')] as [number, number],
    tickets: [countsOf(before, key, 'ticket'), countsOf(after, key, 'ticket')] as [number, number],
  }));
  const total = (pick: (r: BacktestDeltaRow) => [number, number]) =>
    rows.reduce<[number, number]>((sum, r) => [sum[0] + pick(r)[0], sum[1] + pick(r)[1]], [0, 0]);
  return {
    prometheus,
    from: before?.from ?? after?.from ?? options.from,
    to: before?.to ?? after?.to ?? options.to,
    rows,
    pages: total((r) => r.pages),
    tickets: total((r) => r.tickets),
  };
}

export function renderBacktestDelta(delta: BacktestDelta): string {
  const iso = (t: number) => new Date(t * 1000).toISOString().replace(':00.000Z', 'Z');
  const days = Number(((delta.to - delta.from) / 86_400).toFixed(1));
  const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;
  const lines = [`### Backtest on ${delta.prometheus}, ${iso(delta.from)} → ${iso(delta.to)}`, ''];
  if (!delta.rows.length) return [...lines, 'No SLO alerts differently: no rule changed.', ''].join('\n');
  lines.push(
    `This change would have paged ${times(delta.pages[1])} instead of ${delta.pages[0]} and ticketed ${times(delta.tickets[1])} instead of ${delta.tickets[0]} in the last ${days} days.`,
    '',
    '| SLO (service/slo/env) | pages before | pages after | tickets before | tickets after |',
    '|---|---|---|---|---|',
    ...delta.rows.map((r) => `| ${r.instance} | ${r.pages[0]} | ${r.pages[1]} | ${r.tickets[0]} | ${r.tickets[1]} |`),
    '',
  );
  return lines.join('\n');
}
