/** Reading generated dashboards as Grafana does: collapsed rows hold their panels. */
interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface DashboardPanel {
  id: number;
  type: string;
  title?: string;
  description?: string;
  collapsed?: boolean;
  gridPos: GridPos;
  panels?: DashboardPanel[];
  datasource?: { type?: string; uid?: string };
  targets?: Array<{ expr: string; datasource?: { uid?: string }; refId: string; instant?: boolean; format?: string; legendFormat?: string }>;
  options?: { legend?: { placement?: string; showLegend?: boolean } } & Record<string, unknown>;
  fieldConfig?: { defaults: { custom?: Record<string, unknown>; unit?: string; decimals?: number; noValue?: string } };
  timeFrom?: string;
}

/** Every panel, rows and the panels inside collapsed rows included, in order. */
export function allPanels(dashboard: { panels: DashboardPanel[] }): DashboardPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** Panels that draw data (not rows). */
export function dataPanels(dashboard: { panels: DashboardPanel[] }): DashboardPanel[] {
  return allPanels(dashboard).filter((p) => p.type !== 'row');
}
