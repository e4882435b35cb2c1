/** Small helpers over the foundation SDK builders: the panels sloforge dashboards are made of. */
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
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

export function promQuery(query: Query, index: number): prometheus.DataqueryBuilder {
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
  width: number;
  height: number;
  decimals?: number;
  steps?: ThresholdStep[];
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
}

function withCommon<B extends CommonPanelBuilder>(panel: B, spec: PanelSpec): B {
  panel.title(spec.title).description(spec.description).datasource(DATASOURCE_REF).unit(spec.unit).span(spec.width).height(spec.height);
  if (spec.decimals !== undefined) panel.decimals(spec.decimals);
  return panel;
}

export function statPanel(spec: PanelSpec): stat.PanelBuilder {
  const panel = withCommon(new stat.PanelBuilder(), spec)
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(spec.steps ? common.BigValueColorMode.Background : common.BigValueColorMode.None)
    .textMode(spec.queries.length > 1 ? common.BigValueTextMode.ValueAndName : common.BigValueTextMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(thresholds(spec.steps ?? [{ color: 'text', value: null }]))
    .noValue('no data');
  spec.queries.forEach((q, i) => panel.withTarget(promQuery({ ...q, instant: true }, i)));
  return panel;
}

/** A time series panel; series whose legend starts with "target" or "threshold" are drawn dashed. */
export function timeseriesPanel(spec: PanelSpec & { min?: number; symlog?: boolean }): timeseries.PanelBuilder {
  const panel = withCommon(new timeseries.PanelBuilder(), spec)
    .lineWidth(1)
    .fillOpacity(0)
    .spanNulls(false)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .calcs(['lastNotNull']),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .overrideByRegexp('^(target|threshold|objective|headroom|max age).*', [
      { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
      { id: 'custom.lineWidth', value: 2 },
    ]);
  if (spec.min !== undefined) panel.min(spec.min);
  // Linear up to 1, log2 above: 0.3× stays readable beside a 14.4× line.
  if (spec.symlog) panel.scaleDistribution(new common.ScaleDistributionConfigBuilder().type(common.ScaleDistribution.Symlog).log(2).linearThreshold(1));
  spec.queries.forEach((q, i) => panel.withTarget(promQuery(q, i)));
  return panel;
}

export function row(title: string): dashboard.RowBuilder {
  return new dashboard.RowBuilder(title);
}

/** The datasource template variable, defaulting to the provisioned Prometheus. */
export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder('datasource')
    .label('Data source')
    .type('prometheus')
    .current({ text: DATASOURCE_NAME, value: DATASOURCE_UID, selected: true });
}

export function queryVariable(name: string, label: string, query: string): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .query(query)
    .definition(query)
    .datasource(DATASOURCE_REF)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
}

/** Grafana unit ids for catalog units. */
export function grafanaUnit(unit: string): string {
  const units: Record<string, string> = { 'req/s': 'reqps', 'writes/s': 'wps', 'reads/s': 'rps', users: 'none', s: 's', ms: 'ms' };
  return units[unit] ?? 'short';
}
