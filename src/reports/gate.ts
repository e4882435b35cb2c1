/**
 * The release gate: the live report of one service and environment against its error-budget
 * policy. Go, no go (an objective missed, or less budget left than the policy allows) or cannot
 * tell (an SLO without data); an audited override turns a no go into a go and says so.
 */
import { formatMeasuredBurnRate, formatMeasuredPercent } from '../core/format.js';
import type { ReportFormat } from '../core/table.js';
import type { ResolvedCatalog } from '../model/types.js';
import type { CheckLine } from './checklist.js';
import { duplicatesText, type LiveReport } from './live.js';

type GateDecision = 'go' | 'no-go' | 'cannot tell';

export interface GateResult {
  service: string;
  env: string;
  at: string;
  policy: { blockBelow: number; warnBelow: number };
  /** The decision from the data, before any override. */
  evaluated: GateDecision;
  /** What the gate answers: the evaluated decision, or go when overridden. */
  decision: GateDecision;
  reasons: string[];
  warnings: string[];
  override?: { reason: string; by: string };
  /** The success criteria's release checklist, when evaluated: its environment and each item's status. */
  checklist?: { env: string; items: Array<{ item: string; status: CheckLine['status']; measured: string }> };
}

export function evaluateGate(
  model: ResolvedCatalog,
  report: LiveReport,
  target: { service: string; env: string },
  override?: { reason: string; by: string },
  checklist?: { env: string; lines: CheckLine[] },
): GateResult {
  const environment = model.environments.find((e) => e.service === target.service && e.name === target.env);
  const policy = environment?.budgetPolicy ?? { blockBelow: 0, warnBelow: 25 };
  const rows = report.rows.filter((r) => r.service === target.service && r.env === target.env);
  const reasons: string[] = [];
  const warnings: string[] = [];
  let unknown = rows.length === 0;
  if (rows.length === 0) reasons.push(`no SLO of ${target.service} has an SLA in ${target.env}`);
  const ambiguous = new Set<(typeof rows)[number]>();
  const burningPages = new Set<(typeof rows)[number]>();
  for (const r of rows) {
    const name = `${r.slo}${r.group ? ` (${r.group})` : ''}`;
    const left = r.errorBudgetRemaining === null ? null : r.errorBudgetRemaining * 100;
    if (r.status === 'bad data') {
      unknown = true;
      ambiguous.add(r);
      reasons.push(`${name}: bad data, so the budget left is unknown: ${r.dataProblems.join('; ')}`);
      continue;
    }
    if (r.duplicates) {
      // Several series for one SLO: judged by the worst, unless the best would be judged otherwise.
      const best = r.duplicates.best;
      const bestBlocks = best.errorBudgetRemaining !== null && best.errorBudgetRemaining * 100 < policy.blockBelow;
      const worstBlocks = r.status === 'missed' || (left !== null && left < policy.blockBelow);
      const bestMisses = best.sli !== null && best.sli + 1e-12 < r.objective;
      if (r.duplicates.verdictsDiffer || bestBlocks !== worstBlocks || bestMisses !== (r.status === 'missed')) {
        unknown = true;
        ambiguous.add(r);
        reasons.push(
          `${name}: ${duplicatesText(r.duplicates)}: the worst says ${worstBlocks ? 'no go' : 'go'} (${left === null ? 'no budget data' : `${left.toFixed(1)}% of the budget left`}), the best ${worstBlocks ? 'go' : 'no go'}; which series is the SLO cannot be told: aggregate ${r.duplicates.differingLabels.join(', ')} away in the SLO's selector, or fix the duplicate scrape`,
        );
        continue;
      }
      warnings.push(`${name}: ${duplicatesText(r.duplicates)}; all of them agree`);
    }
    if (r.status === 'burning' && r.firingAlerts.some((a) => a.endsWith('(page)'))) {
      // A page fires now: whatever the period's numbers, the budget burns fast; not the time to release.
      reasons.push(
        `${name}: a page fires now (${r.firingAlerts.join(', ')}); the budget is burning${r.burnRate === null ? '' : ` at ${formatMeasuredBurnRate(r.burnRate)}`}`,
      );
      burningPages.add(r);
    } else if (r.status === 'no data' || left === null) {
      unknown = true;
      reasons.push(`${name}: no data, so the budget left is unknown`);
    } else if (r.status === 'missed') reasons.push(`${name}: objective missed (SLI ${formatMeasuredPercent(r.sli!)}, ${left.toFixed(1)}% of the budget left)`);
    else if (left < policy.blockBelow) reasons.push(`${name}: ${left.toFixed(1)}% of the budget left, below the policy's ${policy.blockBelow}%`);
    else if (left < policy.warnBelow) warnings.push(`${name}: ${left.toFixed(1)}% of the budget left, below ${policy.warnBelow}%: release with care`);
    if (r.status === 'burning' && !burningPages.has(r)) warnings.push(`${name}: a ticket fires now (${r.firingAlerts.join(', ')}): release with care`);
  }
  // The release checklist: a failed item blocks; one the metrics cannot tell, or one for a person, is a warning.
  for (const line of checklist?.lines ?? []) {
    if (line.status === 'fail') reasons.push(`checklist (${checklist!.env}): ${line.item}: ${line.measured}`);
    else if (line.status === 'cannot tell') warnings.push(`checklist (${checklist!.env}): ${line.item}: cannot tell from metrics (${line.measured})`);
    else if (line.status === 'manual') warnings.push(`checklist (${checklist!.env}): ${line.item}: confirm by hand`);
  }
  const checklistFailed = (checklist?.lines ?? []).some((l) => l.status === 'fail');
  const blocked =
    checklistFailed ||
    rows.some(
      (r) =>
        burningPages.has(r) ||
        (!ambiguous.has(r) && (r.status === 'missed' || (r.errorBudgetRemaining !== null && r.errorBudgetRemaining * 100 < policy.blockBelow))),
    );
  const evaluated: GateDecision = blocked ? 'no-go' : unknown ? 'cannot tell' : 'go';
  const decision = override && evaluated !== 'go' ? 'go' : evaluated;
  return {
    service: target.service,
    env: target.env,
    at: report.at,
    policy,
    evaluated,
    decision,
    reasons,
    warnings,
    ...(override && evaluated !== 'go' ? { override } : {}),
    ...(checklist ? { checklist: { env: checklist.env, items: checklist.lines.map(({ item, status, measured }) => ({ item, status, measured })) } } : {}),
  };
}

