/**
 * One SLO dashboard per service, built with the foundation SDK: template variables for the
 * datasource, environment and SLO; stats, budget, burn rate by window, then latency, errors,
 * capacity and batch-job rows drawn from the catalog. It reads recorded series wherever it can.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { parseDuration } from '../../core/duration.js';
import { formatDuration, formatPercent, formatPercentile } from '../../core/format.js';
import { SLOTH_SEVERITY_LABEL } from '../../core/labels.js';
import { formatLabels, formatMatcher, formatSelector } from '../../core/promql.js';
import { burnRateAlertName, OVERVIEW_DASHBOARD_UID, SERIES, seriesRef, serviceDashboardUid, TIER_LABELS, tierAlerts } from '../../model/conventions.js';
import type { CapacityInstance, MatcherSpec, ResolvedCatalog, SelectorSpec, SloPlan } from '../../model/types.js';
import { layOut, wrapLines, type LaidPanel, type Section } from './layout.js';
import {
  BELOW_OBJECTIVE_LEGEND,
  DATASOURCE_REF,
  datasourceVariable,
  grafanaUnit,
  queryVariable,
  statPanel,
  tablePanel,
  timeseriesPanel,
  valueMappings,
  type Query,
} from './panels.js';

type PanelBuilder = ReturnType<typeof statPanel> | ReturnType<typeof timeseriesPanel> | ReturnType<typeof tablePanel>;

/** A selector of a raw metric for the dashboard: the instance's environment becomes $env. */
function dashboardSelector(selector: SelectorSpec, envLabel: string): string {
  const matchers: MatcherSpec[] = selector.matchers.map((m) => (m.label === envLabel && m.op === '=' ? { ...m, value: '$env' } : m));
  return formatSelector({ metric: selector.metric, matchers });
}

/** Joins a series of an SLO (one per group, for a grouped SLO) with a series the SLO records once. */
const PER_INSTANCE = 'on(service, slo, env) group_left()';

/** A recorded series of one SLO (or the one picked in $slo) in the environment picked in $env. */
const series = (metric: string, service: string, slo = '$slo') => seriesRef(metric, { service, slo, env: '$env' });

/**
 * A series of the SLO picked in $slo, one line however many groups it has: for a service with
 * grouped SLOs, the worst group (min SLI or budget, max burn) or the sum of the events. The
 * groups table lists every group.
 */
type View = (metric: string, worst: 'min' | 'max' | 'sum') => string;

function viewOf(service: string, groupLabels: string[]): View {
  if (groupLabels.length === 0) return (metric) => series(metric, service);
  // The groups picked in the group variables (All by default); an SLO without groups matches All only.
  const picked = groupLabels.map((label) => `${label}=~"$${label}"`).join(',');
  return (metric, worst) => `${worst} by (service, slo, env) (${series(metric, service).slice(0, -1)},${picked}})`;
}

/** Alerts of the selected SLO firing now, by tier (`sloth`: some SLO of the service carries Sloth's identity). */
const firing = (service: string, tier: 'page' | 'ticket', sloth: boolean) =>
  `count(${tierAlerts(tier, { service, slo: '$slo', env: '$env', alertstate: 'firing' }, sloth)}) or vector(0)`;

/** The first line of the page: is the selected SLO OK, and how long until its budget is gone? */
/**
 * The colour steps of the stat panels, from the plans and the environments' budget policies, so that
 * the dashboard agrees with the alerts and the gate: the burn rate turns red at the lowest factor a
 * page fires at (6× for 30d), the budget amber below the policy's warnBelow and red below its blockBelow.
 */
