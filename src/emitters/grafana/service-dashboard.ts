/**
 * One SLO dashboard per service, built with the foundation SDK: template variables for the
 * datasource, environment and SLO; stats, budget, burn rate by window, then latency, errors,
 * capacity and batch-job rows drawn from the catalog. It reads recorded series wherever it can.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { Rational } from '../../model/decimal.js';
import { humanDuration, parseDuration } from '../../model/duration.js';
import { percent } from '../../model/format.js';
import { serviceDashboardUid } from '../../model/names.js';
import { RECORDED_WINDOWS } from '../../model/resolve.js';
import type { CapacityInstance, MatcherSpec, ResolvedCatalog, SelectorSpec, SloInstance } from '../../model/types.js';
import { WORKBOOK_TIERS } from '../../model/burn-rate.js';
import { formatSelector } from '../prometheus/promql.js';
import { SERIES } from '../prometheus/series-names.js';
import { datasourceVariable, grafanaUnit, queryVariable, row, statPanel, timeseriesPanel, type Query } from './panels.js';

type PanelBuilder = ReturnType<typeof statPanel> | ReturnType<typeof timeseriesPanel>;

/** A selector of a raw metric for the dashboard: the instance's environment becomes $env. */
function dashboardSelector(selector: SelectorSpec, envLabel: string): string {
  const matchers: MatcherSpec[] = selector.matchers.map((m) => (m.label === envLabel && m.op === '=' ? { ...m, value: '$env' } : m));
  return formatSelector({ metric: selector.metric, matchers });
}

const seriesOf = (service: string, slo: string) => `{service="${service}",slo="${slo}",env="$env"}`;

function sloStats(service: string): PanelBuilder[] {
  const sel = seriesOf(service, '$slo');
  const alerts = (severity: string) => `count(ALERTS{service="${service}",slo="$slo",env="$env",alertstate="firing",severity="${severity}"}) or vector(0)`;
  return [
    statPanel({
      title: 'Objective',
      description: 'The active objective (alerts follow it) and, where the catalog sets one, the future objective (e.g. GA) shown beside it.',
      queries: [
        { expr: `${SERIES.objective}${sel}`, legend: 'active' },
        { expr: `${SERIES.objectiveFuture}${sel}`, legend: 'future' },
      ],
      unit: 'percentunit',
      decimals: 3,
      width: 4,
      height: 5,
    }),
    statPanel({
      title: 'SLI over the period',
      description: 'Share of good events (or good time) over the whole SLO period (30d in production, 7d in staging). Below the objective, the SLO is missed.',
      queries: [{ expr: `${SERIES.sliOverPeriod}${sel}`, legend: 'SLI' }],
      unit: 'percentunit',
      decimals: 3,
      width: 4,
      height: 5,
    }),
    statPanel({
      title: 'Error budget remaining',
      description: '1 − (bad share over the period / error budget). Green above 25%, amber from 0 to 25%, red once spent (below 0).',
      queries: [{ expr: `${SERIES.errorBudgetRemaining}${sel}`, legend: 'remaining' }],
      unit: 'percentunit',
      decimals: 1,
      width: 4,
      height: 5,
      steps: [
        { color: 'red', value: null },
        { color: 'orange', value: 0 },
        { color: 'green', value: 0.25 },
      ],
    }),
    statPanel({
      title: 'Current burn rate (1h)',
      description: 'Error ratio over the last hour divided by the error budget. 1× spends the budget exactly over the period; pages start at 14.4× (30d) over 1h.',
      queries: [{ expr: `${SERIES.currentBurnRate}${sel}`, legend: 'burn rate' }],
      unit: 'suffix:×',
      decimals: 2,
      width: 4,
      height: 5,
      steps: [
        { color: 'green', value: null },
        { color: 'orange', value: 1 },
        { color: 'red', value: 6 },
      ],
    }),
    statPanel({
      title: 'Pages firing',
      description: 'Alerts of this SLO and environment with severity="page" firing now (from ALERTS).',
      queries: [{ expr: alerts('page'), legend: 'pages' }],
      unit: 'none',
      width: 4,
      height: 5,
      steps: [
        { color: 'green', value: null },
        { color: 'red', value: 1 },
      ],
    }),
    statPanel({
      title: 'Tickets firing',
      description: 'Alerts of this SLO and environment with severity="ticket" firing now (from ALERTS).',
      queries: [{ expr: alerts('ticket'), legend: 'tickets' }],
      unit: 'none',
      width: 4,
      height: 5,
      steps: [
        { color: 'green', value: null },
        { color: 'orange', value: 1 },
      ],
    }),
  ];
}

