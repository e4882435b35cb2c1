/**
 * A semantic diff of two catalogs (a pull request's base and head): per SLO instance, what changes
 * for the people on call: objectives and periods, the budget as time, alert thresholds and
 * windows, paging policy, groups; SLOs added and removed; and the rule load (recorded series and
 * alerting rules, one evaluation each). Markdown for a pull-request comment, or JSON.
 */
import { formatBurnRate, formatDuration, formatPercent } from '../core/format.js';
import { periodText } from '../model/calendar.js';
import type { ResolvedCatalog, SloPlan } from '../model/types.js';

interface InstanceChange {
  instance: string;
  changes: Array<{ what: string; before: string; after: string }>;
}

export interface CatalogDiff {
  added: string[];
  removed: string[];
  changed: InstanceChange[];
  /** Recording rules (each records one series an evaluation; a grouped SLO one per group) and alerting rules. */
  load: { recordingRules: [number, number]; alertingRules: [number, number] };
}

const nameOf = (i: SloPlan) => `${i.service.name} ${i.sloId} (${i.env})`;

/** What a person reads about one instance, field by field. */
function facts(i: SloPlan): Record<string, string> {
  const tiers = i.alertPolicy.kind === 'burn-rate' ? i.alertPolicy.tiers : [];
  return {
    objective: formatPercent(i.objective),
    'future objective': i.future ? `${i.future.label} ${formatPercent(i.future.objective)}` : '-',
    period: periodText(i),
    'allowed per period': `${formatDuration(i.budget.perPeriodSeconds)}${i.timeBased ? ' of downtime' : ' (events)'}`,
    'alert policy': i.alertPolicy.kind === 'burn-rate' ? `${i.alerting}, burn rate` : `${i.alerting}, ${i.alertPolicy.kind}`,
    'alert tiers': tiers.length
      ? tiers.map((t) => `${t.severity} ${formatBurnRate(t.factor)} over ${t.longWindow}/${t.shortWindow} (${formatPercent(t.threshold)})`).join('; ')
      : '-',
    'groups by': i.groupBy.length ? i.groupBy.join(', ') : '-',
  };
}

export function diffCatalogs(
  base: ResolvedCatalog,
  head: ResolvedCatalog,
  ruleCounts: (model: ResolvedCatalog) => { recordingRules: number; alertingRules: number },
): CatalogDiff {
  const before = new Map(base.instances.map((i) => [nameOf(i), i]));
  const after = new Map(head.instances.map((i) => [nameOf(i), i]));
  const changed: InstanceChange[] = [];
  for (const [name, now] of after) {
    const then = before.get(name);
    if (!then) continue;
    const [a, b] = [facts(then), facts(now)];
    const changes = Object.keys(b)
      .filter((what) => a[what] !== b[what])
      .map((what) => ({ what, before: a[what], after: b[what] }));
    if (changes.length) changed.push({ instance: name, changes });
  }
  const [baseCounts, headCounts] = [ruleCounts(base), ruleCounts(head)];
  return {
    added: [...after.keys()].filter((n) => !before.has(n)),
    removed: [...before.keys()].filter((n) => !after.has(n)),
    changed,
    load: {
      recordingRules: [baseCounts.recordingRules, headCounts.recordingRules],
      alertingRules: [baseCounts.alertingRules, headCounts.alertingRules],
    },
  };
}

export function renderDiff(diff: CatalogDiff, base: string, format: 'markdown' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  const delta = ([a, b]: [number, number]) => `${a} → ${b}${b === a ? '' : ` (${b > a ? '+' : ''}${b - a})`}`;
  const lines = [`## SLO changes against ${base}`, ''];
  if (!diff.added.length && !diff.removed.length && !diff.changed.length) lines.push('No SLO changes.', '');
  if (diff.added.length) lines.push('**Added**', '', ...diff.added.map((n) => `- ${n}`), '');
  if (diff.removed.length) lines.push('**Removed**', '', ...diff.removed.map((n) => `- ${n}`), '');
  for (const c of diff.changed) {
    lines.push(`**${c.instance}**`, '', '| | before | after |', '|---|---|---|', ...c.changes.map((x) => `| ${x.what} | ${x.before} | ${x.after} |`), '');
  }
  lines.push(
    `Rule load per evaluation: ${delta(diff.load.recordingRules)} recording rules (a series each, one per group for grouped SLOs), ${delta(diff.load.alertingRules)} alerting rules.`,
    '',
  );
  return lines.join('\n');
}
