/** The offline error-budget report: what each SLO instance may spend, per period and per calendar unit. */
import { formatDuration, formatMeasuredPercent, formatPercent } from '../../core/format.js';
import { renderMarkdown, renderTable, type Column, type ReportFormat } from '../../core/table.js';
import { CALENDAR_MONTH, DAY, WEEK } from '../../core/time.js';
import { maintenanceBudgetChecks } from '../../model/maintenance.js';
import type { ResolvedCatalog, SloPlan } from '../../model/types.js';
import type { GeneratedFile } from '../../core/generated-file.js';
import { periodText } from '../../model/calendar.js';

export interface BudgetRow {
  service: string;
  slo: string;
  env: string;
  /** A grouped SLO's group labels: each group has this budget of its own. */
  perGroup: string[];
  title: string;
  kind: 'time' | 'events';
  objective: string;
  futureObjective: string | null;
  period: string;
  /** Share of events or time allowed to be bad. */
  budgetShare: string;
  /** As time: downtime for time-based SLIs; for events, the same share of the period's time. */
  allowedPerPeriod: string;
  allowedPerCalendarMonth: string;
  allowedPerWeek: string;
  allowedPerDay: string;
  futureAllowedPerPeriod: string | null;
  plannedMaintenance: string | null;
  maintenanceFits: boolean | null;
}

function calendarRange(instance: SloPlan, budgetShare: number): string {
  const [shortest, longest] = [instance.calendar!.shortestDays, instance.calendar!.longestDays];
  return `${formatDuration(budgetShare * shortest * DAY)} to ${formatDuration(budgetShare * longest * DAY)}`;
}

type MaintenanceCheck = ReturnType<typeof maintenanceBudgetChecks>[number];
const instanceKey = (service: string, slo: string, env: string) => `${service}\0${slo}\0${env}`;

function row(instance: SloPlan, maintenanceChecks: Map<string, MaintenanceCheck>): BudgetRow {
  const active = instance.budget;
  const future = instance.futureBudget;
  const maintenance = maintenanceChecks.get(instanceKey(instance.service.name, instance.sloId, instance.env));
  return {
    service: instance.service.name,
    slo: instance.sloId,
    env: instance.env,
    perGroup: instance.groupBy,
    title: instance.title,
    kind: instance.timeBased ? 'time' : 'events',
    objective: formatPercent(instance.objective),
    futureObjective: instance.future ? `${formatPercent(instance.future.objective)} (${instance.future.label})` : null,
    period: periodText(instance),
    budgetShare: formatPercent(instance.errorBudget),
    // A calendar month (quarter) is 28 to 31 (90 to 92) days long: the budget as time varies with it.
    allowedPerPeriod: instance.calendar ? calendarRange(instance, instance.errorBudget.toNumber()) : formatDuration(active.perPeriodSeconds),
    allowedPerCalendarMonth: formatDuration(active.perCalendarMonthSeconds),
    allowedPerWeek: formatDuration(active.perWeekSeconds),
    allowedPerDay: formatDuration(active.perDaySeconds),
    futureAllowedPerPeriod: future ? formatDuration(future.perPeriodSeconds) : null,
    plannedMaintenance: maintenance ? `${formatDuration(maintenance.plannedSeconds)} per ${instance.period}` : null,
    maintenanceFits: maintenance ? maintenance.fits : null,
  };
}

export function budgetRows(model: ResolvedCatalog): BudgetRow[] {
  // Checked once for the catalog, not once per row (that was quadratic in the SLO instances).
  const checks = new Map(maintenanceBudgetChecks(model.instances).map((c) => [instanceKey(c.service, c.slo, c.env), c]));
  return model.instances.map((i) => row(i, checks));
}

