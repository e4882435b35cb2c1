/**
 * The live SLO report: for every SLO instance of the catalog, what a real Prometheus says
 * about it (SLI over the period, remaining budget, burn rate, firing alerts) and whether the
 * objective is met, missed, or cannot be told for lack of data.
 */
import { formatDuration, formatMeasuredBurnRate, formatMeasuredPercent, formatPercent } from '../core/format.js';
import { alertTier } from '../core/labels.js';
import { renderMarkdown, renderTable, type Column, type ReportFormat } from '../core/table.js';
import { REPORTING_INTERVAL, SERIES } from '../model/conventions.js';
import { periodText } from '../model/calendar.js';
import type { ResolvedCatalog, SloPlan } from '../model/types.js';
import type { PrometheusClient, Sample } from '../prometheus-api/client.js';

/** burning: the period's objective is met so far, but an alert of the SLO fires now. */
type SloStatus = 'met' | 'burning' | 'missed' | 'no data' | 'bad data';

/** Several series for one SLO (or group): labels the selector did not aggregate away, such as a replica. */
interface DuplicateSeries {
  /** How many series one query returned for this row, at most. */
  count: number;
  /** The labels in which they differ. */
  differingLabels: string[];
  /** Whether the series, each judged alone, give different verdicts (met by one, missed by another). */
  verdictsDiffer: boolean;
  /** The best of them (the row shows the worst): a gate whose answer differs between the two cannot tell. */
  best: { sli: number | null; errorBudgetRemaining: number | null };
}

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
  /** Set when Prometheus returned several series for this row: the row shows the worst of them. */
  duplicates: DuplicateSeries | null;
  /** What is wrong with the data (a negative rate, an SLI outside 0-100%): the row is 'bad data'. */
  dataProblems: string[];
  /**
   * When the period SLI read was evaluated (ISO time): it is recorded with the dashboards' series, less
   * often than the alerts; the burn rate is worked out from the error ratio the alerts read, at the query time.
   */
  sliEvaluatedAt: string | null;
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

/** Samples by instance and group, every sample kept: two series for one key are a finding, not a tie to break. */
function byInstance(samples: Sample[], groupsOf: (labels: Record<string, string>) => string[]): Map<string, Sample[]> {
  const grouped = new Map<string, Sample[]>();
  for (const s of samples) {
    const k = key(s.labels, groupOf(s.labels, groupsOf(s.labels)));
    grouped.set(k, [...(grouped.get(k) ?? []), s]);
  }
  return grouped;
}

/** The labels whose values differ between samples (the identity labels never do: they are the key). */
function differingLabels(samples: Sample[]): string[] {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.labels)))].filter((n) => n !== '__name__');
  return names.filter((n) => new Set(samples.map((s) => s.labels[n] ?? '')).size > 1).sort();
}

const statusOf = (sli: number | undefined, objective: number): SloStatus => (sli === undefined ? 'no data' : sli + 1e-12 >= objective ? 'met' : 'missed'); // the tolerance absorbs float noise in sums

/** One query's samples for a row: the worst value (lowest, or highest for a burn rate), and what is wrong with them. */
interface Measure {
  samples: Sample[];
  worst: number | undefined;
}
const measure = (samples: Sample[] | undefined, worst: 'min' | 'max'): Measure => {
  const values = (samples ?? []).map((s) => s.value).filter((v) => !Number.isNaN(v));
  return { samples: samples ?? [], worst: values.length === 0 ? undefined : worst === 'min' ? Math.min(...values) : Math.max(...values) };
};

const best = (samples: Sample[], which: 'max'): number | null => measure(samples, which).worst ?? null;

