/**
 * The live SLO report: for every SLO instance of the catalog, what a real Prometheus says
 * about it (SLI over the period, remaining budget, burn rate, firing alerts) and whether the
 * objective is met, missed, or cannot be told for lack of data.
 */
import { formatMeasuredBurnRate, formatMeasuredPercent, formatPercent } from '../core/format.js';
import { renderMarkdown, renderTable, type Column, type ReportFormat } from '../core/table.js';
import { SERIES } from '../model/conventions.js';
import { periodText } from '../model/calendar.js';
import type { ResolvedCatalog, SloPlan } from '../model/types.js';
import type { PrometheusClient, Sample } from '../prometheus-api/client.js';

type SloStatus = 'met' | 'missed' | 'no data';

interface ReportRow {
  service: string;
  slo: string;
  env: string;
  /** A grouped SLO's group, e.g. "route=/chat"; null for an SLO without groups. */
  group: string | null;
  objective: number;
  futureObjective: number | null;
  period: string;
  sli: number | null;
  errorBudgetRemaining: number | null;
  burnRate: number | null;
  /** The window of the current burn rate (the fastest tier's long window). */
  burnRateWindow: string;
  firingAlerts: string[];
  status: SloStatus;
}

export interface LiveReport {
  prometheus: string;
  at: string;
  rows: ReportRow[];
  /** Why SLOs have no data, where the raw series tell: a selector that matches nothing. */
  warnings: string[];
}

/** For each SLO without data whose raw selector matches no series at all, a warning that says why that may be. */
async function noSeriesWarnings(rows: ReportRow[], instances: SloPlan[], client: PrometheusClient, at: number | undefined): Promise<string[]> {
  const missing = instances.filter((i) => rows.some((r) => r.status === 'no data' && r.slo === i.sloId && r.env === i.env && r.service === i.service.name));
  const checks = await Promise.all(
    missing.map(async (i) => {
      const selector = i.rawSeries;
      const found = await client.query(`count(${selector})`, at);
      return found.length > 0
        ? undefined
        : `${i.service.name} ${i.sloId} (${i.env}): no series match ${selector}. Every selector carries the environment label ${i.service.envLabel}="${i.env}": metrics without it match nothing.`;
    }),
  );
  return checks.filter((w): w is string => w !== undefined);
}

/** The group of a series of a grouped SLO, as label=value pairs; '' for an SLO without groups. */
const groupOf = (labels: Record<string, string>, groupBy: string[]) => groupBy.map((l) => `${l}=${labels[l] ?? ''}`).join(',');

const key = (labels: Record<string, string>, group = '') => `${labels.service}\u0000${labels.slo}\u0000${labels.env}\u0000${group}`;

/** Samples by instance and group: the group labels are read from each sample as the plan names them. */
function byInstance(samples: Sample[], groupsOf: (labels: Record<string, string>) => string[]): Map<string, number> {
  return new Map(samples.filter((s) => Number.isFinite(s.value)).map((s) => [key(s.labels, groupOf(s.labels, groupsOf(s.labels))), s.value]));
}

function reportRow(
  instance: SloPlan,
  group: string | null,
  sli: number | undefined,
  remaining: number | undefined,
  burnRate: number | undefined,
  alerts: string[],
): ReportRow {
  const objective = instance.objective.toNumber();
  // A tiny tolerance absorbs float noise in sums: an SLI equal to the objective meets it.
  const status: SloStatus = sli === undefined ? 'no data' : sli + 1e-12 >= objective ? 'met' : 'missed';
  return {
    service: instance.service.name,
    slo: instance.sloId,
    env: instance.env,
    group,
    objective,
    futureObjective: instance.future ? instance.future.objective.toNumber() : null,
    period: periodText(instance),
    sli: sli ?? null,
    errorBudgetRemaining: remaining ?? null,
    burnRate: burnRate ?? null,
    burnRateWindow: instance.windows.current,
    firingAlerts: alerts,
    status,
  };
}

