/**
 * The success criteria's release "Validation Checklist", evaluated from metrics where it can
 * be: each line pass, fail, cannot tell (no data) or manual, with what was measured.
 */
import { parseDuration } from '../core/duration.js';
import { formatDuration, formatMeasuredPercent, formatPercent } from '../core/format.js';
import { formatSelector } from '../core/promql.js';
import { renderMarkdown, renderTable, type Column, type ReportFormat } from '../core/table.js';
import { alertTier } from '../core/labels.js';
import { HOUR } from '../core/time.js';
import type { MatcherSpec, ResolvedCatalog, SloPlan } from '../model/types.js';
import type { PrometheusClient, Sample } from '../prometheus-api/client.js';

type CheckStatus = 'pass' | 'fail' | 'cannot tell' | 'manual';

export interface CheckLine {
  item: string;
  status: CheckStatus;
  measured: string;
  details: string[];
}

export interface ChecklistOptions {
  env: string;
  /** Window the latency and error checks look at (a recorded window, e.g. 1d). */
  window: string;
  /** Allowed memory growth over 1h (share). */
  memoryGrowth: number;
  at?: number;
  /** Only this service's SLOs and series (gate --service, checklist --service); all services when unset. */
  service?: string;
}

const instancesOf = (model: ResolvedCatalog, o: ChecklistOptions) =>
  model.instances.filter((i) => i.env === o.env && (!o.service || i.service.name === o.service));

/** Combines sub-checks: any fail fails; all unknown is unknown; otherwise pass. */
function combine(parts: Array<{ status: CheckStatus; text: string }>): { status: CheckStatus; measured: string; details: string[] } {
  const failed = parts.filter((p) => p.status === 'fail');
  const known = parts.filter((p) => p.status !== 'cannot tell');
  const status: CheckStatus = failed.length
    ? 'fail'
    : known.length === 0
      ? 'cannot tell'
      : parts.some((p) => p.status === 'cannot tell')
        ? 'cannot tell'
        : 'pass';
  return {
    status,
    measured: `${parts.length - failed.length - (parts.length - known.length)} of ${parts.length} met${failed.length ? `, ${failed.length} not` : ''}${parts.length - known.length ? `, ${parts.length - known.length} without data` : ''}`,
    details: parts.map((p) => `${p.status}: ${p.text}`),
  };
}

function scopeSelector(instance: SloPlan, metric: string, extra: MatcherSpec[] = []): string {
  const sli = instance.sli;
  const matchers = sli.kind === 'latency' ? sli.count.matchers : [];
  return formatSelector({ metric, matchers: [...matchers, ...extra] });
}

/** The worst of a grouped SLO's samples (one per group; one sample for an SLO without groups), and which group it is. */
function worst(samples: Sample[], groupBy: string[], higherIsWorse: boolean): { value: number; group: string } | undefined {
  const finite = samples.filter((s) => Number.isFinite(s.value));
  if (finite.length === 0) return undefined;
  const pick = finite.reduce((a, b) => ((higherIsWorse ? b.value > a.value : b.value < a.value) ? b : a));
  const group = groupBy.map((l) => `${l}=${pick.labels[l] ?? ''}`).join(',');
  return { value: pick.value, group: group ? ` (worst group ${group} of ${finite.length})` : '' };
}

async function latencyCheck(model: ResolvedCatalog, client: PrometheusClient, o: ChecklistOptions): Promise<CheckLine> {
  const slos = instancesOf(model, o).filter((i) => i.sli.kind === 'latency' && i.alertPolicy.kind === 'burn-rate');
  const parts = await Promise.all(
    slos.map(async (i) => {
      if (i.sli.kind !== 'latency') throw new Error('unreachable');
      const q = i.objective.toDecimal();
      const expr = `histogram_quantile(${q}, sum by (${['le', ...i.groupBy].join(', ')}) (rate(${scopeSelector(i, `${i.sli.histogramMetric}_bucket`)}[${o.window}])))`;
      const sample = worst(await client.query(expr, o.at), i.groupBy, true);
      const target = i.target;
      if (!sample) return { status: 'cannot tell' as const, text: `${i.sloId}: ${target}, no data over ${o.window}` };
      const measured = formatDuration(sample.value);
      return {
        status: sample.value <= i.sli.threshold ? ('pass' as const) : ('fail' as const),
        text: `${i.sloId}: ${target}, measured ${measured} over ${o.window}${sample.group}`,
      };
    }),
  );
  return { item: 'All latency targets met under expected load', ...combine(parts) };
}

async function errorRateCheck(model: ResolvedCatalog, client: PrometheusClient, o: ChecklistOptions): Promise<CheckLine> {
  const slos = instancesOf(model, o).filter((i) => i.sli.kind === 'ratio');
  const parts = await Promise.all(
    slos.map(async (i) => {
      const sample = worst(await client.query(i.series.errorRatio(o.window), o.at), i.groupBy, true);
      const target = i.target;
      if (!sample) return { status: 'cannot tell' as const, text: `${i.sloId}: ${target}, no data over ${o.window}` };
      const ok = i.errorBudget.isZero() ? sample.value === 0 : sample.value <= i.errorBudget.toNumber();
      return {
        status: ok ? ('pass' as const) : ('fail' as const),
        text: `${i.sloId}: ${target}, measured ${formatMeasuredPercent(sample.value)} over ${o.window}${sample.group}`,
      };
    }),
  );
  return { item: 'Error rates within acceptable thresholds', ...combine(parts) };
}