function reportRow(
  instance: SloPlan,
  group: string | null,
  sli: Measure,
  remaining: Measure,
  burnRate: Measure,
  alerts: string[],
  evaluatedAt: Measure,
): ReportRow {
  const objective = instance.objective.toNumber();
  const dataProblems: string[] = [];
  if (burnRate.worst !== undefined && burnRate.samples.some((s) => s.value < 0))
    dataProblems.push(
      `a negative burn rate (${formatMeasuredBurnRate(Math.min(...burnRate.samples.map((s) => s.value)))}): a counter went backwards or a series was rewritten`,
    );
  if (sli.samples.some((s) => s.value < 0 || s.value > 1))
    dataProblems.push('an SLI outside 0-100%: a counter went backwards or the good events outnumber the total');
  const series = [sli, remaining, burnRate].filter((m) => m.samples.length > 1);
  const duplicates: DuplicateSeries | null = series.length
    ? {
        count: Math.max(...series.map((m) => m.samples.length)),
        differingLabels: [...new Set(series.flatMap((m) => differingLabels(m.samples)))].sort(),
        verdictsDiffer: new Set(sli.samples.map((s) => statusOf(s.value, objective))).size > 1,
        best: { sli: best(sli.samples, 'max'), errorBudgetRemaining: best(remaining.samples, 'max') },
      }
    : null;
  const measured = dataProblems.length ? 'bad data' : statusOf(sli.worst, objective);
  // Never "met" while an alert of the SLO fires: the period is fine so far, the budget burns now.
  const status: SloStatus = measured === 'met' && alerts.length > 0 ? 'burning' : measured;
  return {
    service: instance.service.name,
    slo: instance.sloId,
    env: instance.env,
    group,
    objective,
    futureObjective: instance.future ? instance.future.objective.toNumber() : null,
    period: periodText(instance),
    sli: sli.worst ?? null,
    errorBudgetRemaining: remaining.worst ?? null,
    burnRate: burnRate.worst ?? null,
    burnRateWindow: instance.windows.current,
    firingAlerts: alerts,
    status,
    duplicates,
    dataProblems,
    sliEvaluatedAt: evaluatedAt.worst === undefined ? null : new Date(evaluatedAt.worst * 1000).toISOString(),
  };
}

/** What a row's duplicate series mean, for people. */
export function duplicatesText(d: DuplicateSeries): string {
  return `${d.count} series differing in ${d.differingLabels.join(', ') || 'no label'} (the recorded series were not aggregated over ${d.differingLabels.length === 1 ? 'it' : 'them'}): shown is the worst${d.verdictsDiffer ? '; they disagree on met or missed' : ''}`;
}

/** The instances a report was asked for: by environment, SLO and service. */
const selectedBy =
  (filter: { env?: string; slo?: string; service?: string }) =>
  (i: SloPlan): boolean =>
    (!filter.env || i.env === filter.env) && (!filter.slo || i.sloId === filter.slo) && (!filter.service || i.service.name === filter.service);

