/**
 * Dashboard defects of issue "Dashboards an on-call engineer trusts" fixed so far: every query of a
 * panel runs once (latency rows ran each query twice, once per environment), no query reads a series
 * that the catalog never records (future objectives), and the burn-rate axis keeps 0-2× readable.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import { checkoutErrors, checkoutLatency, testCatalog, testService } from './helpers/catalogs.js';
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
    expect(
      allPanels(kimberly)
        .flatMap((p) => (p.targets ?? []).map((t) => t.expr))
        .filter((e) => e.includes('slo:objective_future:ratio')),
    ).toHaveLength(1);
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

/** Grafana draws a grid unit 30 px high with an 8 px margin. */
const UNIT_PX = 38;

describe('a layout the eye can follow (defect 8)', () => {
  const kimberly = dashboardOf(compiled.files, 'kimberly');
  const levels = [kimberly.panels, ...kimberly.panels.filter((p) => p.collapsed).map((r) => r.panels ?? [])];

  it('fills every line of every row to the 24 columns: no panel stands alone beside empty columns', () => {
    for (const level of levels) {
      const lines = new Map<number, number>();
      for (const p of level.filter((p) => p.type !== 'row')) lines.set(p.gridPos.y, (lines.get(p.gridPos.y) ?? 0) + p.gridPos.w);
      for (const [y, width] of lines) expect(width, `line at y=${y}`).toBe(24);
    }
    const errors = kimberly.panels.find((p) => p.title?.startsWith('Errors'))!;
    const perLine = new Map<number, number>();
    for (const p of errors.panels!) perLine.set(p.gridPos.y, (perLine.get(p.gridPos.y) ?? 0) + 1);
    expect([...perLine.values()].every((n) => n >= 2)).toBe(true);
  });

  it('opens on the selected SLO only: every expanded panel reads $slo, every other panel is in a collapsed row', () => {
    const expanded = kimberly.panels.filter((p) => p.type !== 'row');
    expect(expanded.length).toBeGreaterThanOrEqual(11);
    for (const p of expanded) for (const t of p.targets ?? []) expect(t.expr, p.title).toContain('slo="$slo"');
    const rows = kimberly.panels.filter((p) => p.type === 'row');
    expect(rows[0]).toMatchObject({ title: 'SLO $slo in $env', collapsed: false });
    for (const r of rows.slice(1)) expect(r.collapsed, r.title).toBe(true);
    // The page is about 4,100 px long when every row is open; closed, it fits in about 1,300 px.
    const bottom = Math.max(...kimberly.panels.map((p) => p.gridPos.y + p.gridPos.h));
    expect(bottom * UNIT_PX).toBeLessThanOrEqual(1400);
  });

  it('answers "is it OK, and since when?" on the first screen', () => {
    const firstScreen = new Set(kimberly.panels.filter((p) => p.type !== 'row' && p.gridPos.y + p.gridPos.h <= 24).map((p) => p.title));
    for (const title of [
      'Objective',
      'SLI over the period',
      'Error budget remaining',
      'Burn rate (1h)',
      'Budget exhausted in',
      'Pages firing',
      'SLI over time',
      'Burn rate by window',
      'Alert tiers now',
    ]) {
      expect(firstScreen.has(title), title).toBe(true);
    }
  });

  it('gives a legend of more than one row the panel height (right): a bottom legend shows one or two', () => {
    for (const p of allPanels(kimberly).filter((p) => p.type === 'timeseries')) {
      const rows = p.targets!.length;
      const placement = (p.options as { legend: { placement: string } }).legend.placement;
      if (rows > 1) expect(placement, p.title).toBe('right');
    }
  });

  it('draws no two objectives on one axis: latency targets share a scale where 1× is the objective', () => {
    for (const p of allPanels(kimberly).filter((p) => p.type === 'timeseries')) {
      const objectives = new Set((p.targets ?? []).flatMap((t) => [...t.expr.matchAll(/slo:objective:ratio\{[^}]*slo="([^"]+)"/g)].map((m) => m[1])));
      expect(objectives.size, p.title).toBeLessThanOrEqual(1);
    }
    const chat = allPanels(kimberly).find((p) => p.title === "Chat response: slow events against each target's budget")!;
    expect(chat.fieldConfig!.defaults.unit).toBe('suffix:×');
    expect(chat.targets!.map((t) => t.legendFormat)).toEqual(['p50 < 500ms', 'p95 < 1s', 'p99 < 2s', 'target 1× (at the objective)']);
  });

  it('shows the budget burn-down over the whole period, whatever the time picker says', () => {
    const burnDown = allPanels(kimberly).find((p) => p.title?.startsWith('Error budget burn-down'))!;
    expect(burnDown.timeFrom).toBe('30d');
  });

  it('says why a top-row stat is empty (batch jobs between runs, zero tolerance) instead of "no data"', () => {
    const top = Math.min(...kimberly.panels.filter((p) => p.type === 'stat').map((p) => p.gridPos.y));
    const stats = kimberly.panels.filter((p) => p.type === 'stat' && p.gridPos.y === top);
    expect(stats).toHaveLength(7);
    for (const s of stats) {
      const alwaysAnswers = s.targets!.every((t) => t.expr.includes('or vector(0)') || /^slo:objective(_future)?:ratio\{/.test(t.expr));
      if (!alwaysAnswers) expect(s.fieldConfig!.defaults.noValue, s.title).toMatch(/^(no events|not burning)/);
    }
  });
});

describe('the overview at 200 services', () => {
  const services = Array.from({ length: 200 }, (_, i) =>
    testService([checkoutErrors(), checkoutLatency()], {
      name: `service-${String(i).padStart(3, '0')}`,
      owner: `team-${i % 12}`,
      // Kimberly (the one-service comparison) has capacity targets, so every service here has one too.
      capacity: [
        {
          id: 'throughput',
          title: 'Throughput',
          kind: 'ceiling',
          load: { kind: 'rate', selector: { metric: 'http_requests_total' } },
          target: 100,
          unit: 'req/s',
        },
      ],
    }),
  );
  const big = compileCatalog(validateCatalog({ services }, 'big.ts'));
  const overviewOf = (files: Array<{ path: string; content: string }>) =>
    JSON.parse(files.find((f) => f.path.endsWith('slo-overview.json'))!.content) as {
      panels: DashboardPanel[];
      templating: { list: Array<{ name: string; type: string; query?: string; multi?: boolean; includeAll?: boolean }> };
    };
  // One load: each query variable once, then every panel's targets.
  const queriesPerLoad = (d: ReturnType<typeof overviewOf>) =>
    d.templating.list.filter((v) => v.type === 'query').length + allPanels(d).flatMap((p) => p.targets ?? []).length;

  it('runs as many queries per load as for one service (they aggregate, never list services)', () => {
    const small = overviewOf(compiled.files);
    const large = overviewOf(big.files);
    expect(queriesPerLoad(large)).toBe(queriesPerLoad(small));
    expect(queriesPerLoad(large)).toBeLessThanOrEqual(25);
    expect(JSON.stringify(large)).not.toContain('service-199');
    expect(big.files.filter((f) => f.path.endsWith('-slos.json'))).toHaveLength(200);
  });

  it('filters by service, environment and owner, with All', () => {
    const filters = overviewOf(big.files).templating.list.filter((v) => v.type === 'query');
    expect(filters.map((v) => [v.name, v.multi, v.includeAll])).toEqual([
      ['service', true, true],
      ['env', true, true],
      ['owner', true, true],
    ]);
  });

  it('counts SLOs burning, missed, met and without data, and shows alert state and capacity targets', () => {
    const panels = allPanels(overviewOf(big.files));
    expect(panels.map((p) => p.title)).toEqual(
      expect.arrayContaining(['SLOs', 'Every SLO', 'Burning', 'Missed', 'Met', 'No data', 'Pages firing', 'Tickets firing', 'Capacity targets']),
    );
    const table = panels.find((p) => p.title === 'Every SLO')!;
    expect(JSON.stringify(table)).toContain('"Alerts"');
    expect(JSON.stringify(table)).toContain('var-env=${__data.fields.env}&var-slo=${__data.fields.slo}');
  });
});
