/**
 * The stakeholder report: one self-contained HTML page (inline CSS and SVG, no script, nothing
 * fetched) per report run. For each SLO: objective, SLI and budget left, and charts of the budget
 * burn-down and the burn rate over its period, drawn at report time; then the alerts that fired
 * during the period and the release checklist.
 */
import { formatMeasuredBurnRate, formatMeasuredPercent, formatPercent } from '../core/format.js';
import { el, htmlDocument, link, ownMarkup, type Child, type Html } from '../core/html.js';
import { SERIES } from '../model/conventions.js';
import type { ResolvedCatalog } from '../model/types.js';
import type { PrometheusClient, RangeSeries } from '../prometheus-api/client.js';
import type { CheckLine } from './checklist.js';
import type { LiveReport } from './live.js';
import { alertTier } from '../core/labels.js';

/** Points per chart: enough for a smooth line at 600 px. */
const POINTS = 150;

interface SloCharts {
  key: string;
  budget: Array<[number, number]>;
  burn: Array<[number, number]>;
}

interface FiredAlert {
  alertname: string;
  severity: string;
  slo: string;
  env: string;
  /** Minutes with the alert firing, at the chart's resolution. */
  firstSeen: string;
  lastSeen: string;
}

/** What a person reads of each SLO besides its numbers: its title and where to look next. */
interface SloLinks {
  key: string;
  title: string;
  runbookUrl: string;
  dashboardUrl: string;
}

export interface HtmlReportData {
  report: LiveReport;
  slos: SloLinks[];
  charts: SloCharts[];
  alerts: FiredAlert[];
  checklist: CheckLine[];
  checklistEnv: string;
}

const keyOf = (labels: Record<string, string>) => `${labels.service}/${labels.slo}/${labels.env}`;

/** Each selected SLO's remaining budget and burn rate over its period, and the alerts that fired then. */
export async function htmlReportData(
  model: ResolvedCatalog,
  client: PrometheusClient,
  report: LiveReport,
  checklist: CheckLine[],
  checklistEnv: string,
): Promise<HtmlReportData> {
  const end = Date.parse(report.at) / 1000;
  const selected = model.instances.filter((i) => report.rows.some((r) => r.service === i.service.name && r.slo === i.sloId && r.env === i.env));
  const periods = [...new Set(selected.map((i) => i.periodSeconds))];
  const charts = new Map<string, SloCharts>();
  const alerts: FiredAlert[] = [];
  for (const period of periods) {
    const start = end - period;
    const step = Math.max(60, Math.round(period / POINTS));
    const ofPeriod = selected.filter((i) => i.periodSeconds === period);
    const matcher = `slo=~"${ofPeriod.map((i) => i.sloId).join('|')}",env=~"${[...new Set(ofPeriod.map((i) => i.env))].join('|')}"`;
    const [budget, burn, fired] = await Promise.all([
      client.queryRange(`${SERIES.errorBudgetRemaining}{${matcher}}`, start, end, step),
      // The highest burn within each step: a 45-minute outage stays visible at a 5-hour resolution.
      client.queryRange(`max_over_time(${SERIES.currentBurnRate}{${matcher}}[${step}s])`, start, end, step),
      client.queryRange(`ALERTS{alertstate="firing",${matcher}}`, start, end, step),
    ]);
    const add = (series: RangeSeries[], field: 'budget' | 'burn') => {
      for (const s of series) {
        if (!ofPeriod.some((i) => keyOf(i.labels) === keyOf(s.labels))) continue;
        const chart = charts.get(keyOf(s.labels)) ?? { key: keyOf(s.labels), budget: [], burn: [] };
        chart[field] = s.points;
        charts.set(chart.key, chart);
      }
    };
    add(budget, 'budget');
    add(burn, 'burn');
    for (const s of fired) {
      if (!s.points.length) continue;
      alerts.push({
        alertname: s.labels.alertname,
        severity: alertTier(s.labels) ?? '-',
        slo: s.labels.slo,
        env: s.labels.env,
        firstSeen: new Date(s.points[0][0] * 1000).toISOString(),
        lastSeen: new Date(s.points[s.points.length - 1][0] * 1000).toISOString(),
      });
    }
  }
  alerts.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen));
  const slos = selected.map((i) => ({ key: keyOf(i.labels), title: i.title, runbookUrl: i.runbookUrl, dashboardUrl: i.dashboardUrl }));
  return { report, slos, charts: [...charts.values()], alerts, checklist, checklistEnv };
}

