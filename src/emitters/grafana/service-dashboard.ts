/**
 * One SLO dashboard per service, built with the foundation SDK: template variables for the
 * datasource, environment and SLO; stats, budget, burn rate by window, then latency, errors,
 * capacity and batch-job rows drawn from the catalog. It reads recorded series wherever it can.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { parseDuration } from '../../core/duration.js';
import { formatDuration, formatPercent, formatPercentile } from '../../core/format.js';
import { formatLabels, formatSelector } from '../../core/promql.js';
import { OVERVIEW_DASHBOARD_UID, SERIES, seriesRef, serviceDashboardUid, TIER_LABELS } from '../../model/conventions.js';
import type { CapacityInstance, MatcherSpec, ResolvedCatalog, SelectorSpec, SloPlan } from '../../model/types.js';
import { datasourceVariable, grafanaUnit, queryVariable, row, statPanel, timeseriesPanel, type Query } from './panels.js';

type PanelBuilder = ReturnType<typeof statPanel> | ReturnType<typeof timeseriesPanel>;

/** A selector of a raw metric for the dashboard: the instance's environment becomes $env. */
function dashboardSelector(selector: SelectorSpec, envLabel: string): string {
  const matchers: MatcherSpec[] = selector.matchers.map((m) => (m.label === envLabel && m.op === '=' ? { ...m, value: '$env' } : m));
  return formatSelector({ metric: selector.metric, matchers });
}

/** A recorded series of one SLO (or the one picked in $slo) in the environment picked in $env. */
const series = (metric: string, service: string, slo = '$slo') => seriesRef(metric, { service, slo, env: '$env' });