function budgetPanels(service: string, example: SloInstance | undefined): PanelBuilder[] {
  const sel = seriesOf(service, '$slo');
  const allowed = example ? ` (for example ${humanDuration(example.errorBudget.toNumber() * example.periodSeconds)} per ${example.period} at ${percent(example.objective)})` : '';
  return [
    timeseriesPanel({
      title: 'Error budget burn-down',
      description: 'Remaining error budget over the SLO period, against the active objective and, where set, the future one. It falls as bad events accumulate; below 0 the objective is missed.',
      queries: [
        { expr: `${SERIES.errorBudgetRemaining}${sel}`, legend: 'remaining (active objective)' },
        { expr: `${SERIES.errorBudgetRemainingFuture}${sel}`, legend: 'remaining (future objective)' },
      ],
      unit: 'percentunit',
      width: 16,
      height: 8,
    }),
    statPanel({
      title: 'Allowed downtime per period',
      description: `The error budget as time: error budget × period${allowed}. For event-based SLIs, the same share of the period's events. "Left" is what remains of it now.`,
      queries: [
        { expr: `${SERIES.errorBudget}${sel} * on(service, slo, env) ${SERIES.periodSeconds}${sel}`, legend: 'allowed' },
        { expr: `${SERIES.periodSeconds}${sel}`, legend: 'per period' },
        { expr: `clamp_min(${SERIES.errorBudgetRemaining}${sel}, 0) * on(service, slo, env) ${SERIES.errorBudget}${sel} * on(service, slo, env) ${SERIES.periodSeconds}${sel}`, legend: 'left' },
      ],
      unit: 'dtdurations',
      width: 8,
      height: 8,
    }),
  ];
}

function burnRatePanel(service: string): PanelBuilder {
  const sel = seriesOf(service, '$slo');
  const budget = `on(service, slo, env) (${SERIES.errorBudget}${sel} > 0)`;
  const windows: Query[] = RECORDED_WINDOWS.map((w) => ({ expr: `${SERIES.errorRatio(w)}${sel} / ${budget}`, legend: `burn rate ${w}` }));
  const tiers: Query[] = WORKBOOK_TIERS.map((tier) => ({
    expr: `${tier.budgetShare.toDecimal()} * ${SERIES.periodSeconds}${sel} / ${parseDuration(tier.longWindow)}`,
    legend: `threshold ${tier.severity} ${tier.longWindow}/${tier.shortWindow}`,
  }));
  return timeseriesPanel({
    title: 'Burn rate by window',
    description:
      'Error ratio over each window divided by the error budget (1× spends the budget exactly over the period). Dashed: the multi-window tiers\' factors, budget share × period / long window (14.4, 6, 3, 1 for 30d). A tier fires when both its long and short windows are above its line. Objectives too low for a tier use a replacement factor (see the alert description).',
    queries: [...windows, ...tiers],
    unit: 'suffix:×',
    width: 24,
    height: 9,
    min: 0,
  });
}

/** Latency SLOs grouped by histogram (same metric and matchers): p50/p95/p99 against targets. */
function latencyPanels(service: string, instances: SloInstance[]): PanelBuilder[] {
  const byHistogram = new Map<string, SloInstance[]>();
  for (const i of instances) {
    if (i.sli.kind !== 'latency' || i.alertPolicy.kind === 'batch-duration') continue;
    const key = dashboardSelector(i.sli.count, i.service.envLabel);
    byHistogram.set(key, [...(byHistogram.get(key) ?? []), i]);
  }
  return [...byHistogram.values()].flatMap((slos) => {
    const first = slos[0];
    if (first.sli.kind !== 'latency') return [];
    const bucket = dashboardSelector({ ...first.sli.count, metric: `${first.sli.histogramMetric}_bucket` }, first.service.envLabel);
    const name = first.title.replace(/ p\d+(\.\d+)?$/, '');
    const targets = slos.map((slo) => ({ slo, quantile: slo.objective, threshold: slo.sli.kind === 'latency' ? slo.sli.threshold : 0 }));
    const quantiles: Query[] = targets.flatMap(({ slo, quantile, threshold }) => [
      { expr: `histogram_quantile(${quantile.toDecimal()}, sum by (le) (rate(${bucket}[$__rate_interval])))`, legend: `p${quantile.mul(percentFactor).toDecimal()}` },
      { expr: `vector(${threshold})`, legend: `target p${quantile.mul(percentFactor).toDecimal()} < ${humanMs(threshold)} (${slo.sloId})` },
    ]);
    const shares: Query[] = targets.flatMap(({ slo, threshold }) => [
      { expr: `1 - ${SERIES.errorRatio('5m')}${seriesOf(service, slo.sloId)}`, legend: `≤ ${humanMs(threshold)}` },
      { expr: `${SERIES.objective}${seriesOf(service, slo.sloId)}`, legend: `objective ${percent(slo.objective)} ≤ ${humanMs(threshold)}` },
    ]);
    return [
      timeseriesPanel({
        title: `${name}: latency percentiles`,
        description: `${name} latency from ${first.sli.histogramMetric} (histogram_quantile over the buckets, interpolated within a bucket). Dashed: the targets of the success criteria, ${targets.map((t) => `p${t.quantile.mul(percentFactor).toDecimal()} < ${humanMs(t.threshold)}`).join(', ')}.`,
        queries: quantiles,
        unit: 's',
        width: 12,
        height: 8,
        min: 0,
      }),
      timeseriesPanel({
        title: `${name}: share of events within each threshold`,
        description: `Share of ${name.toLowerCase()} events at or under each threshold over 5m (the SLI, exact at bucket bounds), against its objective: pN < T holds while at least N% of events take at most T.`,
        queries: shares,
        unit: 'percentunit',
        width: 12,
        height: 8,
      }),
    ];
  });
}

