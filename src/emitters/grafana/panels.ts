/** Small helpers over the foundation SDK builders: the panels sloforge dashboards are made of. */
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** Provisioned Prometheus datasource (generated/grafana/provisioning/datasources). */
export const DATASOURCE_UID = 'sloforge-prometheus';
export const DATASOURCE_NAME = 'Prometheus (sloforge)';
/** Every query goes through the dashboard's datasource variable. */
export const DATASOURCE_REF: common.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export interface Query {
  expr: string;
  legend: string;
  instant?: boolean;
  table?: boolean;
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function promQuery(query: Query, index: number): prometheus.DataqueryBuilder {
  const builder = new prometheus.DataqueryBuilder().datasource(DATASOURCE_REF).refId(REF_IDS[index]).expr(query.expr).legendFormat(query.legend);
  if (query.table) builder.format(prometheus.PromQueryFormat.Table);
  return query.instant ? builder.instant() : builder.range();
}

export interface ThresholdStep {
  color: string;
  value: number | null;
}

export function thresholds(steps: ThresholdStep[]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(steps);
}

interface PanelSpec {
  title: string;
  description: string;
  queries: Query[];
  unit: string;
  /** Grid units; the dashboard's layout fills each line to 24 columns where a panel leaves it unset. */
  width?: number;
  height: number;
  decimals?: number;
  steps?: ThresholdStep[];
  /** Shown instead of "No data": why a panel can be empty for some SLOs. */
  noValue?: string;
  /** A relative time range of its own (e.g. the SLO period), instead of the time picker's. */
  timeFrom?: string;
}

/** What every sloforge panel sets, whatever its type. */
interface CommonPanelBuilder {
  title(title: string): this;
  description(description: string): this;
  datasource(datasource: common.DataSourceRef): this;
  unit(unit: string): this;
  span(width: number): this;
  height(height: number): this;
  decimals(decimals: number): this;
  noValue(noValue: string): this;
  timeFrom(timeFrom: string): this;
}

function withCommon<B extends CommonPanelBuilder>(panel: B, spec: PanelSpec): B {
  panel.title(spec.title).description(spec.description).datasource(DATASOURCE_REF).unit(spec.unit).height(spec.height);
  if (spec.width !== undefined) panel.span(spec.width);
  if (spec.decimals !== undefined) panel.decimals(spec.decimals);
  if (spec.noValue !== undefined) panel.noValue(spec.noValue);
  if (spec.timeFrom !== undefined) panel.timeFrom(spec.timeFrom);
  return panel;
}

export function statPanel(spec: PanelSpec): stat.PanelBuilder {
  const panel = withCommon(new stat.PanelBuilder(), spec)
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(spec.steps ? common.BigValueColorMode.Background : common.BigValueColorMode.None)
    .textMode(spec.queries.length > 1 ? common.BigValueTextMode.ValueAndName : common.BigValueTextMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(thresholds(spec.steps ?? [{ color: 'text', value: null }]));
  if (spec.noValue === undefined) panel.noValue('no data');
  spec.queries.forEach((q, i) => panel.withTarget(promQuery({ ...q, instant: true }, i)));
  return panel;
}

/**
 * Where a legend shows all its rows: Grafana gives a bottom legend about a third of the panel (one
 * or two rows at heights 7 to 9), a right legend the whole height.
 */
function legendPlacement(rows: number): common.LegendPlacement {
  return rows <= 1 ? common.LegendPlacement.Bottom : common.LegendPlacement.Right;
}

/** Series whose legend starts with this are the periods a value was below its objective: filled red. */
export const BELOW_OBJECTIVE_LEGEND = 'below objective';

/**
 * A time series panel; series whose legend starts with "target" or "threshold" are drawn dashed.
 * legendRows: the most series the panel shows at once (a templated legend can stand for several).
 */
export function timeseriesPanel(spec: PanelSpec & { min?: number; symlog?: boolean; legendRows?: number }): timeseries.PanelBuilder {
  const panel = withCommon(new timeseries.PanelBuilder(), spec)
    .lineWidth(1)
    .fillOpacity(0)
    .spanNulls(false)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(legendPlacement(spec.legendRows ?? spec.queries.length))
        .calcs(['lastNotNull']),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .overrideByRegexp('^(target|threshold|objective|headroom|max age).*', [
      { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
      { id: 'custom.lineWidth', value: 2 },
    ])
    .overrideByRegexp(`^${BELOW_OBJECTIVE_LEGEND}.*`, [
      { id: 'color', value: { mode: 'fixed', fixedColor: 'red' } },
      { id: 'custom.fillOpacity', value: 40 },
      { id: 'custom.lineWidth', value: 2 },
    ]);
  if (spec.min !== undefined) panel.min(spec.min);
  // Linear up to 1, log2 above: 0.3× stays readable beside a 14.4× line.
  if (spec.symlog) panel.scaleDistribution(new common.ScaleDistributionConfigBuilder().type(common.ScaleDistribution.Symlog).log(2).linearThreshold(1));
  spec.queries.forEach((q, i) => panel.withTarget(promQuery(q, i)));
  return panel;
}

/** A value shown as text (and colour) in a table column or stat. */
export interface ValueText {
  value: number;
  text: string;
  color: string;
}

export function valueMappings(texts: ValueText[]): dashboard.ValueMapping[] {
  return [
    {
      type: dashboard.MappingType.ValueToText,
      options: Object.fromEntries(texts.map((t, index) => [String(t.value), { text: t.text, color: t.color, index }])),
    },
  ];
}

/** A table of instant queries merged on their shared labels (one row per label set). */
export function tablePanel(spec: PanelSpec & { columns: Record<string, string>; hidden?: string[]; sortBy?: string }): table.PanelBuilder {
  const panel = withCommon(new table.PanelBuilder(), spec)
    .showHeader(true)
    .filterable(true)
    .cellHeight(common.TableCellHeight.Sm)
    .cellOptions({ type: common.TableCellDisplayMode.Auto });
  // Grafana 13's table options have no footer (@grafana/schema); the SDK still writes its default one.
  const build = panel.build.bind(panel);
  panel.build = () => {
    const built = build();
    delete (built.options as { footer?: unknown } | undefined)?.footer;
    return built;
  };
  spec.queries.forEach((q, i) => panel.withTarget(promQuery({ ...q, instant: true, table: true }, i)));
  panel.withTransformation({ id: 'merge', options: {} });
  panel.withTransformation({
    id: 'organize',
    options: {
      excludeByName: { Time: true },
      renameByName: Object.fromEntries(Object.entries(spec.columns).map(([refId, name]) => [`Value #${refId}`, name])),
    },
  });
  // Hidden, not removed: links still read these fields.
  for (const name of spec.hidden ?? []) panel.overrideByName(name, [{ id: 'custom.hidden', value: true }]);
  if (spec.sortBy) panel.sortBy([new common.TableSortByFieldStateBuilder().displayName(spec.sortBy).desc(false)]);
  return panel;
}

/** The datasource template variable, defaulting to the provisioned Prometheus. */
export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder('datasource')
    .label('Data source')
    .type('prometheus')
    .current({ text: DATASOURCE_NAME, value: DATASOURCE_UID, selected: true });
}

export function queryVariable(name: string, label: string, query: string, multi = false): dashboard.QueryVariableBuilder {
  const variable = new dashboard.QueryVariableBuilder(name)
    .label(label)
    .query(query)
    .definition(query)
    .datasource(DATASOURCE_REF)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
  // "All" as .* (not a list of every value): the query stays short at hundreds of services.
  return multi ? variable.multi(true).includeAll(true).allValue('.*') : variable;
}

/** Grafana unit ids for catalog units. */
export function grafanaUnit(unit: string): string {
  const units: Record<string, string> = { 'req/s': 'reqps', 'writes/s': 'wps', 'reads/s': 'rps', users: 'none', s: 's', ms: 'ms' };
  return units[unit] ?? 'short';
}
