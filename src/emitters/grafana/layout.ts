/**
 * The grid of a dashboard: rows of lines of panels. Each line is filled to the 24 columns (no panel
 * stands alone in a half-empty line), and a collapsed row holds its panels, as Grafana saves them.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

const GRID_COLUMNS = 24;
/** At most this many panels side by side; more wrap into balanced lines (4 → 2 + 2, 5 → 3 + 2). */
const MAX_PER_LINE = 3;

/** A panel with a fixed id (alert links open it) or none (numbered in order), and a width or none (a share of its line). */
export interface LaidPanel {
  panel: cog.Builder<dashboard.Panel>;
  id?: number;
  width?: number;
}

export interface Section {
  title: string;
  collapsed: boolean;
  /** Lines of panels; a panel without a width shares its line's free columns with the others. */
  lines: LaidPanel[][];
}

/** Panels in balanced lines of at most MAX_PER_LINE. */
export function wrapLines(panels: LaidPanel[], perLine = MAX_PER_LINE): LaidPanel[][] {
  const count = Math.ceil(panels.length / perLine);
  const lines: LaidPanel[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.ceil((panels.length - start) / (count - i));
    lines.push(panels.slice(start, start + size));
    start += size;
  }
  return lines;
}

/** Widths of a line: set widths kept, the others share the free columns, the first ones taking the remainder. */
function lineWidths(line: LaidPanel[]): number[] {
  const fixed = line.reduce((sum, p) => sum + (p.width ?? 0), 0);
  const free = line.filter((p) => p.width === undefined).length;
  const base = free > 0 ? Math.floor((GRID_COLUMNS - fixed) / free) : 0;
  let remainder = free > 0 ? GRID_COLUMNS - fixed - base * free : 0;
  return line.map((p) => {
    if (p.width !== undefined) return p.width;
    const extra = remainder > 0 ? 1 : 0;
    remainder -= extra;
    return base + extra;
  });
}

/** All panels of the dashboard, positioned, with rows; ids in reading order except the fixed ones. */
export function layOut(sections: Section[]): Array<dashboard.Panel | dashboard.RowPanel> {
  const out: Array<dashboard.Panel | dashboard.RowPanel> = [];
  let y = 0;
  let id = 1;
  for (const section of sections) {
    if (section.lines.every((line) => line.length === 0)) continue;
    const row: dashboard.RowPanel = {
      type: 'row',
      id: id++,
      title: section.title,
      collapsed: section.collapsed,
      gridPos: { x: 0, y, w: GRID_COLUMNS, h: 1 },
      panels: [],
    };
    out.push(row);
    y += 1;
    let inner = y;
    for (const line of section.lines.filter((l) => l.length > 0)) {
      const built = line.map((entry) => {
        const panel = entry.panel.build();
        panel.id = entry.id ?? id++;
        return panel;
      });
      const widths = lineWidths(line);
      let x = 0;
      const height = Math.max(...built.map((p) => p.gridPos?.h ?? 8));
      built.forEach((panel, i) => {
        panel.gridPos = { x, y: inner, w: widths[i], h: panel.gridPos?.h ?? height };
        x += widths[i];
        if (section.collapsed) row.panels.push(panel);
        else out.push(panel);
      });
      inner += height;
    }
    // A collapsed row takes one grid line; its panels keep the positions they open at.
    y = section.collapsed ? y : inner;
  }
  return out;
}