const COLUMNS: Array<Column<BudgetRow>> = [
  { header: 'service', value: (r) => r.service },
  { header: 'slo', value: (r) => (r.perGroup.length ? `${r.slo} (per ${r.perGroup.join(', ')})` : r.slo) },
  { header: 'env', value: (r) => r.env },
  { header: 'objective', value: (r) => r.objective },
  { header: 'future', value: (r) => r.futureObjective ?? '-' },
  { header: 'period', value: (r) => r.period },
  { header: 'bad share', value: (r) => r.budgetShare },
  { header: 'allowed per period', value: (r) => `${r.allowedPerPeriod}${r.kind === 'events' ? ' (events)' : ''}` },
  { header: 'future per period', value: (r) => r.futureAllowedPerPeriod ?? '-' },
  { header: 'per calendar month', value: (r) => r.allowedPerCalendarMonth },
  { header: 'per week', value: (r) => r.allowedPerWeek },
  { header: 'per day', value: (r) => r.allowedPerDay },
  { header: 'planned maintenance', value: (r) => (r.plannedMaintenance ? `${r.plannedMaintenance}: ${r.maintenanceFits ? 'fits' : 'does NOT fit'}` : '-') },
];

/** How the rolling periods relate to the success criteria's per-month and per-week figures. */
function periodNotes(model: ResolvedCatalog): string[] {
  const notes = [
    `Periods are rolling windows (${[...new Set(model.instances.map((i) => i.period))].join(', ')}), not calendar months. A calendar month averages ${(CALENDAR_MONTH / DAY).toFixed(2)} days, so a "per calendar month" figure is ${formatMeasuredPercent(CALENDAR_MONTH / (30 * DAY) - 1, 2)} larger than the 30d one.`,
    'For event-based SLIs (errors, latency) the budget is a share of events; the time columns show the same share of the period, i.e. the length of a full outage the budget absorbs.',
  ];
  const calendars = model.instances.filter((i) => i.calendar);
  if (calendars.length > 0) {
    notes.push(
      `Calendar periods (${[...new Set(calendars.map(periodText))].join(', ')}) count from the start of the month or quarter in their time zone, and their remaining budget resets there; the allowed time varies with the month's length. Their burn-rate alerts keep the Workbook's rolling windows, scaled to a nominal 30d (90d for a quarter).`,
    );
  }
  for (const i of model.instances.filter((i) => i.timeBased && i.sli.kind === 'probe')) {
    const b = i.budget;
    const line = `${i.service.name} ${i.sloId} (${i.env}): ${formatPercent(i.objective)} over ${i.period} allows ${formatDuration(b.perPeriodSeconds)} of downtime${i.periodSeconds === 30 * DAY ? ` per 30d, ${formatDuration(b.perCalendarMonthSeconds)} per calendar month` : i.periodSeconds === WEEK ? ' per week' : ''}`;
    const future = i.futureBudget;
    notes.push(
      future && i.future
        ? `${line}; the ${i.future.label} target ${formatPercent(i.future.objective)} allows ${formatDuration(future.perPeriodSeconds)} per ${i.period}, ${formatDuration(future.perCalendarMonthSeconds)} per calendar month.`
        : `${line}.`,
    );
  }
  for (const c of maintenanceBudgetChecks(model.instances)) notes.push(c.message.replace(/^\S+ /, '') + '.');
  return notes;
}

/** generated/BUDGETS.md: the error budgets of every SLO instance, committed beside the rules. */
export function budgetFiles(model: ResolvedCatalog): GeneratedFile[] {
  return [{ path: 'generated/BUDGETS.md', content: renderBudgets(model, 'markdown') }];
}

export function renderBudgets(model: ResolvedCatalog, format: ReportFormat): string {
  const rows = budgetRows(model);
  if (format === 'json') return `${JSON.stringify({ notes: periodNotes(model), slos: rows }, null, 2)}\n`;
  if (format === 'markdown') {
    return [
      '# Error budgets',
      '',
      'Generated by sloforge from the SLO catalog (`sloforge budget --format markdown`). Do not edit.',
      '',
      renderMarkdown(rows, COLUMNS).trimEnd(),
      '',
      '## Notes',
      '',
      ...periodNotes(model).map((n) => `- ${n}`),
      '',
    ].join('\n');
  }
  return (
    renderTable(rows, COLUMNS) +
    '\n' +
    periodNotes(model)
      .map((n) => `* ${n}`)
      .join('\n') +
    '\n'
  );
}