export async function liveReport(
  model: ResolvedCatalog,
  client: PrometheusClient,
  at: number | undefined,
  filter: { env?: string; slo?: string } = {},
): Promise<LiveReport> {
  const [sli, remaining, burn, alerts] = await Promise.all([
    client.query(SERIES.sliOverPeriod, at),
    client.query(SERIES.errorBudgetRemaining, at),
    client.query(SERIES.currentBurnRate, at),
    client.query('ALERTS{alertstate="firing"}', at),
  ]);
  const groupBy = new Map(model.instances.map((i) => [key(i.labels), i.groupBy]));
  const groupsOf = (labels: Record<string, string>) => groupBy.get(key(labels)) ?? [];
  const sliBy = byInstance(sli, groupsOf);
  const remainingBy = byInstance(remaining, groupsOf);
  const burnBy = byInstance(burn, groupsOf);
  const alertsBy = new Map<string, string[]>();
  for (const a of alerts) {
    const k = key(a.labels, groupOf(a.labels, groupsOf(a.labels)));
    alertsBy.set(k, [...(alertsBy.get(k) ?? []), `${a.labels.alertname}(${a.labels.severity ?? '?'})`].sort());
  }
  const rows = model.instances
    .filter((i) => (!filter.env || i.env === filter.env) && (!filter.slo || i.sloId === filter.slo))
    .flatMap((i) => {
      if (i.groupBy.length === 0) {
        const k = key(i.labels);
        return [reportRow(i, null, sliBy.get(k), remainingBy.get(k), burnBy.get(k), alertsBy.get(k) ?? [])];
      }
      // One row per group Prometheus knows; a grouped SLO without any series has one row without data.
      const prefix = key(i.labels, '');
      const groups = [...new Set([...sliBy.keys(), ...remainingBy.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)))].sort();
      if (groups.length === 0) return [reportRow(i, '-', undefined, undefined, undefined, [])];
      return groups.map((g) => {
        const k = key(i.labels, g);
        return reportRow(i, g, sliBy.get(k), remainingBy.get(k), burnBy.get(k), alertsBy.get(k) ?? []);
      });
    });
  const selected = model.instances.filter((i) => (!filter.env || i.env === filter.env) && (!filter.slo || i.sloId === filter.slo));
  const warnings = await noSeriesWarnings(rows, selected, client, at);
  return { prometheus: client.url, at: new Date((at ?? Date.now() / 1000) * 1000).toISOString(), rows, warnings };
}

const COLUMNS: Array<Column<ReportRow>> = [
  { header: 'service', value: (r) => r.service },
  { header: 'slo', value: (r) => r.slo },
  { header: 'env', value: (r) => r.env },
  { header: 'group', value: (r) => r.group ?? '' },
  { header: 'objective', value: (r) => `${formatPercent(r.objective, 3)}${r.futureObjective ? ` (future ${formatPercent(r.futureObjective, 3)})` : ''}` },
  { header: 'period', value: (r) => r.period },
  { header: 'SLI', value: (r) => (r.sli === null ? 'no data' : formatMeasuredPercent(r.sli)) },
  { header: 'budget left', value: (r) => (r.errorBudgetRemaining === null ? '-' : formatMeasuredPercent(r.errorBudgetRemaining, 1)) },
  { header: 'burn rate', value: (r) => (r.burnRate === null ? '-' : `${formatMeasuredBurnRate(r.burnRate)} (${r.burnRateWindow})`) },
  { header: 'firing', value: (r) => r.firingAlerts.join(', ') || '-' },
  { header: 'status', value: (r) => (r.status === 'missed' ? 'MISSED' : r.status) },
];

export function renderReport(report: LiveReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  // The group column only where some SLO has groups.
  const columns = report.rows.some((r) => r.group !== null) ? COLUMNS : COLUMNS.filter((c) => c.header !== 'group');
  const missed = report.rows.filter((r) => r.status === 'missed').length;
  const noData = report.rows.filter((r) => r.status === 'no data').length;
  const summary = `${report.rows.length} SLO instances${report.rows.some((r) => r.group !== null) ? ' and groups' : ''} at ${report.at} from ${report.prometheus}: ${report.rows.length - missed - noData} met, ${missed} missed, ${noData} without data${noData ? ' (no data is not 100%: those SLOs are unknown)' : ''}.`;
  const warnings = report.warnings.map((w) => `warning: ${w}`).join('\n');
  if (format === 'markdown')
    return `# SLO report\n\n${summary}\n\n${renderMarkdown(report.rows, columns)}${warnings ? `\n${report.warnings.map((w) => `- ${w}`).join('\n')}\n` : ''}`;
  return `${renderTable(report.rows, columns)}\n${summary}\n${warnings ? `${warnings}\n` : ''}`;
}
