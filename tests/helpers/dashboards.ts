/** Reading generated dashboards as Grafana does: collapsed rows hold their panels. */
export interface GridPos {
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

/** The grid units visible on the first screen of a 1080p display: about 1,000 px at 30 px + 8 px margin per unit. */
export const FIRST_SCREEN_UNITS = 26;

/** Panels visible without scrolling or expanding a row. */
export function firstScreenPanels(dashboard: { panels: DashboardPanel[] }): DashboardPanel[] {
  return dashboard.panels.filter((p) => p.type !== 'row' && p.gridPos.y < FIRST_SCREEN_UNITS);
}