export function statThresholds(instances: SloPlan[], environments: Array<{ budgetPolicy: { blockBelow: number; warnBelow: number } }>) {
  const tiers = instances.flatMap((i) => (i.alertPolicy.kind === 'burn-rate' ? i.alertPolicy.tiers : []));
  const paging = tiers.filter((t) => t.severity === 'page');
  const factors = (paging.length ? paging : tiers).map((t) => t.factor.toNumber());
  return {
    burnRateRed: factors.length ? Math.min(...factors) : undefined,
    budgetRed: Math.max(0, ...environments.map((e) => e.budgetPolicy.blockBelow)) / 100,
    budgetGreen: Math.max(0, ...environments.map((e) => e.budgetPolicy.warnBelow)) / 100,
  };
}

function sloStats(
  service: string,
  view: View,
  grouped: boolean,
  currentWindow: string | undefined,
  hasFuture: boolean,
  thresholds: ReturnType<typeof statThresholds>,
  sloth: boolean,
): LaidPanel[] {
  return [
    {
      width: 3,
      panel: statPanel({
        title: 'Objective',
        description: 'The active objective (alerts follow it) and, where the catalog sets one, the future objective (e.g. GA) shown beside it.',
        // The future objective's series exists only where the catalog sets one: no query reads nothing.
        queries: [
          { expr: series(SERIES.objective, service), legend: 'active' },
          ...(hasFuture ? [{ expr: series(SERIES.objectiveFuture, service), legend: 'future' }] : []),
        ],
        unit: 'percentunit',
        decimals: 3,
        height: 4,
      }),
    },
    {
      width: 4,
      panel: statPanel({
        title: 'SLI over the period',
        description:
          'Share of good events (or good time) over the whole SLO period (30d in production, 7d in staging). Below the objective, the SLO is missed.',
        queries: [{ expr: view(SERIES.sliOverPeriod, 'min'), legend: 'SLI' }],
        unit: 'percentunit',
        decimals: 3,
        height: 4,
        noValue: 'no events this period',
      }),
    },
    {
      width: 4,
      panel: statPanel({
        title: 'Error budget remaining',
        description: `1 − (bad share over the period / error budget). Green from ${thresholds.budgetGreen * 100}%, amber from ${thresholds.budgetRed * 100}% (the budget policy's warnBelow and blockBelow), red below${thresholds.budgetRed === 0 ? ' 0, once spent' : ''}.`,
        queries: [{ expr: view(SERIES.errorBudgetRemaining, 'min'), legend: 'remaining' }],
        unit: 'percentunit',
        decimals: 1,
        height: 4,
        noValue: 'no events this period',
        steps: [
          { color: 'red', value: null },
          { color: 'orange', value: thresholds.budgetRed },
          { color: 'green', value: thresholds.budgetGreen },
        ],
      }),
    },
    {
      width: 3,
      panel: statPanel({
        title: currentWindow ? `Burn rate (${currentWindow})` : 'Burn rate',
        description: `Error ratio over the last ${currentWindow ?? 'hour'} (the fastest alert tier's long window) divided by the error budget. 1× spends the budget exactly over the period. Empty when nothing was counted in the window (a nightly job between runs) or the objective has no budget (zero tolerance).`,
        queries: [{ expr: view(SERIES.currentBurnRate, 'max'), legend: 'burn rate' }],
        unit: 'suffix:×',
        decimals: 2,
        height: 4,
        noValue: 'no events in window',
        steps: [
          { color: 'green', value: null },
          { color: 'orange', value: 1 },
          // Red from the lowest burn rate that pages (the ticket tiers' when nothing pages).
          ...(thresholds.burnRateRed !== undefined ? [{ color: 'red', value: thresholds.burnRateRed }] : []),
        ],
      }),
    },
    {
      width: 4,
      panel: statPanel({
        title: 'Budget exhausted in',
        description:
          'At the current burn rate, when the remaining error budget runs out: remaining × period / burn rate. Empty while nothing burns (burn rate 0), so the budget lasts. 0 once it is spent.',
        queries: [
          {
            expr: exhaustion(service, grouped),
            legend: 'exhausted in',
          },
        ],
        unit: 'dtdurations',
        decimals: 2,
        height: 4,
        noValue: 'not burning',
        steps: [
          { color: 'red', value: null },
          { color: 'orange', value: 3600 },
          { color: 'green', value: 7 * 86400 },
        ],
      }),
    },
    {
      width: 3,
      panel: statPanel({
        title: 'Pages firing',
        description: 'Alerts of this SLO and environment with severity="page" firing now (from ALERTS).',
        queries: [{ expr: firing(service, 'page', sloth), legend: 'pages' }],
        unit: 'none',
        height: 4,
        steps: [
          { color: 'green', value: null },
          { color: 'red', value: 1 },
        ],
      }),
    },
    {
      width: 3,
      panel: statPanel({
        title: 'Tickets firing',
        description: 'Alerts of this SLO and environment with severity="ticket" firing now (from ALERTS).',
        queries: [{ expr: firing(service, 'ticket', sloth), legend: 'tickets' }],
        unit: 'none',
        height: 4,
        steps: [
          { color: 'green', value: null },
          { color: 'orange', value: 1 },
        ],
      }),
    },
  ];
}

