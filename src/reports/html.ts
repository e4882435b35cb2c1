/**
 * The stakeholder report: one self-contained HTML page (inline CSS and SVG, no script, nothing
 * fetched) per report run. For each SLO: objective, SLI and budget left, and charts of the budget
 * burn-down and the burn rate over its period, drawn at report time; then the alerts that fired
 * during the period and the release checklist.
 */
import { formatMeasuredBurnRate, formatMeasuredPercent, formatPercent } from '../core/format.js';
import { SERIES } from '../model/conventions.js';
import type { ResolvedCatalog } from '../model/types.js';
import type { PrometheusClient, RangeSeries } from '../prometheus-api/client.js';
import type { CheckLine } from './checklist.js';
import type { LiveReport } from './live.js';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

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

export interface HtmlReportData {
  report: LiveReport;
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
        severity: s.labels.severity ?? '-',
        slo: s.labels.slo,
        env: s.labels.env,
        firstSeen: new Date(s.points[0][0] * 1000).toISOString(),
        lastSeen: new Date(s.points[s.points.length - 1][0] * 1000).toISOString(),
      });
    }
  }
  alerts.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen));
  return { report, charts: [...charts.values()], alerts, checklist, checklistEnv };
}

/** A line chart as inline SVG: time across, value up, with the given reference lines. */
function chart(
  points: Array<[number, number]>,
  options: { title: string; min: number; max: number; unit: (v: number) => string; references: Array<{ value: number; label: string }> },
): string {
  const [w, h, left, top] = [560, 160, 56, 16];
  const plotW = w - left - 8;
  const plotH = h - top - 24;
  if (points.length === 0)
    return `<svg class="chart" role="img" aria-label="${escape(options.title)}: no data" width="${w}" height="${h}"><text x="${left}" y="${h / 2}">no data over the period</text></svg>`;
  const [t0, t1] = [points[0][0], points[points.length - 1][0]];
  const x = (t: number) => left + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => top + plotH - ((Math.min(Math.max(v, options.min), options.max) - options.min) / (options.max - options.min)) * plotH;
  const line = points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const refs = options.references
    .map(
      (r) =>
        `<line x1="${left}" x2="${left + plotW}" y1="${y(r.value)}" y2="${y(r.value)}" class="ref"/><text x="${left + plotW - 4}" y="${y(r.value) - 3}" text-anchor="end" class="reflabel">${escape(r.label)}</text>`,
    )
    .join('');
  const axis = [options.max, options.min].map((v) => `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${escape(options.unit(v))}</text>`).join('');
  const dates = [t0, t1]
    .map((t, i) => `<text x="${x(t)}" y="${h - 6}" text-anchor="${i ? 'end' : 'start'}">${new Date(t * 1000).toISOString().slice(0, 10)}</text>`)
    .join('');
  return `<svg class="chart" role="img" aria-label="${escape(options.title)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" class="plot"/>${refs}${axis}${dates}<polyline points="${line}" class="line"/></svg>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.met{color:#176f2c}.missed{color:#b00020;font-weight:bold}.nodata{color:#8a6d00}.slo{margin:1.5rem 0;padding:1rem;border:1px solid #ddd;border-radius:6px}
.chart{margin-right:1rem}.plot{fill:#fafafa;stroke:#ccc}.line{fill:none;stroke:#1f5fbf;stroke-width:2}.ref{stroke:#b00020;stroke-dasharray:6 4}.reflabel{fill:#b00020;font-size:11px}svg text{font-size:11px;fill:#555}`;

export function renderHtml(data: HtmlReportData): string {
  const { report } = data;
  const chartsBy = new Map(data.charts.map((c) => [c.key, c]));
  const status = (s: string) => `<span class="${s === 'no data' ? 'nodata' : s}">${s === 'missed' ? 'MISSED' : escape(s)}</span>`;
  const summary = report.rows
    .map(
      (r) =>
        `<tr><td>${escape(r.service)}</td><td>${escape(r.slo)}${r.group ? ` (${escape(r.group)})` : ''}</td><td>${escape(r.env)}</td><td>${formatPercent(r.objective, 3)}</td><td>${escape(r.period)}</td><td>${r.sli === null ? '-' : formatMeasuredPercent(r.sli)}</td><td>${r.errorBudgetRemaining === null ? '-' : formatMeasuredPercent(r.errorBudgetRemaining, 1)}</td><td>${status(r.status)}</td></tr>`,
    )
    .join('\n');
  const sections = report.rows
    .filter((r) => r.group === null)
    .map((r) => {
      const c = chartsBy.get(`${r.service}/${r.slo}/${r.env}`);
      return `<section class="slo"><h3>${escape(r.service)} ${escape(r.slo)} (${escape(r.env)}): ${status(r.status)}</h3>
<p>Objective ${formatPercent(r.objective, 3)} over ${escape(r.period)}; SLI ${r.sli === null ? 'unknown (no data)' : formatMeasuredPercent(r.sli)}; budget left ${r.errorBudgetRemaining === null ? '-' : formatMeasuredPercent(r.errorBudgetRemaining, 1)}.</p>
${chart(c?.budget ?? [], { title: 'Error budget remaining', min: -0.5, max: 1, unit: (v) => formatMeasuredPercent(v, 0), references: [{ value: 0, label: 'budget spent' }] })}
${chart(c?.burn ?? [], { title: `Burn rate (${r.burnRateWindow})`, min: 0, max: Math.max(2, ...(c?.burn ?? []).map(([, v]) => v)), unit: (v) => formatMeasuredBurnRate(v, 1), references: [{ value: 1, label: '1× (lasts the period)' }] })}
</section>`;
    })
    .join('\n');
  const alerts = data.alerts.length
    ? `<table><tr><th>alert</th><th>severity</th><th>SLO</th><th>env</th><th>first seen</th><th>last seen</th></tr>${data.alerts
        .map(
          (a) =>
            `<tr><td>${escape(a.alertname)}</td><td>${escape(a.severity)}</td><td>${escape(a.slo)}</td><td>${escape(a.env)}</td><td>${a.firstSeen}</td><td>${a.lastSeen}</td></tr>`,
        )
        .join('')}</table>`
    : '<p>No SLO alert fired during the period.</p>';
  const checklist = `<table><tr><th>item</th><th>status</th><th>measured</th></tr>${data.checklist
    .map((l) => `<tr><td>${escape(l.item)}</td><td>${escape(l.status)}</td><td>${escape(l.measured)}</td></tr>`)
    .join('')}</table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SLO report ${escape(report.at)}</title><style>${STYLE}</style></head>
<body>
<h1>SLO report</h1>
<p>${report.rows.length} SLO instances at ${escape(report.at)}, from ${escape(report.prometheus)}.</p>
<table><tr><th>service</th><th>SLO</th><th>env</th><th>objective</th><th>period</th><th>SLI</th><th>budget left</th><th>status</th></tr>
${summary}
</table>
<h2>Budget and burn rate over the period</h2>
${sections}
<h2>Alerts fired during the period</h2>
${alerts}
<h2>Release checklist (${escape(data.checklistEnv)})</h2>
${checklist}
</body></html>
`;
}
