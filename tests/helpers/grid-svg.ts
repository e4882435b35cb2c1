/**
 * A dashboard's grid drawn as SVG, from the gridPos of its panels: as it opens (collapsed rows
 * closed) or with every row open. A reviewer looks at the layout without a Grafana server.
 */
import { allPanels, type DashboardPanel } from './dashboards.js';

const COLUMN_PX = 50;
const UNIT_PX = 38; // 30 px per grid unit and an 8 px margin, as Grafana draws them
/** About 1,000 px: what a 1080p browser window shows below Grafana's top bar. */
const FIRST_SCREEN_UNITS = 26;

const COLORS: Record<string, string> = { stat: '#d8ecd8', timeseries: '#d6e4f5', table: '#f5ecd6' };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Panels with the y they have on screen: with every row open, a collapsed row's panels push the rest down. */
function positioned(dashboard: { panels: DashboardPanel[] }, open: boolean): Array<{ panel: DashboardPanel; y: number }> {
  if (!open) return dashboard.panels.map((panel) => ({ panel, y: panel.gridPos.y }));
  const out: Array<{ panel: DashboardPanel; y: number }> = [];
  let shift = 0;
  for (const panel of dashboard.panels) {
    out.push({ panel, y: panel.gridPos.y + shift });
    if (panel.collapsed && panel.panels?.length) {
      const top = Math.min(...panel.panels.map((p) => p.gridPos.y));
      const bottom = Math.max(...panel.panels.map((p) => p.gridPos.y + p.gridPos.h));
      for (const inner of panel.panels) out.push({ panel: inner, y: inner.gridPos.y - top + panel.gridPos.y + 1 + shift });
      shift += bottom - top;
    }
  }
  return out;
}

export interface GridPicture {
  svg: string;
  width: number;
  height: number;
}

export function gridSvg(dashboard: { title: string; panels: DashboardPanel[] }, open: boolean): GridPicture {
  const items = positioned(dashboard, open);
  const units = Math.max(FIRST_SCREEN_UNITS + 1, ...items.map(({ panel, y }) => y + panel.gridPos.h));
  const header = 40;
  const width = 24 * COLUMN_PX;
  const height = header + units * UNIT_PX + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="26" font-size="18" font-weight="bold">${escape(dashboard.title)}${open ? ' (every row open)' : ' (as it opens)'}</text>`,
  ];
  for (const { panel, y } of items) {
    const x = panel.gridPos.x * COLUMN_PX;
    const top = header + y * UNIT_PX;
    if (panel.type === 'row') {
      const marker = panel.collapsed ? (open ? '▼ (collapsed at first)' : '▶ (collapsed)') : '▼';
      parts.push(`<rect x="0" y="${top + 4}" width="${width}" height="${UNIT_PX - 8}" fill="#444"/>`);
      parts.push(`<text x="8" y="${top + 24}" font-size="14" fill="#fff">${escape(`${panel.title ?? ''} ${marker}`)}</text>`);
      continue;
    }
    const w = panel.gridPos.w * COLUMN_PX - 6;
    const h = panel.gridPos.h * UNIT_PX - 8;
    const queries = panel.targets?.length ?? 0;
    parts.push(`<rect x="${x + 3}" y="${top + 4}" width="${w}" height="${h}" rx="4" fill="${COLORS[panel.type] ?? '#eee'}" stroke="#888"/>`);
    parts.push(`<text x="${x + 10}" y="${top + 22}" font-size="13" font-weight="bold">${escape(panel.title ?? '')}</text>`);
    parts.push(
      `<text x="${x + 10}" y="${top + 40}" font-size="11" fill="#555">${escape(`${panel.type}, ${queries} quer${queries === 1 ? 'y' : 'ies'}`)}</text>`,
    );
  }
  const fold = header + FIRST_SCREEN_UNITS * UNIT_PX;
  parts.push(`<line x1="0" y1="${fold}" x2="${width}" y2="${fold}" stroke="#c00" stroke-width="2" stroke-dasharray="12 8"/>`);
  parts.push(`<text x="${width - 8}" y="${fold - 6}" font-size="12" fill="#c00" text-anchor="end">end of the first screen (1080p)</text>`);
  parts.push('</svg>');
  return { svg: `${parts.join('\n')}\n`, width, height };
}

/** Every panel title the picture must show. */
export function titlesOf(dashboard: { panels: DashboardPanel[] }, open: boolean): string[] {
  return (open ? allPanels(dashboard) : dashboard.panels).map((p) => p.title ?? '').filter(Boolean);
}
