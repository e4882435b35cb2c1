/**
 * The dashboards' grids drawn to PNG (SVG from gridPos, converted by Debian's rsvg-convert) into
 * test-output/dashboard-grids/, for a reviewer to look at. SLOFORGE_UPDATE_PICTURES=1 also copies
 * them to docs/img/, where the README shows them.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import shopCatalog from '../examples/shop/slos/index.js';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import type { DashboardPanel } from './helpers/dashboards.js';
import { gridSvg, titlesOf } from './helpers/grid-svg.js';
import { compiled } from './helpers/kimberly.js';
import { PROJECT_ROOT, run } from './helpers/tools.js';

const OUT = path.join(PROJECT_ROOT, 'test-output/dashboard-grids');
const DOCS = path.join(PROJECT_ROOT, 'docs/img');

const shop = compileCatalog(validateCatalog(shopCatalog, 'examples/shop/slos/index.ts'));
const dashboards = [...compiled.files, ...shop.files]
  .filter((f) => f.path.endsWith('.json') && f.path.includes('/dashboards/'))
  .map((f) => JSON.parse(f.content) as { uid: string; title: string; panels: DashboardPanel[] })
  .filter((d) => ['slo-kimberly', 'slo-overview', 'slo-storefront'].includes(d.uid));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('dashboard grids drawn to PNG', () => {
  mkdirSync(OUT, { recursive: true });
  it.each(dashboards.flatMap((d) => [false, true].map((open) => [d.uid, open] as const)))('%s (every row open: %s)', (uid, open) => {
    const dashboard = dashboards.find((d) => d.uid === uid)!;
    const picture = gridSvg(dashboard, open);
    for (const title of titlesOf(dashboard, open)) expect(picture.svg).toContain(title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    const name = `${uid}${open ? '-open' : ''}`;
    const svg = path.join(OUT, `${name}.svg`);
    const png = path.join(OUT, `${name}.png`);
    writeFileSync(svg, picture.svg);
    const result = run('rsvg-convert', ['--format=png', `--output=${png}`, svg]);
    expect(result.status, result.stderr).toBe(0);
    expect(pngSize(png)).toEqual({ width: picture.width, height: picture.height });
    if (process.env.SLOFORGE_UPDATE_PICTURES === '1') {
      mkdirSync(DOCS, { recursive: true });
      copyFileSync(png, path.join(DOCS, `${name}.png`));
    }
  });
});