/** 0 go, 1 no go, 2 cannot tell. */
export function gateExitCode(result: GateResult): number {
  return result.decision === 'go' ? 0 : result.decision === 'no-go' ? 1 : 2;
}

export function renderGate(result: GateResult, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  const headline =
    result.override !== undefined
      ? `GO (OVERRIDDEN: the data says ${result.evaluated.toUpperCase()}; reason: "${result.override.reason}", by ${result.override.by})`
      : result.decision.toUpperCase();
  const bullet = format === 'markdown' ? '- ' : '  ';
  const lines = [
    `${format === 'markdown' ? '# ' : ''}Release gate for ${result.service} in ${result.env}: ${headline}`,
    `policy: block below ${result.policy.blockBelow}% of the error budget left (or a missed objective), warn below ${result.policy.warnBelow}%; data at ${result.at}`,
    ...(result.reasons.length ? [`${result.evaluated === 'go' ? 'notes' : 'why'}:`, ...result.reasons.map((r) => `${bullet}${r}`)] : []),
    ...(result.warnings.length ? ['warnings:', ...result.warnings.map((w) => `${bullet}${w}`)] : []),
    ...(result.checklist
      ? [
          `release checklist (${result.checklist.env}): ${(['pass', 'fail', 'cannot tell', 'manual'] as const)
            .map((status) => `${result.checklist!.items.filter((i) => i.status === status).length} ${status}`)
            .join(', ')}`,
        ]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}
