/** One plain row per SLO instance, for `sloforge list`. */
import { humanDuration } from './duration.js';
import { percent } from './format.js';
import type { ResolvedCatalog } from './types.js';

export interface ListRow {
  service: string;
  slo: string;
  env: string;
  kind: string;
  title: string;
  objective: string;
  objectiveRatio: number;
  period: string;
  errorBudget: string;
  errorBudgetRatio: number;
  /** For time-based SLIs: allowed bad time per period; for events: the same share of the period. */
  errorBudgetTime: string;
  alerting: string;
}

export function listRows(model: ResolvedCatalog): ListRow[] {
  return model.instances.map((i) => ({
    service: i.service.name,
    slo: i.sloId,
    env: i.env,
    kind: i.sli.kind,
    title: i.title,
    objective: percent(i.objective),
    objectiveRatio: i.objective.toNumber(),
    period: i.period,
    errorBudget: percent(i.errorBudget),
    errorBudgetRatio: i.errorBudget.toNumber(),
    errorBudgetTime: humanDuration(i.errorBudget.toNumber() * i.periodSeconds),
    alerting: i.alerting,
  }));
}