/** Seconds until the budget is gone at the current burn (per group, then the soonest). */
function exhaustion(service: string, grouped: boolean): string {
  const perGroup = `clamp_min(${series(SERIES.errorBudgetRemaining, service)}, 0) * ${PER_INSTANCE} ${series(SERIES.periodSeconds, service)} / (${series(SERIES.currentBurnRate, service)} > 0)`;
  return grouped ? `min by (service, slo, env) (${perGroup})` : perGroup;
}

/** The SLI over time against its objective, with the stretches below it filled red: "since when?". */
function sliOverTimePanel(service: string, view: View, currentWindow: string): LaidPanel {
  return {
    panel: timeseriesPanel({
      title: 'SLI over time',
      description: `The SLI over the whole period (what the objective is judged on) and over the last ${currentWindow}, against the objective (dashed). Filled red: where the period SLI was below the objective, the SLO was missed.`,
      queries: [
        { expr: view(SERIES.sliOverPeriod, 'min'), legend: 'SLI over the period' },
        { expr: `1 - ${view(SERIES.errorRatio(currentWindow), 'max')}`, legend: `SLI over ${currentWindow}` },
        { expr: series(SERIES.objective, service), legend: 'objective' },
        { expr: `${view(SERIES.sliOverPeriod, 'min')} < ${PER_INSTANCE} ${series(SERIES.objective, service)}`, legend: `${BELOW_OBJECTIVE_LEGEND} (missed)` },
      ],
      unit: 'percentunit',
      decimals: 3,
      height: 8,
    }),
  };
}

function budgetBurnDownPanel(view: View, hasFuture: boolean, longestPeriod: string): LaidPanel {
  return {
    panel: timeseriesPanel({
      title: `Error budget burn-down (last ${longestPeriod})`,
      description: `Remaining error budget against the active objective and, where set, the future one, over the last ${longestPeriod} whatever the time picker says: the budget covers the whole period. It falls as bad events accumulate; below 0 the objective is missed.`,
      queries: [
        { expr: view(SERIES.errorBudgetRemaining, 'min'), legend: 'remaining (active objective)' },
        ...(hasFuture ? [{ expr: view(SERIES.errorBudgetRemainingFuture, 'min'), legend: 'remaining (future objective)' }] : []),
      ],
      unit: 'percentunit',
      height: 8,
      timeFrom: longestPeriod,
    }),
  };
}