/** A line chart as inline SVG: time across, value up, with the given reference lines. */
function chart(
  points: Array<[number, number]>,
  options: { title: string; min: number; max: number; unit: (v: number) => string; references: Array<{ value: number; label: string }> },
): Html {
  const [w, h, left, top] = [560, 160, 56, 16];
  const plotW = w - left - 8;
  const plotH = h - top - 24;
  if (points.length === 0)
    return el(
      'svg',
      { class: 'chart', role: 'img', 'aria-label': `${options.title}: no data`, width: w, height: h },
      el('text', { x: left, y: h / 2 }, 'no data over the period'),
    );
  const [t0, t1] = [points[0][0], points[points.length - 1][0]];
  const x = (t: number) => left + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => top + plotH - ((Math.min(Math.max(v, options.min), options.max) - options.min) / (options.max - options.min)) * plotH;
  const line = points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const refs = options.references.map((r) => [
    el('line', { x1: left, x2: left + plotW, y1: y(r.value), y2: y(r.value), class: 'ref' }),
    el('text', { x: left + plotW - 4, y: y(r.value) - 3, 'text-anchor': 'end', class: 'reflabel' }, r.label),
  ]);
  const axis = [options.max, options.min].map((v) => el('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, options.unit(v)));
  const dates = [t0, t1].map((t, i) => el('text', { x: x(t), y: h - 6, 'text-anchor': i ? 'end' : 'start' }, new Date(t * 1000).toISOString().slice(0, 10)));
  return el(
    'svg',
    { class: 'chart', role: 'img', 'aria-label': options.title, width: w, height: h, viewBox: `0 0 ${w} ${h}` },
    el('rect', { x: left, y: top, width: plotW, height: plotH, class: 'plot' }),
    refs,
    axis,
    dates,
    el('polyline', { points: line, class: 'line' }),
  );
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.met{color:#176f2c}.missed{color:#b00020;font-weight:bold}.nodata{color:#8a6d00}.baddata{color:#b00020}.slo{margin:1.5rem 0;padding:1rem;border:1px solid #ddd;border-radius:6px}
.chart{margin-right:1rem}.plot{fill:#fafafa;stroke:#ccc}.line{fill:none;stroke:#1f5fbf;stroke-width:2}.ref{stroke:#b00020;stroke-dasharray:6 4}.reflabel{fill:#b00020;font-size:11px}svg text{font-size:11px;fill:#555}`;

const STATUS_CLASS: Record<string, string> = { met: 'met', burning: 'missed', missed: 'missed', 'no data': 'nodata', 'bad data': 'baddata' };

const row = (cells: Child[], header = false) => el('tr', {}, ...cells.map((c) => el(header ? 'th' : 'td', {}, c)));

export function renderHtml(data: HtmlReportData): string {
  const { report } = data;
  const chartsBy = new Map(data.charts.map((c) => [c.key, c]));
  const sloBy = new Map(data.slos.map((s) => [s.key, s]));
  const status = (s: string) => el('span', { class: STATUS_CLASS[s] ?? 'nodata' }, s === 'missed' ? 'MISSED' : s);
  const summary = report.rows.map((r) =>
    row([
      r.service,
      [r.slo, r.group ? ` (${r.group})` : ''],
      r.env,
      formatPercent(r.objective, 3),
      r.period,
      r.sli === null ? '-' : formatMeasuredPercent(r.sli),
      r.errorBudgetRemaining === null ? '-' : formatMeasuredPercent(r.errorBudgetRemaining, 1),
      status(r.status),
    ]),
  );
  const sections = report.rows
    .filter((r) => r.group === null)
    .map((r) => {
      const key = `${r.service}/${r.slo}/${r.env}`;
      const c = chartsBy.get(key);
      const slo = sloBy.get(key);
      return el(
        'section',
        { class: 'slo' },
        el('h3', {}, `${r.service} ${r.slo} (${r.env}): `, status(r.status)),
        slo ? el('p', {}, slo.title, ' · ', link(slo.runbookUrl, 'runbook'), ' · ', link(slo.dashboardUrl, 'dashboard')) : null,
        el(
          'p',
          {},
          `Objective ${formatPercent(r.objective, 3)} over ${r.period}; SLI ${r.sli === null ? 'unknown (no data)' : formatMeasuredPercent(r.sli)}; budget left ${r.errorBudgetRemaining === null ? '-' : formatMeasuredPercent(r.errorBudgetRemaining, 1)}.`,
        ),
        chart(c?.budget ?? [], {
          title: 'Error budget remaining',
          min: -0.5,
          max: 1,
          unit: (v) => formatMeasuredPercent(v, 0),
          references: [{ value: 0, label: 'budget spent' }],
        }),
        chart(c?.burn ?? [], {
          title: `Burn rate (${r.burnRateWindow})`,
          min: 0,
          max: Math.max(2, ...(c?.burn ?? []).map(([, v]) => v)),
          unit: (v) => formatMeasuredBurnRate(v, 1),
          references: [{ value: 1, label: '1× (lasts the period)' }],
        }),
      );
    });
  const alerts = data.alerts.length
    ? el(
        'table',
        {},
        row(['alert', 'severity', 'SLO', 'env', 'first seen', 'last seen'], true),
        data.alerts.map((a) => row([a.alertname, a.severity, a.slo, a.env, a.firstSeen, a.lastSeen])),
      )
    : el('p', {}, 'No SLO alert fired during the period.');
  const checklist = el(
    'table',
    {},
    row(['item', 'status', 'measured'], true),
    data.checklist.map((l) => row([l.item, l.status, l.measured])),
  );
  return htmlDocument(
    el(
      'html',
      { lang: 'en' },
      el('head', {}, el('meta', { charset: 'utf-8' }), el('title', {}, `SLO report ${report.at}`), el('style', {}, ownMarkup(STYLE))),
      el(
        'body',
        {},
        el('h1', {}, 'SLO report'),
        el('p', {}, `${report.rows.length} SLO instances at ${report.at}, from ${report.prometheus}.`),
        el('table', {}, row(['service', 'SLO', 'env', 'objective', 'period', 'SLI', 'budget left', 'status'], true), summary),
        el('h2', {}, 'Budget and burn rate over the period'),
        sections,
        el('h2', {}, 'Alerts fired during the period'),
        alerts,
        el('h2', {}, `Release checklist (${data.checklistEnv})`),
        checklist,
      ),
    ),
  );
}