/** The service's own series in an environment, e.g. {job="kimberly",env="staging"}. */
function serviceScope(model: ResolvedCatalog, env: string, service: string | undefined): string {
  const environment = model.environments.find((e) => e.name === env && (!service || e.service === service));
  return formatSelector({ metric: '', matchers: environment?.matchers ?? [{ label: 'env', op: '=', value: env }] });
}

async function memoryCheck(model: ResolvedCatalog, client: PrometheusClient, o: ChecklistOptions): Promise<CheckLine> {
  const memory = `process_resident_memory_bytes${serviceScope(model, o.env, o.service)}`;
  const expr = `max((avg_over_time(${memory}[10m]) - avg_over_time(${memory}[10m] offset 50m)) / avg_over_time(${memory}[10m] offset 50m))`;
  const [sample] = await client.query(expr, o.at);
  const item = 'No memory leaks detected (stable memory over 1h run)';
  if (!sample || !Number.isFinite(sample.value))
    return { item, status: 'cannot tell', measured: 'no process_resident_memory_bytes over the last hour', details: [expr] };
  const growth = `${formatMeasuredPercent(sample.value, 2)} growth over 1h (largest instance)`;
  return { item, status: sample.value <= o.memoryGrowth ? 'pass' : 'fail', measured: growth, details: [`allowed: ${formatPercent(o.memoryGrowth)}`] };
}

async function availabilityCheck(model: ResolvedCatalog, client: PrometheusClient, o: ChecklistOptions): Promise<CheckLine> {
  const slos = instancesOf(model, o).filter((i) => i.timeBased && i.sli.kind === 'probe');
  // The budget left is recorded every few minutes; a page firing now says more about the present.
  // Pages of either identity: sloforge's severity, or Sloth's sloth_severity (alertTier reads both).
  const pages = (await client.query('ALERTS{alertstate="firing"}', o.at)).filter((a) => alertTier(a.labels) === 'page');
  const parts = await Promise.all(
    slos.map(async (i) => {
      const paging = pages.filter((a) => a.labels.service === i.service.name && a.labels.slo === i.sloId && a.labels.env === i.env);
      if (paging.length)
        return { status: 'fail' as const, text: `${i.sloId}: a page fires now (${[...new Set(paging.map((a) => a.labels.alertname))].join(', ')})` };
      const sample = worst(await client.query(i.series.errorBudgetRemaining, o.at), i.groupBy, false);
      if (!sample) return { status: 'cannot tell' as const, text: `${i.sloId}: no data` };
      return {
        status: sample.value >= 0 ? ('pass' as const) : ('fail' as const),
        text: `${i.sloId}: ${formatMeasuredPercent(sample.value, 1)} of the ${i.period} budget left (objective ${formatPercent(i.objective)})${sample.group}`,
      };
    }),
  );
  return { item: 'Availability within budget', ...combine(parts) };
}

async function stagingSoakCheck(model: ResolvedCatalog, client: PrometheusClient, o: ChecklistOptions): Promise<CheckLine> {
  const staging = model.environments.find((e) => e.name === 'staging' && (!o.service || e.service === o.service));
  const item = 'Staging environment tested for at least 24h';
  if (!staging) return { item, status: 'manual', measured: 'no staging environment in the catalog', details: [] };
  const up = `up${serviceScope(model, 'staging', o.service)}`;
  const [sample] = await client.query(`time() - min(min_over_time(timestamp(${up})[25h:5m]))`, o.at);
  if (!sample || !Number.isFinite(sample.value)) return { item, status: 'cannot tell', measured: 'no staging scrape data in the last 25h', details: [] };
  return {
    item,
    status: sample.value >= 24 * HOUR - parseDuration('5m') ? 'pass' : 'fail',
    measured: `staging scraped for ${formatDuration(sample.value)}`,
    details: [],
  };
}

const manual = (item: string, how: string): CheckLine => ({ item, status: 'manual', measured: '-', details: [how] });

export async function evaluateChecklist(model: ResolvedCatalog, client: PrometheusClient, options: ChecklistOptions): Promise<CheckLine[]> {
  return [
    await latencyCheck(model, client, options),
    await memoryCheck(model, client, options),
    await errorRateCheck(model, client, options),
    await availabilityCheck(model, client, options),
    manual('CI benchmark tests passing without regressions', 'run `sloforge bench-check` in CI'),
    manual('Profiling completed for new features', 'needs people: py-spy / cProfile on the new features'),
    await stagingSoakCheck(model, client, options),
  ];
}

const COLUMNS: Array<Column<CheckLine>> = [
  { header: 'status', value: (l) => l.status.toUpperCase() },
  { header: 'item', value: (l) => l.item },
  { header: 'measured', value: (l) => l.measured },
];

export function renderChecklist(lines: CheckLine[], format: ReportFormat, context: { env: string; prometheus: string }): string {
  if (format === 'json') return `${JSON.stringify({ ...context, items: lines }, null, 2)}\n`;
  const details = lines.flatMap((l) => l.details.map((d) => `  ${l.item}: ${d}`));
  if (format === 'markdown')
    return `# Release validation checklist (${context.env})\n\n${renderMarkdown(lines, COLUMNS)}\n${details.map((d) => `- ${d.trim()}`).join('\n')}\n`;
  return `${renderTable(lines, COLUMNS)}\n${details.join('\n')}\n`;
}
