/**
 * Dashboards show a panel only where it can have data (issue "A team adopts sloforge", defect 10):
 * no capacity table in the overview of a catalog without capacity targets, no burn-rate panels on
 * the dashboard of a service whose SLOs have no burn-rate alerts (batch jobs), and the series that
 * list SLOs in the dashboards' variables (slo:info, slo:objective) evaluated with the alerts, every
 * minute, so that $slo offers the SLOs from Prometheus's first minute rather than after up to 4m.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import type { RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { batchJob, catalog, counter, environment, errorRate, gauge, service } from '../src/index.js';
import { allPanels, type DashboardPanel } from './helpers/dashboards.js';
import { compiled as kimberly } from './helpers/kimberly.js';

const common = {
  owner: 'o',
  runbookBaseUrl: 'https://r.example.com',
  dashboardBaseUrl: 'https://g.example.com',
  environments: [environment('prod', { period: '30d', alerting: 'page-and-ticket' })],
};
const files = compileCatalog(
  validateCatalog(
    catalog(
      service({
        name: 'jobs',
        ...common,
        slos: batchJob({
          idPrefix: 'backup',
          title: 'Backup',
          runsPerDay: 24,
          lastSuccess: gauge('backup_last_success_timestamp_seconds'),
          maxAge: '2h',
          freshnessObjective: 99,
        }),
      }),
      service({
        name: 'web',
        ...common,
        slos: [errorRate({ id: 'availability', title: 'Availability', events: counter('http_requests_total'), bad: { code: /5../ }, below: '1%' })],
      }),
    ),
    'structural.ts',
  ),
).files;

const titles = (path: string, all = files) =>
  allPanels(JSON.parse(all.find((f) => f.path === path)!.content) as { panels: DashboardPanel[] }).map((p) => p.title);

describe('panels only where they can have data', () => {
  it('the overview has a capacity table only when the catalog has capacity targets', () => {
    expect(titles('generated/grafana/dashboards/overview/slo-overview.json')).not.toContain('Capacity targets');
    expect(titles('generated/grafana/dashboards/overview/slo-overview.json', kimberly.files)).toContain('Capacity targets');
  });

  it('a service of batch jobs alone has no burn-rate panels; a service with burn-rate SLOs has them', () => {
    const jobs = titles('generated/grafana/dashboards/jobs/jobs-slos.json');
    expect(jobs).not.toContain('Burn rate by window');
    expect(jobs).not.toContain('Alert tiers now');
    expect(jobs).toContain('SLO $slo in $env');
    const web = titles('generated/grafana/dashboards/web/web-slos.json');
    expect(web).toEqual(expect.arrayContaining(['Burn rate by window', 'Alert tiers now']));
  });

  it('slo:info and slo:objective are evaluated with the alerts (no interval), never in the 4m group', () => {
    for (const file of [...files, ...kimberly.files].filter((f) => f.path.endsWith('.rules.yml'))) {
      for (const group of (parse(file.content) as { groups: RuleGroup[] }).groups) {
        const listed = group.rules.filter((r) => 'record' in r && ['slo:info', 'slo:objective:ratio'].includes(r.record));
        if (group.interval) expect(listed, `${file.path} ${group.name}`).toEqual([]);
      }
    }
    const web = parse(files.find((f) => f.path === 'alerts/web/prod/availability.rules.yml')!.content) as { groups: RuleGroup[] };
    expect(web.groups[0].interval).toBeUndefined();
    expect(web.groups[0].rules.map((r) => ('record' in r ? r.record : r.alert))).toEqual(expect.arrayContaining(['slo:info', 'slo:objective:ratio']));
  });
});
