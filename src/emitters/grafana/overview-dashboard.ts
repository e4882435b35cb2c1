/**
 * The overview dashboard: every SLO instance and capacity target of the catalog, filtered by
 * service, environment and owner. Its queries aggregate over the slo:info series, so their number
 * does not grow with the catalog: 200 services load as fast as 2.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { formatLabels } from '../../core/promql.js';
import { INFO_LABELS, OVERVIEW_DASHBOARD_UID, SERIES, tierAlerts } from '../../model/conventions.js';
import { layOut, type LaidPanel } from './layout.js';
import { datasourceVariable, queryVariable, statPanel, tablePanel, thresholds, valueMappings, type Query } from './panels.js';

const IDENTITY = 'service, slo, env';
const ON = `on(${IDENTITY})`;

/** The info series of the SLOs (or capacity targets) the filters pick. */
const picked = (kind: 'slo' | 'capacity') =>
  `${SERIES.info}{${formatLabels({ [INFO_LABELS.kind]: kind })},service=~"$service",env=~"$env",${INFO_LABELS.owner}=~"$owner"}`;

/** A series of the picked instances only, one per instance: for a grouped SLO, its worst group (min SLI or budget, max burn). */
const of = (metric: string, kind: 'slo' | 'capacity' = 'slo', worst: 'min' | 'max' = 'max') =>
  `${worst} by (${IDENTITY}) (${metric} and ${ON} ${picked(kind)})`;

const count = (expr: string) => `count(${expr}) or vector(0)`;

/** Firing alerts of one tier, with Sloth's identity too where some SLO carries it. */
const firing = (tier: 'page' | 'ticket', sloth: boolean) => tierAlerts(tier, { alertstate: 'firing' }, sloth);

/** 2 while a page fires, 1 while only a ticket fires, 0 otherwise. */
const alertState = (kind: 'slo' | 'capacity', sloth: boolean) =>
  `max by (${IDENTITY}) ((2 * ${firing('page', sloth)} or ${firing('ticket', sloth)}) and ${ON} ${picked(kind)}) or max by (${IDENTITY}) (0 * ${picked(kind)})`;

/** The Alerts column: 0 ok, 1 ticket, 2 PAGE, coloured. */
const ALERT_STATE_COLUMN = [
  { id: 'unit', value: 'none' },
  {
    id: 'mappings',
    value: valueMappings([
      { value: 0, text: 'ok', color: 'green' },
      { value: 1, text: 'ticket', color: 'orange' },
      { value: 2, text: 'PAGE', color: 'red' },
    ]),
  },
  { id: 'custom.cellOptions', value: { type: 'color-text' } },
];

function countStats(sloth: boolean): LaidPanel[] {
  const stat = (title: string, description: string, expr: string, color: string) => ({
    panel: statPanel({
      title,
      description,
      queries: [{ expr, legend: title }],
      unit: 'none',
      height: 4,
      steps: [
        { color: 'green', value: null },
        { color, value: 1 },
      ],
    }),
  });
  return [
    {
      panel: statPanel({
        title: 'SLOs',
        description: 'SLO instances (service × SLO × environment) the filters pick.',
        queries: [{ expr: count(picked('slo')), legend: 'SLOs' }],
        unit: 'none',
        height: 4,
      }),
    },
    stat(
      'Burning',
      'SLOs burning their error budget faster than it lasts (burn rate over 1× in the fastest long window).',
      count(`${of(SERIES.currentBurnRate)} > 1`),
      'orange',
    ),
    stat(
      'Missed',
      'SLOs whose error budget for the period is spent: the objective is missed.',
      count(`${of(SERIES.errorBudgetRemaining, 'slo', 'min')} < 0`),
      'red',
    ),
    {
      panel: statPanel({
        title: 'Met',
        description: 'SLOs with error budget left for the period.',
        queries: [{ expr: count(`${of(SERIES.errorBudgetRemaining, 'slo', 'min')} >= 0`), legend: 'met' }],
        unit: 'none',
        height: 4,
      }),
    },
    stat(
      'No data',
      'SLOs with no events over the period: no SLI at all, which is not the same as meeting the objective.',
      count(`${picked('slo')} unless ${ON} ${SERIES.sliOverPeriod}`),
      'orange',
    ),
    stat(
      'Pages firing',
      'Page alerts firing now for the SLOs and targets the filters pick.',
      count(`${firing('page', sloth)} and ${ON} (${picked('slo')} or ${picked('capacity')})`),
      'red',
    ),
    stat(
      'Tickets firing',
      'Ticket alerts firing now for the SLOs and targets the filters pick.',
      count(`${firing('ticket', sloth)} and ${ON} (${picked('slo')} or ${picked('capacity')})`),
      'orange',
    ),
  ];
}

/** The link to an instance's service dashboard with its environment and SLO preselected (and its panel, for a target). */
const DASHBOARD_LINK = '/d/${__data.fields.dashboard_uid}/?var-env=${__data.fields.env}&var-slo=${__data.fields.slo}&${__url_time_range}';

