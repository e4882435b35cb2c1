/**
 * Dashboard defects of issue "Dashboards an on-call engineer trusts" fixed so far: every query of a
 * panel runs once (latency rows ran each query twice, once per environment), no query reads a series
 * that the catalog never records (future objectives), and the burn-rate axis keeps 0-2× readable.
 */
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import { checkoutErrors, checkoutLatency, testCatalog } from './helpers/catalogs.js';
import { compiled } from './helpers/kimberly.js';

interface Panel {
  title?: string;
  targets?: Array<{ expr: string }>;
  fieldConfig?: { defaults: { custom?: { scaleDistribution?: { type: string; log?: number; linearThreshold?: number } } } };
}

const dashboardOf = (files: Array<{ path: string; content: string }>, service: string) =>
  JSON.parse(files.find((f) => f.path.endsWith(`${service}-slos.json`))!.content) as { panels: Panel[] };

describe('service dashboard queries', () => {
  const kimberly = dashboardOf(compiled.files, 'kimberly');

  it('runs every query of a panel once', () => {
    for (const panel of kimberly.panels.filter((p) => p.targets)) {
      const exprs = panel.targets!.map((t) => t.expr);
      expect(exprs, panel.title).toEqual([...new Set(exprs)]);
    }
    const chat = kimberly.panels.find((p) => p.title === 'Chat response: latency percentiles')!;
    expect(chat.targets).toHaveLength(6); // p50, p95, p99 and their three targets
  });

  it('reads no future-objective series when the catalog sets no future objective', () => {
    const shop = compileCatalog(validateCatalog(testCatalog([checkoutErrors(), checkoutLatency()]), 'test-catalog.ts'));
    const exprs = dashboardOf(shop.files, 'shop').panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.filter((e) => e.includes('_future'))).toEqual([]);
    // Kimberly sets a GA objective: there the future series are drawn.
    expect(kimberly.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).filter((e) => e.includes('slo:objective_future:ratio'))).toHaveLength(1);
  });

  it('draws burn rates on an axis linear to 1× and log2 above', () => {
    const burn = kimberly.panels.find((p) => p.title === 'Burn rate by window')!;
    expect(burn.fieldConfig!.defaults.custom!.scaleDistribution).toEqual({ type: 'symlog', log: 2, linearThreshold: 1 });
  });
});