function allowedDowntimePanel(service: string, view: View, example: SloPlan | undefined): LaidPanel {
  const sel = (metric: string) => series(metric, service);
  const allowed = example
    ? ` (for example ${formatDuration(example.budget.perPeriodSeconds)} per ${example.period} at ${formatPercent(example.objective)})`
    : '';
  return {
    width: 8,
    panel: statPanel({
      title: 'Allowed downtime per period',
      description: `The error budget as time: error budget × period${allowed}. For event-based SLIs, the same share of the period's events. "Left" is what remains of it now.`,
      queries: [
        { expr: `${sel(SERIES.errorBudget)} * on(service, slo, env) ${sel(SERIES.periodSeconds)}`, legend: 'allowed' },
        { expr: `${sel(SERIES.periodSeconds)}`, legend: 'per period' },
        {
          expr: `clamp_min(${view(SERIES.errorBudgetRemaining, 'min')}, 0) * ${PER_INSTANCE} ${sel(SERIES.errorBudget)} * ${PER_INSTANCE} ${sel(SERIES.periodSeconds)}`,
          legend: 'left',
        },
      ],
      unit: 'dtdurations',
      // Grafana's duration formatter shows as many units as decimals: 7h12m, not "7 hours".
      decimals: 2,
      height: 7,
    }),
  };
}

/** Total and bad events per second, as the rules record them. */
function eventRatesPanel(view: View): LaidPanel {
  return {
    panel: timeseriesPanel({
      title: 'Events per second',
      description:
        'All events the SLI counts, and the bad ones, per second over 5m (recorded). For time-based SLIs (probes, freshness), samples per second. A composite (journey) SLO has no events of its own: see its components.',
      queries: [
        { expr: view(SERIES.totalEventsRate5m, 'sum'), legend: 'total' },
        { expr: view(SERIES.badEventsRate5m, 'sum'), legend: 'bad' },
      ],
      unit: 'short',
      height: 7,
      min: 0,
    }),
  };
}

/** Burn rate over every window the service's plans record for alerting, and each tier's threshold line as recorded. */
function burnRatePanel(service: string, view: View, instances: SloPlan[]): LaidPanel {
  const budget = `${PER_INSTANCE} (${series(SERIES.errorBudget, service)} > 0)`;
  const windows = alertWindows(instances);
  const rates: Query[] = windows.map((w) => ({ expr: `${view(SERIES.errorRatio(w), 'max')} / ${budget}`, legend: `burn rate ${w}` }));
  const tiers: Query = {
    expr: series(SERIES.burnRateThreshold, service),
    legend: `threshold {{${TIER_LABELS.severity}}} {{${TIER_LABELS.longWindow}}}/{{${TIER_LABELS.shortWindow}}}`,
  };
  // The legend lists, for one SLO, its windows and its tiers.
  const legendRows = Math.max(
    0,
    ...instances.map((i) => i.windows.recorded.filter((w) => w !== i.period).length + (i.alertPolicy.kind === 'burn-rate' ? i.alertPolicy.tiers.length : 0)),
  );
  return {
    panel: timeseriesPanel({
      title: 'Burn rate by window',
      description:
        "Error ratio over each window divided by the error budget (1× spends the budget exactly over the period), on a scale linear up to 1× and log2 above. Dashed: the alert tiers' thresholds exactly as the alerts use them (recorded as slo:burn_rate_threshold:ratio, with the tier's severity in this environment). A tier fires when both its long and short windows are above its line. SLOs without burn-rate alerts (zero tolerance, batch jobs) have no lines.",
      queries: [...rates, tiers],
      unit: 'suffix:×',
      height: 10,
      min: 0,
      symlog: true,
      legendRows,
    }),
  };
}

/** The windows (other than the period) that some plan of the service records, shortest first. */
function alertWindows(instances: SloPlan[]): string[] {
  return [...new Set(instances.flatMap((i) => i.windows.recorded.filter((w) => w !== i.period)))].sort((a, b) => parseDuration(a) - parseDuration(b));
}

/**
 * One row per burn-rate tier of the selected SLO: its threshold, the burn over its long and short
 * windows, and whether its alert fires. The window a tier reads is a label of its threshold series.
 */
