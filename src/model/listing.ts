/** One plain row per SLO instance or capacity target, for `sloforge list`. */
import { formatDuration, formatPercent } from '../core/format.js';
import { plannedDowntimeSeconds } from './maintenance.js';
import { periodText } from './calendar.js';
import type { ResolvedCatalog } from './types.js';

export interface ListRow {
  service: string;
  /** The SLO id (or capacity id) of the contract. */
  id: string;
  slo: string;
  env: string;
  kind: string;
  title: string;
  /** Active objective ("99%"); for capacity targets the target load ("50 req/s"). */
  objective: string;
  objectiveRatio: number | null;
  /** A later target (e.g. GA 99.9%), shown beside the active one. */
  futureObjective: string | null;
  futureObjectiveRatio: number | null;
  futureLabel: string | null;
  period: string | null;
  errorBudget: string | null;
  errorBudgetRatio: number | null;
  /** The budget as time per period: downtime for time-based SLIs, the same share of the period otherwise. */
  errorBudgetTime: string | null;
  futureErrorBudgetTime: string | null;
  alerting: string;
  alertPolicy: string;
  plannedMaintenance: string | null;
}

export function listRows(model: ResolvedCatalog): ListRow[] {
  const slos: ListRow[] = model.instances.map((i) => ({
    service: i.service.name,
    id: i.sloId,
    slo: i.sloId,
    env: i.env,
    kind: i.sli.kind,
    title: i.title,
    objective: formatPercent(i.objective),
    objectiveRatio: i.objective.toNumber(),
    futureObjective: i.future ? formatPercent(i.future.objective) : null,
    futureObjectiveRatio: i.future ? i.future.objective.toNumber() : null,
    futureLabel: i.future?.label ?? null,
    period: periodText(i),
    errorBudget: formatPercent(i.errorBudget),
    errorBudgetRatio: i.errorBudget.toNumber(),
    errorBudgetTime: formatDuration(i.budget.perPeriodSeconds),
    futureErrorBudgetTime: i.futureBudget ? formatDuration(i.futureBudget.perPeriodSeconds) : null,
    alerting: i.alerting,
    alertPolicy: i.alertPolicy.kind,
    plannedMaintenance: i.maintenance.length ? `${formatDuration(plannedDowntimeSeconds(i.maintenance, i.periodSeconds))}/${i.period}` : null,
  }));
  const capacities: ListRow[] = model.capacities.map((c) => ({
    service: c.service.name,
    id: c.id,
    slo: c.id,
    env: c.env,
    kind: `capacity-${c.kind}`,
    title: c.title,
    objective: `${c.kind === 'ceiling' ? '≤' : '≥'} ${c.target} ${c.unit}`,
    objectiveRatio: null,
    futureObjective: null,
    futureObjectiveRatio: null,
    futureLabel: null,
    period: null,
    errorBudget: null,
    errorBudgetRatio: null,
    errorBudgetTime: null,
    futureErrorBudgetTime: null,
    alerting: 'ticket-only',
    alertPolicy: c.kind === 'ceiling' ? `headroom ${formatPercent(c.headroom)} for ${c.for}` : `below ${formatPercent(c.floorShare)} for ${c.for}`,
    plannedMaintenance: null,
  }));
  return [...slos, ...capacities];
}
