import { maintenanceBudgetChecks } from '../model/maintenance.js';

/** Planned maintenance against the uptime budget: a note when it fits, a warning when it does not. */
export function reportMaintenance(instances: Parameters<typeof maintenanceBudgetChecks>[0]): void {
  for (const check of maintenanceBudgetChecks(instances)) {
    process.stderr.write(`${check.fits ? 'note' : 'warning'}: ${check.message}\n`);
  }
}