function alertTiersPanel(service: string, instances: SloPlan[], sloth: boolean): LaidPanel {
  const tierLabels = `service, slo, env, ${TIER_LABELS.severity}, ${TIER_LABELS.longWindow}, ${TIER_LABELS.shortWindow}`;
  const threshold = series(SERIES.burnRateThreshold, service);
  // Zero-tolerance SLOs (no budget) have no threshold series, so the join drops their division by 0.
  const budget = `${PER_INSTANCE} ${series(SERIES.errorBudget, service)}`;
  const windows = alertWindows(instances);
  const burnOver = (label: string) =>
    // The worst group's burn, for a grouped SLO: one value per window before joining the tiers.
    `max by (${tierLabels}) (max by (service, slo, env, ${label}) ((${windows
      .map((w) => `label_replace(${series(SERIES.errorRatio(w), service)}, "${label}", "${w}", "", "")`)
      .join(' or ')}) / ${budget}) + on(service, slo, env, ${label}) group_right 0 * ${threshold})`;
  const pairs = [
    ...new Map(
      instances.flatMap((i) => (i.alertPolicy.kind === 'burn-rate' ? i.alertPolicy.tiers : [])).map((t) => [`${t.longWindow}/${t.shortWindow}`, t] as const),
    ).values(),
  ];
  const ownTiers = pairs
    .map(
      (t) =>
        `label_replace(label_replace(ALERTS{${formatLabels({ service, slo: '$slo', env: '$env', alertstate: 'firing', alertname: burnRateAlertName(t) })}}, "${TIER_LABELS.longWindow}", "${t.longWindow}", "", ""), "${TIER_LABELS.shortWindow}", "${t.shortWindow}", "", "")`,
    )
    .join(' or ');
  // Sloth's identity names every tier alike and writes the tier in sloth_severity and the windows as
  // labels: its severity becomes the tier's, to join the threshold series.
  const slothTiers = `label_replace(ALERTS{${formatLabels({ service, slo: '$slo', env: '$env', alertstate: 'firing' })},${formatMatcher({ label: SLOTH_SEVERITY_LABEL, op: '!=', value: '' })}}, "${TIER_LABELS.severity}", "$1", "${SLOTH_SEVERITY_LABEL}", "(.+)")`;
  const firingTier = sloth ? `${ownTiers} or ${slothTiers}` : ownTiers;
  const state = firingTier
    ? `max by (${tierLabels}) (${firingTier}) or max by (${tierLabels}) (0 * ${threshold})`
    : `max by (${tierLabels}) (0 * ${threshold})`;
  const panel = tablePanel({
    title: 'Alert tiers now',
    description:
      'Each burn-rate tier of this SLO in this environment: the burn rate it fires above (the same recorded threshold the alert reads), the burn over its long and short windows now, and whether its alert is firing. A tier fires when both windows are above the threshold.',
    queries: [
      { expr: `max by (${tierLabels}) (${threshold})`, legend: 'threshold' },
      { expr: burnOver(TIER_LABELS.longWindow), legend: 'long window' },
      { expr: burnOver(TIER_LABELS.shortWindow), legend: 'short window' },
      { expr: state, legend: 'state' },
    ],
    columns: { A: 'Threshold', B: 'Burn (long window)', C: 'Burn (short window)', D: 'State' },
    hidden: ['service', 'slo', 'env'],
    unit: 'suffix:×',
    decimals: 2,
    height: 10,
    noValue: 'no burn-rate alerts (zero tolerance or batch job)',
  });
  panel.overrideByName('State', [
    { id: 'unit', value: 'none' },
    {
      id: 'mappings',
      value: valueMappings([
        { value: 0, text: 'ok', color: 'green' },
        { value: 1, text: 'FIRING', color: 'red' },
      ]),
    },
    { id: 'custom.cellOptions', value: { type: 'color-background' } },
  ]);
  return { panel };
}

