/**
 * Domain facts with one home (issue "A codebase the next maintainer can change safely", point 1):
 * the Workbook's tier table (core/workbook.ts), the labels sloforge writes (core/labels.ts) and the
 * calendar periods' nominal lengths (core/periods.ts). A scan of src/ fails when a copy of one
 * appears elsewhere, and the catalog refuses every reserved label as a group, the two a former copy
 * missed (panel, period_residue) included.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { checkoutErrors, testService } from './helpers/catalogs.js';
import { PROJECT_ROOT } from './helpers/tools.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

const SRC = path.join(PROJECT_ROOT, 'src');
const files = sources(SRC).map((file) => ({ file: path.relative(SRC, file), text: readFileSync(file, 'utf8') }));

describe('one home for each domain fact', () => {
  it.each([
    ['the Workbook budget shares (2% and 5% as a tier table)', /budgetShare:\s*(?:Rational\.parse\()?'0\.0[25]'|\['1h',\s*'5m',\s*0\.02/, 'core/workbook.ts'],
    ['a calendar period as 30 days of seconds', /30\s*\*\s*86_?400/, 'core/periods.ts'],
    ['a list of the alert labels sloforge sets', /\['severity',\s*'service',\s*'slo',\s*'env'/, 'core/labels.ts'],
    ['the tier labels', /longWindow:\s*'long_window'/, 'core/labels.ts'],
    ['the info labels', /dashboardUid:\s*'dashboard_uid'/, 'core/labels.ts'],
    ["Sloth's tier label", /'sloth_severity'/, 'core/labels.ts'],
    ['a hand list of the SLO options every builder takes', /'alertAnnotations',\s*\]|'groupBy',\s*'alertLabels'/, 'catalog/schema.ts'],
  ])('%s lives in %s only', (_, pattern, home) => {
    const found = files.filter((f) => pattern.test(f.text)).map((f) => f.file);
    expect(found.filter((f) => f !== home)).toEqual([]);
  });

  it('a field of the SLO schema is an option of every builder at once (alertIdentity, added later, included)', async () => {
    const { errorRate, latency, uptime, histogram, counter, gauge } = await import('../src/index.js');
    const alertIdentity = { style: 'sloth' as const, alertName: 'TeamAlert' };
    const built = [
      errorRate({ id: 'e', title: 'E', events: counter('r_total'), bad: { code: /5../ }, below: '1%', alertIdentity }),
      latency({ id: 'l', title: 'L', histogram: histogram('d_seconds', { buckets: [0.5] }), threshold: '500ms', objective: 99, alertIdentity }),
      uptime({ id: 'u', title: 'U', probe: gauge('probe_success'), objective: 99.5, alertIdentity }),
    ];
    for (const slo of built) expect(slo.alertIdentity).toEqual(alertIdentity);
    const validated = validateCatalog({ services: [testService(built)] }, 'one-home.ts');
    expect(validated.services[0].slos.map((slo) => slo.alertIdentity.style)).toEqual(['sloth', 'sloth', 'sloth']);
  });

  it.each([
    'service',
    'slo',
    'env',
    'severity',
    'long_window',
    'short_window',
    'period_residue',
    'owner',
    'dashboard_uid',
    'kind',
    'panel',
    'le',
    'alertname',
    'datasource',
    'sloth_severity',
  ])('groupBy "%s" is refused: sloforge writes that label itself', (label) => {
    const catalog = { services: [testService([{ ...checkoutErrors(), groupBy: [label] }])] };
    expect(() => validateCatalog(catalog, 'one-home.ts')).toThrow(/groupBy/);
  });
});
