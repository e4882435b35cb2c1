/**
 * Dashboard defects of issue "Dashboards an on-call engineer trusts" fixed so far: every query of a
 * panel runs once (latency rows ran each query twice, once per environment), no query reads a series
 * that the catalog never records (future objectives), and the burn-rate axis keeps 0-2× readable.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import { checkoutErrors, checkoutLatency, testCatalog } from './helpers/catalogs.js';
import { allPanels, type DashboardPanel } from './helpers/dashboards.js';
import { compiled } from './helpers/kimberly.js';


const dashboardOf = (files: Array<{ path: string; content: string }>, service: string) =>
  JSON.parse(files.find((f) => f.path.endsWith(`${service}-slos.json`))!.content) as {
    uid: string;
    panels: DashboardPanel[];
    links: Array<Record<string, unknown>>;
  };

describe('service dashboard queries', () => {
  const kimberly = dashboardOf(compiled.files, 'kimberly');

  it('runs every query of a panel once', () => {
    for (const panel of allPanels(kimberly).filter((p) => p.targets)) {
      const exprs = panel.targets!.map((t) => t.expr);
      expect(exprs, panel.title).toEqual([...new Set(exprs)]);
    }
    const chat = allPanels(kimberly).find((p) => p.title === 'Chat response: latency percentiles')!;
    expect(chat.targets).toHaveLength(6); // p50, p95, p99 and their three targets
  });

  it('reads no future-objective series when the catalog sets no future objective', () => {
    const shop = compileCatalog(validateCatalog(testCatalog([checkoutErrors(), checkoutLatency()]), 'test-catalog.ts'));
    const exprs = allPanels(dashboardOf(shop.files, 'shop')).flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.filter((e) => e.includes('_future'))).toEqual([]);
    // Kimberly sets a GA objective: there the future series are drawn.
    expect(allPanels(kimberly).flatMap((p) => (p.targets ?? []).map((t) => t.expr)).filter((e) => e.includes('slo:objective_future:ratio'))).toHaveLength(1);
  });

  it('draws burn rates on an axis linear to 1× and log2 above', () => {
    const burn = allPanels(kimberly).find((p) => p.title === 'Burn rate by window')!;
    expect(burn.fieldConfig!.defaults.custom!.scaleDistribution).toEqual({ type: 'symlog', log: 2, linearThreshold: 1 });
  });
});

describe('where alerts and links land', () => {
  const kimberly = dashboardOf(compiled.files, 'kimberly');
  const rules = compiled.files
    .filter((f) => f.path.endsWith('.rules.yml'))
    .flatMap((f) =>
      (
        parse(f.content) as {
          groups: Array<{ rules: Array<{ alert?: string; record?: string; labels?: Record<string, string>; annotations?: Record<string, string> }> }>;
        }
      ).groups.flatMap((g) => g.rules),
    );
  const sloIdsIn = (env: string) => new Set(rules.filter((r) => r.record === 'slo:objective:ratio' && r.labels?.env === env).map((r) => r.labels!.slo));

  it('every alert link opens a view of its own SLO or target: the SLO dropdown offers it, or its panel opens', () => {
    const alerts = rules.filter((r) => r.alert);
    expect(alerts.length).toBeGreaterThan(200);
    for (const alert of alerts) {
      const url = new URL(alert.annotations!.dashboard_url);
      expect(url.pathname).toContain(`/d/${kimberly.uid}/`);
      const slo = url.searchParams.get('var-slo')!;
      const env = url.searchParams.get('var-env')!;
      expect(slo, alert.alert).toBe(alert.labels!.slo);
      const viewPanel = url.searchParams.get('viewPanel');
      if (viewPanel === null) {
        expect(sloIdsIn(env).has(slo), `${alert.alert} ${slo} ${env}`).toBe(true);
      } else {
        const panel = allPanels(kimberly).find((p) => p.id === Number(viewPanel));
        expect(panel, `${alert.alert} ${slo}: panel ${viewPanel}`).toBeDefined();
        expect(panel!.targets!.every((t) => t.expr.includes(`slo="${slo}"`))).toBe(true);
      }
    }
  });

  it('puts one "All SLOs" link in the top bar, not one button per dashboard in the controls menu', () => {
    expect(kimberly.links.some((l) => 'placement' in l)).toBe(false);
    expect(kimberly.links.filter((l) => l.title === 'All SLOs')).toEqual([expect.objectContaining({ type: 'link', url: '/d/slo-overview' })]);
    expect(kimberly.links.filter((l) => l.type === 'dashboards').every((l) => l.asDropdown === true)).toBe(true);
  });

  it('shows the allowed downtime with two units (7h12m), not one rounded-down unit', () => {
    const allowed = allPanels(kimberly).find((p) => p.title === 'Allowed downtime per period')!;
    expect(allowed.fieldConfig!.defaults.decimals).toBe(2);
  });
});