/** Every group of the SLO picked in $slo (grouped SLOs: one per route, tenant…), the worst budget first. */
function groupsPanel(service: string, groupLabels: string[]): LaidPanel {
  const by = `service, slo, env, ${groupLabels.join(', ')}`;
  const firing = `max by (${by}) (ALERTS{${formatLabels({ service, slo: '$slo', env: '$env', alertstate: 'firing' })}})`;
  const panel = tablePanel({
    title: 'Groups of $slo',
    description: `A grouped SLO is one SLO per ${groupLabels.join(' and ')}: each group has its own SLI, budget and alerts. The panels above show the worst group; this table shows each. An SLO without groups has one row.`,
    queries: [
      { expr: `max by (${by}) (${series(SERIES.sliOverPeriod, service)})`, legend: 'SLI' },
      { expr: `max by (${by}) (${series(SERIES.errorBudgetRemaining, service)})`, legend: 'budget' },
      { expr: `max by (${by}) (${series(SERIES.currentBurnRate, service)})`, legend: 'burn' },
      { expr: `${firing} or max by (${by}) (0 * ${series(SERIES.errorBudgetRemaining, service)})`, legend: 'alerts' },
    ],
    columns: { A: 'SLI (period)', B: 'Budget remaining', C: 'Burn rate', D: 'Alerts' },
    hidden: ['service', 'slo', 'env'],
    sortBy: 'Budget remaining',
    unit: 'percentunit',
    decimals: 3,
    height: 8,
  })
    .overrideByName('Burn rate', [
      { id: 'unit', value: 'suffix:×' },
      { id: 'decimals', value: 2 },
    ])
    .overrideByName('Alerts', [
      { id: 'unit', value: 'none' },
      {
        id: 'mappings',
        value: valueMappings([
          { value: 0, text: 'ok', color: 'green' },
          { value: 1, text: 'FIRING', color: 'red' },
        ]),
      },
      { id: 'custom.cellOptions', value: { type: 'color-text' } },
    ]);
  return { panel };
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
function errorPanels(service: string, instances: SloPlan[]): PanelBuilder[] {
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
function journeyPanels(service: string, instances: SloPlan[]): PanelBuilder[] {
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

function capacityPanels(service: string, capacities: CapacityInstance[]): LaidPanel[] {
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

/** Annotations: the selected SLO's alerts while they fire, and deploys where the catalog names a deploy series. */
function annotations(service: string, deployments: SelectorSpec | undefined, envLabel: string): dashboard.AnnotationQueryBuilder[] {
  const alerts = new dashboard.AnnotationQueryBuilder()
    .name('SLO alerts firing')
    .datasource(DATASOURCE_REF)
    .enable(true)
    .iconColor('red')
    .expr(`ALERTS{${formatLabels({ service, slo: '$slo', env: '$env', alertstate: 'firing' })}}`)
    .titleFormat('{{alertname}} ({{severity}})')
    .textFormat('{{slo}} in {{env}}')
    .tagKeys('severity')
    .step('60s');
  if (!deployments) return [alerts];
  const deploys = dashboardSelector({ ...deployments, matchers: [...deployments.matchers, { label: envLabel, op: '=', value: '$env' }] }, envLabel);
  return [
    alerts,
    new dashboard.AnnotationQueryBuilder()
      .name('Deploys')
      .datasource(DATASOURCE_REF)
      .enable(true)
      .iconColor('blue')
      // A deploy changes the series' value (a generation, a timestamp) or starts a new series (a new version label).
      .expr(`changes(${deploys}[2m]) > 0 or (${deploys} unless ${deploys} offset 2m)`)
      .titleFormat('deploy')
      .step('60s'),
  ];
}

const byPeriod = (a: SloPlan, b: SloPlan) => a.periodSeconds - b.periodSeconds;

export function serviceDashboard(model: ResolvedCatalog, service: string): dashboard.Dashboard {
  const instances = model.instances.filter((i) => i.service.name === service);
  const capacities = model.capacities.filter((c) => c.service.name === service);
  const info = instances[0]?.service ?? capacities[0]?.service;
  const title = info?.title ?? service;
  const hasFuture = instances.some((i) => i.future !== undefined);
  const sloth = instances.some((i) => i.alertIdentity.style === 'sloth');
  const currentWindow = instances[0]?.windows.current ?? '1h';
  // A calendar period is drawn over its longest length (31d, 92d): the reset on the 1st shows.
  const longestPeriod =
    [...instances]
      .sort(byPeriod)
      .map((i) => i.calendar?.lookback ?? i.period)
      .at(-1) ?? '30d';
  const groupLabels = [...new Set(instances.flatMap((i) => i.groupBy))].sort();
  const grouped = groupLabels.length > 0;
  const view = viewOf(service, groupLabels);
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
    .annotations(annotations(service, info?.deployments, info?.envLabel ?? 'env'))
    .link(new dashboard.DashboardLinkBuilder('All SLOs').type(dashboard.DashboardLinkType.Link).url(`/d/${OVERVIEW_DASHBOARD_UID}`).keepTime(true))
    .link(new dashboard.DashboardLinkBuilder('SLO dashboards').type(dashboard.DashboardLinkType.Dashboards).tags(['sloforge']).asDropdown(true).keepTime(true));

  // A grouped SLO: pick one group (or several) of $slo; All (the default) reads the worst group.
  for (const label of groupLabels) {
    builder.withVariable(
      queryVariable(label, label, `label_values(${SERIES.sliOverPeriod}{${formatLabels({ service, slo: '$slo', env: '$env' })}}, ${label})`, true),
    );
  }
  const wrapped = (panels: PanelBuilder[]) => wrapLines(panels.map((panel) => ({ panel })));
  const hasSlos = instances.length > 0;
  // The first screen is the selected SLO: is it OK, since when, how fast it burns and which tier fires.
  // The rows below show every SLO of a kind at once, so they start collapsed.
  const sections: Section[] = [
    {
      title: 'SLO $slo in $env',
      collapsed: false,
      lines: hasSlos
        ? [
            sloStats(
              service,
              view,
              grouped,
              instances[0]?.windows.current,
              hasFuture,
              statThresholds(
                instances,
                model.environments.filter((e) => e.service === service),
              ),
              sloth,
            ),
            [sliOverTimePanel(service, view, currentWindow), budgetBurnDownPanel(view, hasFuture, longestPeriod)],
            // Burn rates and tiers exist only for burn-rate SLOs (not zero tolerance, batch jobs or freshness).
            ...(instances.some((i) => i.alertPolicy.kind === 'burn-rate')
              ? [[burnRatePanel(service, view, instances), alertTiersPanel(service, instances, sloth)]]
              : []),
            [eventRatesPanel(view), allowedDowntimePanel(service, view, instances.find((i) => i.env === 'production') ?? instances[0])],
            ...(grouped ? [[groupsPanel(service, groupLabels)]] : []),
          ]
        : [],
    },
    // Two per line: each histogram's percentiles beside its targets' budgets.
    {
      title: 'Latency: every target',
      collapsed: true,
      lines: wrapLines(
        latencyPanels(service, instances).map((panel) => ({ panel })),
        2,
      ),
    },
    { title: 'Errors: every ratio SLO', collapsed: true, lines: wrapped(errorPanels(service, instances)) },
    { title: 'Journeys: composite SLOs', collapsed: true, lines: wrapped(journeyPanels(service, instances)) },
    { title: 'Throughput and capacity', collapsed: true, lines: wrapLines(capacityPanels(service, capacities), 4) },
    { title: 'Batch jobs', collapsed: true, lines: wrapped(batchPanels(service, instances)) },
  ];
  const built = builder.build();
  return {
    ...built,
    panels: layOut(sections),
    // The SDK places every link in the controls menu; without a placement Grafana shows them in the top bar.
    links: (built.links ?? []).map(({ placement: _placement, ...link }) => link as dashboard.DashboardLink),
  };
}