const percentFactor = Rational.parse(100);

function humanMs(seconds: number): string {
  return seconds < 1 ? `${Math.round(seconds * 1000)}ms` : seconds < 60 ? `${seconds}s` : humanDuration(seconds);
}

/** Error-ratio SLOs (5xx, 4xx, inference failures) against their targets, and zero-tolerance events. */
function errorPanels(service: string, instances: SloInstance[]): PanelBuilder[] {
  const unique = (kind: SloInstance['alertPolicy']['kind']) => [...new Map(instances.filter((i) => i.sli.kind === 'ratio' && i.alertPolicy.kind === kind).map((i) => [i.sloId, i])).values()];
  const ratios = unique('burn-rate').map((slo) =>
    timeseriesPanel({
      title: `${slo.title}`,
      description: `${slo.description || slo.title} Error ratio over 5m and 1h; dashed, the target: below ${percent(slo.errorBudget)} (objective ${percent(slo.objective)}).`,
      queries: [
        { expr: `${SERIES.errorRatio('5m')}${seriesOf(service, slo.sloId)}`, legend: 'error ratio 5m' },
        { expr: `${SERIES.errorRatio('1h')}${seriesOf(service, slo.sloId)}`, legend: 'error ratio 1h' },
        { expr: `${SERIES.errorBudget}${seriesOf(service, slo.sloId)}`, legend: `target < ${percent(slo.errorBudget)}` },
      ],
      unit: 'percentunit',
      width: 8,
      height: 8,
      min: 0,
    }),
  );
  const zero = unique('zero-tolerance').map((slo) =>
    timeseriesPanel({
      title: `${slo.title}: bad events`,
      description: `${slo.description || slo.title} Zero tolerance: any event breaches the objective and alerts at once. Bad events per 5m, and the remaining budget (1 until the first event of the period, then 0).`,
      queries: [
        { expr: `${SERIES.badEventsRate5m}${seriesOf(service, slo.sloId)} * 300`, legend: 'bad events per 5m' },
        { expr: `${SERIES.errorBudgetRemaining}${seriesOf(service, slo.sloId)}`, legend: 'budget remaining (1 = none yet)' },
      ],
      unit: 'short',
      width: 8,
      height: 8,
      min: 0,
    }),
  );
  return [...ratios, ...zero];
}

function capacityPanels(service: string, capacities: CapacityInstance[]): PanelBuilder[] {
  const unique = [...new Map(capacities.map((c) => [c.id, c])).values()];
  return unique.map((c) => {
    const sel = seriesOf(service, c.id);
    const limit = c.kind === 'ceiling' ? c.headroom : c.floorShare;
    const what = c.kind === 'ceiling' ? `a ticket when load stays above ${Math.round(limit * 100)}% of it for ${c.for}` : `a ticket when volume stays below ${Math.round(limit * 100)}% of it for ${c.for} (a silent outage)`;
    return timeseriesPanel({
      title: `${c.title} (target ${c.kind === 'ceiling' ? '≤' : '≥'} ${c.target} ${c.unit})`,
      description: `${c.title}: current load against the capacity target of ${c.target} ${c.unit}; ${what}.`,
      queries: [
        { expr: `${SERIES.capacityLoad}${sel}`, legend: 'load' },
        { expr: `${SERIES.capacityTarget}${sel}`, legend: `target ${c.target} ${c.unit}` },
        { expr: `${SERIES.capacityTarget}${sel} * ${limit}`, legend: `headroom line ${Math.round(limit * 100)}%` },
      ],
      unit: grafanaUnit(c.unit),
      width: 6,
      height: 8,
      min: 0,
    });
  });
}

