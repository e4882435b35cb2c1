import type { FeasibilityCheck } from '../model/types.js';
import { maintenanceBudgetChecks } from '../model/maintenance.js';

/** Planned maintenance against the uptime budget: a note when it fits, a warning when it does not. */
export function reportMaintenance(instances: Parameters<typeof maintenanceBudgetChecks>[0]): void {
  for (const check of maintenanceBudgetChecks(instances)) {
    process.stderr.write(`${check.fits ? 'note' : 'warning'}: ${check.message}\n`);
  }
}

/** Objectives their hard dependencies leave little room for, and future objectives they rule out (infeasible active ones are errors). */
export function reportFeasibility(checks: FeasibilityCheck[]): void {
  for (const check of checks.filter((c) => c.status !== 'ok')) {
    process.stderr.write(`warning: ${check.status === 'tight' ? 'tight objective' : `infeasible ${check.objectiveLabel} objective`}: ${check.message}\n`);
  }
}