function sloTable(sloth: boolean): LaidPanel {
  const queries: Query[] = [
    { expr: `max by (${IDENTITY}, ${INFO_LABELS.owner}, ${INFO_LABELS.dashboardUid}) (${picked('slo')})`, legend: 'info' },
    { expr: of(SERIES.objective), legend: 'objective' },
    { expr: of(SERIES.sliOverPeriod, 'slo', 'min'), legend: 'SLI' },
    { expr: of(SERIES.errorBudgetRemaining, 'slo', 'min'), legend: 'budget' },
    { expr: of(SERIES.currentBurnRate), legend: 'burn rate' },
    { expr: alertState('slo', sloth), legend: 'alerts' },
  ];
  const panel = tablePanel({
    title: 'Every SLO',
    description:
      'Every SLO instance the filters pick: objective, SLI over the period, remaining error budget, burn rate over the fastest long window, and its alerts now. Sorted by remaining budget, the worst first. Click an SLO to open its dashboard with it selected.',
    queries,
    columns: { A: 'info', B: 'Objective', C: 'SLI (period)', D: 'Budget remaining', E: 'Burn rate', F: 'Alerts' },
    hidden: ['info', INFO_LABELS.dashboardUid],
    sortBy: 'Budget remaining',
    unit: 'percentunit',
    decimals: 3,
    height: 16,
  })
    .overrideByName('Budget remaining', [
      { id: 'custom.cellOptions', value: { type: 'color-background' } },
      {
        id: 'thresholds',
        value: thresholds([
          { color: 'red', value: null },
          { color: 'orange', value: 0 },
          { color: 'green', value: 0.25 },
        ]).build(),
      },
    ])
    .overrideByName('Burn rate', [
      { id: 'unit', value: 'suffix:×' },
      { id: 'decimals', value: 2 },
    ])
    .overrideByName('Alerts', ALERT_STATE_COLUMN)
    .overrideByName('slo', [{ id: 'links', value: [{ title: 'Open the SLO dashboard', url: DASHBOARD_LINK }] }]);
  return { panel };
}

function capacityTable(sloth: boolean): LaidPanel {
  const queries: Query[] = [
    { expr: `max by (${IDENTITY}, ${INFO_LABELS.owner}, ${INFO_LABELS.dashboardUid}, ${INFO_LABELS.panel}) (${picked('capacity')})`, legend: 'info' },
    { expr: of(SERIES.capacityLoad, 'capacity'), legend: 'load' },
    { expr: of(SERIES.capacityTarget, 'capacity'), legend: 'target' },
    { expr: of(SERIES.capacityUtilization, 'capacity'), legend: 'utilization' },
    { expr: alertState('capacity', sloth), legend: 'alerts' },
  ];
  const panel = tablePanel({
    title: 'Capacity targets',
    description:
      'Throughput and capacity targets (no error budget): load now, the target, load as a share of it, and tickets now. Click a target to open its panel.',
    queries,
    columns: { A: 'info', B: 'Load', C: 'Target', D: 'Utilization', E: 'Alerts' },
    hidden: ['info', INFO_LABELS.dashboardUid, INFO_LABELS.panel],
    unit: 'short',
    decimals: 2,
    height: 8,
  })
    .overrideByName('Utilization', [{ id: 'unit', value: 'percentunit' }])
    .overrideByName('Alerts', ALERT_STATE_COLUMN)
    .overrideByName('slo', [{ id: 'links', value: [{ title: 'Open the target', url: `${DASHBOARD_LINK}&viewPanel=\${__data.fields.panel}` }] }]);
  return { panel };
}

/**
 * The overview of a catalog; the capacity table only when the catalog has capacity targets (else it
 * could never fill). `sloth`: some SLO's alerts carry Sloth's identity (their tier in sloth_severity).
 */
export function overviewDashboard(options: { capacities: boolean; sloth?: boolean }): dashboard.Dashboard {
  const sloth = options.sloth ?? false;
  const info = SERIES.info;
  const built = new dashboard.DashboardBuilder('SLO overview')
    .uid(OVERVIEW_DASHBOARD_UID)
    .description('Every service level objective of the catalog, generated by sloforge. Filter by service, environment and owner.')
    .tags(['sloforge', 'slo'])
    .editable()
    .time({ from: 'now-30d', to: 'now' })
    .refresh('5m')
    .timezone('utc')
    .withVariable(datasourceVariable())
    .withVariable(queryVariable('service', 'Service', `label_values(${info}, service)`, true))
    .withVariable(queryVariable('env', 'Environment', `label_values(${info}{service=~"$service"}, env)`, true))
    .withVariable(queryVariable('owner', 'Owner', `label_values(${info}{service=~"$service"}, ${INFO_LABELS.owner})`, true))
    .build();
  return {
    ...built,
    panels: layOut([
      { title: 'Now', collapsed: false, lines: [countStats(sloth), [sloTable(sloth)], ...(options.capacities ? [[capacityTable(sloth)]] : [])] },
    ]),
  };
}