function sloStats(service: string, currentWindow: string | undefined, hasFuture: boolean): PanelBuilder[] {
  const alerts = (severity: string) => `count(ALERTS{${formatLabels({ service, slo: '$slo', env: '$env', alertstate: 'firing', severity })}}) or vector(0)`;
  return [
    statPanel({
      title: 'Objective',
      description: 'The active objective (alerts follow it) and, where the catalog sets one, the future objective (e.g. GA) shown beside it.',
      // The future objective's series exists only where the catalog sets one: no query reads nothing.
      queries: [
        { expr: series(SERIES.objective, service), legend: 'active' },
        ...(hasFuture ? [{ expr: series(SERIES.objectiveFuture, service), legend: 'future' }] : []),
      ],
      unit: 'percentunit',
      decimals: 3,
      width: 4,
      height: 5,
    }),
    statPanel({
      title: 'SLI over the period',
      description: 'Share of good events (or good time) over the whole SLO period (30d in production, 7d in staging). Below the objective, the SLO is missed.',
      queries: [{ expr: series(SERIES.sliOverPeriod, service), legend: 'SLI' }],
      unit: 'percentunit',
      decimals: 3,
      width: 4,
      height: 5,
    }),
    statPanel({
      title: 'Error budget remaining',
      description: '1 − (bad share over the period / error budget). Green above 25%, amber from 0 to 25%, red once spent (below 0).',
      queries: [{ expr: series(SERIES.errorBudgetRemaining, service), legend: 'remaining' }],
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
      title: currentWindow ? `Current burn rate (${currentWindow})` : 'Current burn rate',
      description: `Error ratio over the last ${currentWindow ?? 'hour'} (the fastest alert tier's long window) divided by the error budget. 1× spends the budget exactly over the period; the tiers' thresholds are the dashed lines of "Burn rate by window".`,
      queries: [{ expr: series(SERIES.currentBurnRate, service), legend: 'burn rate' }],
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

function budgetPanels(service: string, example: SloPlan | undefined, hasFuture: boolean): PanelBuilder[] {
  const sel = (metric: string) => series(metric, service);
  const allowed = example
    ? ` (for example ${formatDuration(example.budget.perPeriodSeconds)} per ${example.period} at ${formatPercent(example.objective)})`
    : '';
  return [
    timeseriesPanel({
      title: 'Error budget burn-down',
      description:
        'Remaining error budget over the SLO period, against the active objective and, where set, the future one. It falls as bad events accumulate; below 0 the objective is missed.',
      queries: [
        { expr: `${sel(SERIES.errorBudgetRemaining)}`, legend: 'remaining (active objective)' },
        ...(hasFuture ? [{ expr: `${sel(SERIES.errorBudgetRemainingFuture)}`, legend: 'remaining (future objective)' }] : []),
      ],
      unit: 'percentunit',
      width: 16,
      height: 8,
    }),
    statPanel({
      title: 'Allowed downtime per period',
      description: `The error budget as time: error budget × period${allowed}. For event-based SLIs, the same share of the period's events. "Left" is what remains of it now.`,
      queries: [
        { expr: `${sel(SERIES.errorBudget)} * on(service, slo, env) ${sel(SERIES.periodSeconds)}`, legend: 'allowed' },
        { expr: `${sel(SERIES.periodSeconds)}`, legend: 'per period' },
        {
          expr: `clamp_min(${sel(SERIES.errorBudgetRemaining)}, 0) * on(service, slo, env) ${sel(SERIES.errorBudget)} * on(service, slo, env) ${sel(SERIES.periodSeconds)}`,
          legend: 'left',
        },
      ],
      unit: 'dtdurations',
      // Grafana's duration formatter shows as many units as decimals: 7h12m, not "7 hours".
      decimals: 2,
      width: 8,
      height: 8,
    }),
  ];
}

/** Burn rate over every window the service's plans record for alerting, and each tier's threshold line as recorded. */
function burnRatePanel(service: string, instances: SloPlan[]): PanelBuilder {
  const budget = `on(service, slo, env) (${series(SERIES.errorBudget, service)} > 0)`;
  const windows = [...new Set(instances.flatMap((i) => i.windows.recorded.filter((w) => w !== i.period)))].sort((a, b) => parseDuration(a) - parseDuration(b));
  const rates: Query[] = windows.map((w) => ({ expr: `${series(SERIES.errorRatio(w), service)} / ${budget}`, legend: `burn rate ${w}` }));
  const tiers: Query = {
    expr: series(SERIES.burnRateThreshold, service),
    legend: `threshold {{${TIER_LABELS.severity}}} {{${TIER_LABELS.longWindow}}}/{{${TIER_LABELS.shortWindow}}}`,
  };
  return timeseriesPanel({
    title: 'Burn rate by window',
    description:
      "Error ratio over each window divided by the error budget (1× spends the budget exactly over the period), on a scale linear up to 1× and log2 above. Dashed: the alert tiers' thresholds exactly as the alerts use them (recorded as slo:burn_rate_threshold:ratio, with the tier's severity in this environment). A tier fires when both its long and short windows are above its line. SLOs without burn-rate alerts (zero tolerance, batch jobs) have no lines.",
    queries: [...rates, tiers],
    unit: 'suffix:×',
    width: 24,
    height: 9,
    min: 0,
    symlog: true,
  });
}

/** Latency SLOs grouped by histogram (same metric and matchers): p50/p95/p99 against targets. */
function latencyPanels(service: string, instances: SloPlan[]): PanelBuilder[] {
  const byHistogram = new Map<string, SloPlan[]>();
  for (const i of instances) {
    if (i.sli.kind !== 'latency' || i.alertPolicy.kind === 'batch-duration') continue;
    const key = dashboardSelector(i.sli.count, i.service.envLabel);
    byHistogram.set(key, [...(byHistogram.get(key) ?? []), i]);
  }
  return [...byHistogram.values()].flatMap((all) => {
    // One line per SLO, not one per environment: the queries read $env.
    const slos = [...new Map(all.map((i) => [i.sloId, i])).values()];
    const first = slos[0];
    if (first.sli.kind !== 'latency') return [];
    const bucket = dashboardSelector({ ...first.sli.count, metric: `${first.sli.histogramMetric}_bucket` }, first.service.envLabel);
    const name = first.percentile?.groupTitle ?? first.title;
    // The percentile a target names (p95) is data of the plan; a plain latency SLO's is its objective.
    const targets = slos.map((slo) => ({
      slo,
      quantile: slo.percentile?.percentile ?? slo.objective,
      threshold: slo.sli.kind === 'latency' ? slo.sli.threshold : 0,
    }));
    const quantiles: Query[] = targets.flatMap(({ slo, quantile, threshold }) => [
      { expr: `histogram_quantile(${quantile.toDecimal()}, sum by (le) (rate(${bucket}[$__rate_interval])))`, legend: formatPercentile(quantile) },
      { expr: `vector(${threshold})`, legend: `target ${formatPercentile(quantile)} < ${formatDuration(threshold)} (${slo.sloId})` },
    ]);
    const shares: Query[] = targets.flatMap(({ slo, threshold }) => [
      { expr: `1 - ${series(SERIES.errorRatio(slo.windows.base), service, slo.sloId)}`, legend: `≤ ${formatDuration(threshold)}` },
      { expr: series(SERIES.objective, service, slo.sloId), legend: `objective ${formatPercent(slo.objective)} ≤ ${formatDuration(threshold)}` },
    ]);
    return [
      timeseriesPanel({
        title: `${name}: latency percentiles`,
        description: `${name} latency from ${first.sli.histogramMetric} (histogram_quantile over the buckets, interpolated within a bucket). Dashed: the targets of the success criteria, ${targets.map((t) => `${formatPercentile(t.quantile)} < ${formatDuration(t.threshold)}`).join(', ')}.`,
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

/** Error-ratio SLOs (5xx, 4xx, inference failures) against their targets, and zero-tolerance events. */
function errorPanels(service: string, instances: SloPlan[]): PanelBuilder[] {
  const unique = (kind: SloPlan['alertPolicy']['kind']) => [
    ...new Map(instances.filter((i) => i.sli.kind === 'ratio' && i.alertPolicy.kind === kind).map((i) => [i.sloId, i])).values(),
  ];
  const ratios = unique('burn-rate').map((slo) =>
    timeseriesPanel({
      title: `${slo.title}`,
      description: `${slo.description || slo.title} Error ratio over 5m and 1h; dashed, the target: below ${formatPercent(slo.errorBudget)} (objective ${formatPercent(slo.objective)}).`,
      queries: [
        { expr: series(SERIES.errorRatio(slo.windows.base), service, slo.sloId), legend: `error ratio ${slo.windows.base}` },
        { expr: series(SERIES.errorRatio(slo.windows.current), service, slo.sloId), legend: `error ratio ${slo.windows.current}` },
        { expr: series(SERIES.errorBudget, service, slo.sloId), legend: `target < ${formatPercent(slo.errorBudget)}` },
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
        { expr: `${series(SERIES.badEventsRate5m, service, slo.sloId)} * ${parseDuration(slo.windows.base)}`, legend: `bad events per ${slo.windows.base}` },
        { expr: series(SERIES.errorBudgetRemaining, service, slo.sloId), legend: 'budget remaining (1 = none yet)' },
      ],
      unit: 'short',
      width: 8,
      height: 8,
      min: 0,
    }),
  );
  return [...ratios, ...zero];
}

/** One panel per capacity target (not per environment), in catalog order. */
function capacityPanelsOf(capacities: CapacityInstance[]): CapacityInstance[] {
  return [...new Map(capacities.map((c) => [c.id, c])).values()];
}

/** A panel with the id its alerts link to. */
interface PinnedPanel {
  panel: PanelBuilder;
  id: number;
}

function capacityPanels(service: string, capacities: CapacityInstance[]): PinnedPanel[] {
  return capacityPanelsOf(capacities).map((c) => {
    const sel = (metric: string) => series(metric, service, c.id);
    const limit = c.kind === 'ceiling' ? c.headroom : c.floorShare;
    const what =
      c.kind === 'ceiling'
        ? `a ticket when load stays above ${formatPercent(limit)} of it for ${c.for}`
        : `a ticket when volume stays below ${formatPercent(limit)} of it for ${c.for} (a silent outage)`;
    const panel = timeseriesPanel({
      title: `${c.title} (target ${c.kind === 'ceiling' ? '≤' : '≥'} ${c.target} ${c.unit})`,
      description: `${c.title}: current load against the capacity target of ${c.target} ${c.unit}; ${what}.`,
      queries: [
        { expr: `${sel(SERIES.capacityLoad)}`, legend: 'load' },
        { expr: `${sel(SERIES.capacityTarget)}`, legend: `target ${c.target} ${c.unit}` },
        { expr: `${sel(SERIES.capacityTarget)} * ${limit}`, legend: `headroom line ${formatPercent(limit)}` },
      ],
      unit: grafanaUnit(c.unit),
      width: 6,
      height: 8,
      min: 0,
    });
    return { panel, id: c.panelId };
  });
}

/** Batch jobs: last run duration against the duration targets, and the age of the last success. */
function batchPanels(service: string, instances: SloPlan[]): PanelBuilder[] {
  const durations = [...new Map(instances.filter((i) => i.alertPolicy.kind === 'batch-duration').map((i) => [i.sloId, i])).values()];
  const freshness = [...new Map(instances.filter((i) => i.sli.kind === 'freshness').map((i) => [i.sloId, i])).values()];
  const panels: PanelBuilder[] = [];
  const first = durations[0];
  if (first && first.sli.kind === 'latency' && first.alertPolicy.kind === 'batch-duration') {
    const sum = dashboardSelector({ ...first.sli.count, metric: `${first.sli.histogramMetric}_sum` }, first.service.envLabel);
    const count = dashboardSelector(first.sli.count, first.service.envLabel);
    panels.push(
      timeseriesPanel({
        title: `${first.alertPolicy.job}: last run duration`,
        description: `Duration of the runs of the last 24h (sum / count of ${first.sli.histogramMetric}: one run a night, so the last run). Dashed: ${durations.map((d) => `${d.sloId} < ${d.sli.kind === 'latency' ? formatDuration(d.sli.threshold) : ''}`).join(', ')}.`,
        queries: [
          { expr: `increase(${sum}[1d]) / increase(${count}[1d])`, legend: 'last run' },
          ...durations.map((d) => ({
            expr: `vector(${d.sli.kind === 'latency' ? d.sli.threshold : 0})`,
            legend: `target ${d.sloId} < ${d.sli.kind === 'latency' ? formatDuration(d.sli.threshold) : ''}`,
          })),
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
  const hasFuture = instances.some((i) => i.future !== undefined);
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
    .withVariable(queryVariable('env', 'Environment', `label_values(${SERIES.objective}{${formatLabels({ service })}}, env)`))
    .withVariable(queryVariable('slo', 'SLO', `label_values(${SERIES.objective}{${formatLabels({ service, env: '$env' })}}, slo)`))
    .link(new dashboard.DashboardLinkBuilder('All SLOs').type(dashboard.DashboardLinkType.Link).url(`/d/${OVERVIEW_DASHBOARD_UID}`).keepTime(true))
    .link(new dashboard.DashboardLinkBuilder('SLO dashboards').type(dashboard.DashboardLinkType.Dashboards).tags(['sloforge']).asDropdown(true).keepTime(true));

  const sections: Array<[string, Array<PanelBuilder | PinnedPanel>]> = [
    ['SLO $slo in $env', sloStats(service, instances[0]?.windows.current, hasFuture)],
    ['Error budget', budgetPanels(service, instances.find((i) => i.env === 'production') ?? instances[0], hasFuture)],
    ['Burn rate', [burnRatePanel(service, instances)]],
    ['Latency', latencyPanels(service, instances)],
    ['Errors', errorPanels(service, instances)],
    ['Throughput and capacity', capacityPanels(service, capacities)],
    ['Batch jobs', batchPanels(service, instances)],
  ];
  let id = 1;
  for (const [rowTitle, panels] of sections) {
    if (panels.length === 0) continue;
    builder.withRow(row(rowTitle).id(id++));
    for (const entry of panels) builder.withPanel('id' in entry && 'panel' in entry ? entry.panel.id(entry.id) : (entry as PanelBuilder).id(id++));
  }
  const built = builder.build();
  // The SDK places every link in the controls menu; without a placement Grafana shows them in the top bar.
  return { ...built, links: (built.links ?? []).map(({ placement: _placement, ...link }) => link as dashboard.DashboardLink) };
}