/** Batch jobs: last run duration against the duration targets, and the age of the last success. */
function batchPanels(service: string, instances: SloInstance[]): PanelBuilder[] {
  const durations = [...new Map(instances.filter((i) => i.alertPolicy.kind === 'batch-duration').map((i) => [i.sloId, i])).values()];
  const freshness = [...new Map(instances.filter((i) => i.sli.kind === 'freshness').map((i) => [i.sloId, i])).values()];
  const panels: PanelBuilder[] = [];
  const first = durations[0];
  if (first && first.sli.kind === 'latency') {
    const sum = dashboardSelector({ ...first.sli.count, metric: `${first.sli.histogramMetric}_sum` }, first.service.envLabel);
    const count = dashboardSelector(first.sli.count, first.service.envLabel);
    panels.push(
      timeseriesPanel({
        title: `${first.title.replace(/ duration p\d+$/, '')}: last run duration`,
        description: `Duration of the runs of the last 24h (sum / count of ${first.sli.histogramMetric}: one run a night, so the last run). Dashed: ${durations.map((d) => `${d.sloId} < ${d.sli.kind === 'latency' ? humanDuration(d.sli.threshold) : ''}`).join(', ')}.`,
        queries: [
          { expr: `increase(${sum}[1d]) / increase(${count}[1d])`, legend: 'last run' },
          ...durations.map((d) => ({ expr: `vector(${d.sli.kind === 'latency' ? d.sli.threshold : 0})`, legend: `target ${d.sloId} < ${d.sli.kind === 'latency' ? humanDuration(d.sli.threshold) : ''}` })),
        ],
        unit: 's',
        width: 12,
        height: 8,
        min: 0,
      }),
    );
  }
  for (const f of freshness) {
    if (f.sli.kind !== 'freshness') continue;
    panels.push(
      timeseriesPanel({
        title: `${f.title}: time since the last success`,
        description: `Age of the last successful run (time() − ${f.sli.lastSuccess.metric}). Above ${f.sli.maxAge}, a run was missed: that pages in production.`,
        queries: [
          { expr: `time() - max(${dashboardSelector(f.sli.lastSuccess, f.service.envLabel)} > 0)`, legend: 'since last success' },
          { expr: `vector(${f.sli.maxAgeSeconds})`, legend: `max age ${f.sli.maxAge}` },
        ],
        unit: 's',
        width: 12,
        height: 8,
        min: 0,
      }),
    );
  }
  return panels;
}

export function serviceDashboard(model: ResolvedCatalog, service: string): dashboard.Dashboard {
  const instances = model.instances.filter((i) => i.service.name === service);
  const capacities = model.capacities.filter((c) => c.service.name === service);
  const title = instances[0]?.service.title ?? service;
  const builder = new dashboard.DashboardBuilder(`${title} SLOs`)
    .uid(serviceDashboardUid(service))
    .description(`Service level objectives of ${title}, generated by sloforge from the SLO catalog. Pick an environment and an SLO above.`)
    .tags(['sloforge', 'slo', service])
    .editable()
    .time({ from: 'now-7d', to: 'now' })
    .refresh('1m')
    .timezone('utc')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withVariable(datasourceVariable())
    .withVariable(queryVariable('env', 'Environment', `label_values(${SERIES.objective}{service="${service}"}, env)`))
    .withVariable(queryVariable('slo', 'SLO', `label_values(${SERIES.objective}{service="${service}",env="$env"}, slo)`))
    .link(new dashboard.DashboardLinkBuilder('All SLOs').type(dashboard.DashboardLinkType.Dashboards).tags(['sloforge']).asDropdown(false).keepTime(true));

  const sections: Array<[string, PanelBuilder[]]> = [
    ['SLO $slo in $env', sloStats(service)],
    ['Error budget', budgetPanels(service, instances.find((i) => i.env === 'production') ?? instances[0])],
    ['Burn rate', [burnRatePanel(service)]],
    ['Latency', latencyPanels(service, instances)],
    ['Errors', errorPanels(service, instances)],
    ['Throughput and capacity', capacityPanels(service, capacities)],
    ['Batch jobs', batchPanels(service, instances)],
  ];
  let id = 1;
  for (const [rowTitle, panels] of sections) {
    if (panels.length === 0) continue;
    builder.withRow(row(rowTitle).id(id++));
    for (const panel of panels) builder.withPanel(panel.id(id++));
  }
  return builder.build();
}