export async function liveReport(
  model: ResolvedCatalog,
  client: PrometheusClient,
  at: number | undefined,
  filter: { env?: string; slo?: string; service?: string } = {},
): Promise<LiveReport> {
  const selected = model.instances.filter(selectedBy(filter));
  // The burn rate now: the error ratio of each SLO's current window, which its alerts read (and so is
  // evaluated at the alert interval), over its budget; the recorded burn rate is only a fallback.
  const currentWindows = [...new Set(selected.filter((i) => !i.errorBudget.isZero()).map((i) => i.windows.current))];
  const [sli, remaining, burn, alerts, sliTimes, ...currentRatios] = await Promise.all([
    client.query(SERIES.sliOverPeriod, at),
    client.query(SERIES.errorBudgetRemaining, at),
    client.query(SERIES.currentBurnRate, at),
    client.query('ALERTS{alertstate="firing"}', at),
    client.query(`timestamp(${SERIES.sliOverPeriod})`, at),
    ...currentWindows.map((w) => client.query(SERIES.errorRatio(w), at)),
  ]);
  const groupBy = new Map(model.instances.map((i) => [key(i.labels), i.groupBy]));
  const groupsOf = (labels: Record<string, string>) => groupBy.get(key(labels)) ?? [];
  const sliBy = byInstance(sli, groupsOf);
  const remainingBy = byInstance(remaining, groupsOf);
  const recordedBurnBy = byInstance(burn, groupsOf);
  const sliTimesBy = byInstance(sliTimes, groupsOf);
  const ratioBy = new Map(currentWindows.map((w, n) => [w, byInstance(currentRatios[n], groupsOf)]));
  /** The burn rate of a row: its current window's error ratio over the budget, else the recorded one. */
  const burnOf = (i: SloPlan, k: string): Sample[] | undefined => {
    const ratios = ratioBy.get(i.windows.current)?.get(k);
    if (!ratios?.length || i.errorBudget.isZero()) return recordedBurnBy.get(k);
    const budget = i.errorBudget.toNumber();
    return ratios.map((r) => ({ labels: r.labels, value: r.value / budget }));
  };
  const alertsBy = new Map<string, string[]>();
  for (const a of alerts) {
    const k = key(a.labels, groupOf(a.labels, groupsOf(a.labels)));
    // Sloth's identity names every tier alike: one entry per name and tier.
    alertsBy.set(k, [...new Set([...(alertsBy.get(k) ?? []), `${a.labels.alertname}(${alertTier(a.labels) ?? '?'})`])].sort());
  }
  const rows = model.instances.filter(selectedBy(filter)).flatMap((i) => {
    if (i.groupBy.length === 0) {
      const k = key(i.labels);
      return [
        reportRow(
          i,
          null,
          measure(sliBy.get(k), 'min'),
          measure(remainingBy.get(k), 'min'),
          measure(burnOf(i, k), 'max'),
          alertsBy.get(k) ?? [],
          measure(sliTimesBy.get(k), 'min'),
        ),
      ];
    }
    // One row per group Prometheus knows; a grouped SLO without any series has one row without data.
    const prefix = key(i.labels, '');
    const groups = [...new Set([...sliBy.keys(), ...remainingBy.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)))].sort();
    if (groups.length === 0)
      return [reportRow(i, '-', measure(undefined, 'min'), measure(undefined, 'min'), measure(undefined, 'max'), [], measure(undefined, 'min'))];
    return groups.map((g) => {
      const k = key(i.labels, g);
      return reportRow(
        i,
        g,
        measure(sliBy.get(k), 'min'),
        measure(remainingBy.get(k), 'min'),
        measure(burnOf(i, k), 'max'),
        alertsBy.get(k) ?? [],
        measure(sliTimesBy.get(k), 'min'),
      );
    });
  });
  const warnings = await noSeriesWarnings(rows, selected, client, at);
  for (const r of rows) {
    const name = `${r.service} ${r.slo} (${r.env}${r.group ? `, ${r.group}` : ''})`;
    if (r.duplicates) warnings.push(`${name}: ${duplicatesText(r.duplicates)}`);
    for (const problem of r.dataProblems) warnings.push(`${name}: bad data: ${problem}`);
  }
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
  {
    header: 'status',
    value: (r) =>
      `${r.status === 'missed' ? 'MISSED' : r.status === 'bad data' ? 'BAD DATA' : r.status === 'burning' ? 'BURNING (met so far, alert firing)' : r.status === 'no data' && r.firingAlerts.length ? 'NO DATA (no SLI recorded yet; alert firing)' : r.status}${r.duplicates ? ` (worst of ${r.duplicates.count} series)` : ''}`,
  },
];

export function renderReport(report: LiveReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  // The group column only where some SLO has groups.
  const columns = report.rows.some((r) => r.group !== null) ? COLUMNS : COLUMNS.filter((c) => c.header !== 'group');
  const missed = report.rows.filter((r) => r.status === 'missed').length;
  const noData = report.rows.filter((r) => r.status === 'no data').length;
  const badData = report.rows.filter((r) => r.status === 'bad data').length;
  const burning = report.rows.filter((r) => r.status === 'burning').length;
  // The period SLI and budget are recorded less often than the alerts run: say how old the oldest read is.
  const oldest = Math.min(...report.rows.map((r) => (r.sliEvaluatedAt ? Date.parse(r.sliEvaluatedAt) : Infinity)));
  const age = Number.isFinite(oldest) ? Math.max(0, Math.round((Date.parse(report.at) - oldest) / 1000)) : undefined;
  const ageText =
    age === undefined
      ? ''
      : ` SLI and budget left as recorded up to ${formatDuration(age)} before ${report.at} (they are evaluated every ${REPORTING_INTERVAL}); burn rates and alerts as of ${report.at}.`;
  const summary = `${report.rows.length} SLO instances${report.rows.some((r) => r.group !== null) ? ' and groups' : ''} at ${report.at} from ${report.prometheus}: ${report.rows.length - missed - noData - badData - burning} met, ${burning ? `${burning} burning (met so far, an alert firing), ` : ''}${missed} missed, ${noData} without data${noData ? ' (no data is not 100%: those SLOs are unknown)' : ''}${badData ? `, ${badData} with bad data` : ''}.${ageText}`;
  const warnings = report.warnings.map((w) => `warning: ${w}`).join('\n');
  if (format === 'markdown')
    return `# SLO report\n\n${summary}\n\n${renderMarkdown(report.rows, columns)}${warnings ? `\n${report.warnings.map((w) => `- ${w}`).join('\n')}\n` : ''}`;
  return `${renderTable(report.rows, columns)}\n${summary}\n${warnings ? `${warnings}\n` : ''}`;
}
