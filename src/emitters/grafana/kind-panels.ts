/** The rows of a service dashboard by SLO kind: latency percentiles, error ratios, journeys, capacity targets and batch jobs. */
import { parseDuration } from '../../core/duration.js';
import { formatDuration, formatPercent, formatPercentile } from '../../core/format.js';
import { SERIES, seriesRef } from '../../model/conventions.js';
import { type CapacityInstance, type SloPlan } from '../../model/types.js';
import { type LaidPanel } from './layout.js';
import { grafanaUnit, timeseriesPanel, type Query } from './panels.js';
import { PER_INSTANCE, type PanelBuilder, dashboardSelector, series } from './dashboard-queries.js';

/** Latency SLOs grouped by histogram (same metric and matchers): p50/p95/p99 against targets. */
export function latencyPanels(service: string, instances: SloPlan[]): PanelBuilder[] {
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
    // Each target's slow share over its budget: 1× is "at the objective" for p50 and p99 alike, so they share an axis.
    const burns: Query[] = [
      ...targets.map(({ slo, quantile, threshold }) => ({
        expr: `${series(SERIES.errorRatio(slo.windows.base), service, slo.sloId)} / ${PER_INSTANCE} ${series(SERIES.errorBudget, service, slo.sloId)}`,
        legend: `${formatPercentile(quantile)} < ${formatDuration(threshold)}`,
      })),
      { expr: 'vector(1)', legend: 'target 1× (at the objective)' },
    ];
    return [
      timeseriesPanel({
        title: `${name}: latency percentiles`,
        description: `${name} latency from ${first.sli.histogramMetric} (histogram_quantile over the buckets, interpolated within a bucket). Dashed: the targets of the success criteria, ${targets.map((t) => `${formatPercentile(t.quantile)} < ${formatDuration(t.threshold)}`).join(', ')}.`,
        queries: quantiles,
        unit: 's',
        height: 8,
        min: 0,
      }),
      timeseriesPanel({
        title: `${name}: slow events against each target's budget`,
        description: `For each target pN < T, the share of ${name.toLowerCase()} events slower than T over 5m divided by the share the objective allows (100% − N%). Above 1× the target is being missed; every target reads on the same scale, linear to 1× and log2 above.`,
        queries: burns,
        unit: 'suffix:×',
        height: 8,
        min: 0,
        symlog: true,
      }),
    ];
  });
}

/** Error-ratio SLOs (5xx, 4xx, inference failures) against their targets, and zero-tolerance events. */
export function errorPanels(service: string, instances: SloPlan[]): PanelBuilder[] {
  const unique = (kind: SloPlan['alertPolicy']['kind']) => [
    ...new Map(instances.filter((i) => i.sli.kind === 'ratio' && i.alertPolicy.kind === kind).map((i) => [i.sloId, i])).values(),
  ];
  const ratios = unique('burn-rate').map((slo) => {
    // A grouped SLO draws a line per group: the legend names it.
    const group = slo.groupBy.map((label) => ` {{${label}}}`).join('');
    return timeseriesPanel({
      title: `${slo.title}`,
      description: `${slo.description || slo.title} Error ratio over 5m and 1h; dashed, the target: below ${formatPercent(slo.errorBudget)} (objective ${formatPercent(slo.objective)}).`,
      queries: [
        { expr: series(SERIES.errorRatio(slo.windows.base), service, slo.sloId), legend: `error ratio ${slo.windows.base}${group}` },
        { expr: series(SERIES.errorRatio(slo.windows.current), service, slo.sloId), legend: `error ratio ${slo.windows.current}${group}` },
        { expr: series(SERIES.errorBudget, service, slo.sloId), legend: `target < ${formatPercent(slo.errorBudget)}` },
      ],
      unit: 'percentunit',
      height: 8,
      min: 0,
    });
  });
  const zero = unique('zero-tolerance').map((slo) =>
    timeseriesPanel({
      title: `${slo.title}: bad events`,
      description: `${slo.description || slo.title} Zero tolerance: any event breaches the objective and alerts at once. Bad events per 5m, and the remaining budget (1 until the first event of the period, then 0).`,
      queries: [
        { expr: `${series(SERIES.badEventsRate5m, service, slo.sloId)} * ${parseDuration(slo.windows.base)}`, legend: `bad events per ${slo.windows.base}` },
        { expr: series(SERIES.errorBudgetRemaining, service, slo.sloId), legend: 'budget remaining (1 = none yet)' },
      ],
      unit: 'short',
      height: 8,
      min: 0,
    }),
  );
  return [...ratios, ...zero];
}

/** Composite (journey) SLOs: the journey's error ratio over 1h and each component's, against the journey's budget. */
export function journeyPanels(service: string, instances: SloPlan[]): PanelBuilder[] {
  const journeys = [...new Map(instances.filter((i) => i.sli.kind === 'composite').map((i) => [i.sloId, i])).values()];
  return journeys.map((journey) => {
    const sli = journey.sli as Extract<SloPlan['sli'], { kind: 'composite' }>;
    const window = journey.windows.current;
    return timeseriesPanel({
      title: `${journey.title}: the journey and its components`,
      description: `${journey.description || journey.title} A composite SLO: its error ratio is ${sli.mode === 'worst' ? 'the worst of' : 'the weighted average of'} its components' (${sli.components.map((c) => `${c.slo} × ${c.weight}`).join(', ')}), over ${window} here; dashed, its budget (${formatPercent(journey.errorBudget)}). It has its own alerts and budget; each component keeps its own.`,
      queries: [
        { expr: series(SERIES.errorRatio(window), service, journey.sloId), legend: `${journey.sloId} (journey)` },
        ...sli.components.map((c) => ({
          expr: seriesRef(SERIES.errorRatio(window), { service: c.service, slo: c.slo, env: '$env' }),
          legend: `${c.slo}${sli.mode === 'weighted' ? ` (weight ${c.weight})` : ''}`,
        })),
        { expr: series(SERIES.errorBudget, service, journey.sloId), legend: `target < ${formatPercent(journey.errorBudget)}` },
      ],
      unit: 'percentunit',
      height: 8,
      min: 0,
    });
  });
}

/** One panel per capacity target (not per environment), in catalog order. */
function capacityPanelsOf(capacities: CapacityInstance[]): CapacityInstance[] {
  return [...new Map(capacities.map((c) => [c.id, c])).values()];
}

export function capacityPanels(service: string, capacities: CapacityInstance[]): LaidPanel[] {
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
      height: 8,
      min: 0,
    });
    return { panel, id: c.panelId };
  });
}

/** Batch jobs: last run duration against the duration targets, and the age of the last success. */
export function batchPanels(service: string, instances: SloPlan[]): PanelBuilder[] {
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
        height: 8,
        min: 0,
      }),
    );
  }
  return panels;
}
