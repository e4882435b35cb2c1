/** The panels of the selected SLO on a service dashboard: the first line of stats, the SLI and budget over time, allowed downtime, event rates, burn rates, alert tiers and groups. */
import { formatDuration, formatPercent } from '../../core/format.js';
import { SLOTH_SEVERITY_LABEL } from '../../core/labels.js';
import { formatLabels, formatMatcher } from '../../core/promql.js';
import { burnRateAlertName, SERIES, TIER_LABELS } from '../../model/conventions.js';
import { type SloPlan } from '../../model/types.js';
import { type LaidPanel } from './layout.js';
import { BELOW_OBJECTIVE_LEGEND, statPanel, tablePanel, timeseriesPanel, valueMappings, type Query } from './panels.js';
import { PER_INSTANCE, type View, alertWindows, exhaustion, firing, series } from './dashboard-queries.js';

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

export function sloStats(
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

/** The SLI over time against its objective, with the stretches below it filled red: "since when?". */
export function sliOverTimePanel(service: string, view: View, currentWindow: string): LaidPanel {
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

export function budgetBurnDownPanel(view: View, hasFuture: boolean, longestPeriod: string): LaidPanel {
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

export function allowedDowntimePanel(service: string, view: View, example: SloPlan | undefined): LaidPanel {
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
export function eventRatesPanel(view: View): LaidPanel {
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
export function burnRatePanel(service: string, view: View, instances: SloPlan[]): LaidPanel {
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

/**
 * One row per burn-rate tier of the selected SLO: its threshold, the burn over its long and short
 * windows, and whether its alert fires. The window a tier reads is a label of its threshold series.
 */
export function alertTiersPanel(service: string, instances: SloPlan[], sloth: boolean): LaidPanel {
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
export function groupsPanel(service: string, groupLabels: string[]): LaidPanel {
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
