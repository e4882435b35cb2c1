/**
 * The catalog diff in process (tests/diff.test.ts runs `sloforge diff` on a git repository): two
 * catalogs that differ in known ways, and the changes a person on call must read, worked out by hand
 * from the Workbook's tiers (14.4× over 1h/5m and 6× over 6h/30m page, 3× over 1d/2h and 1× over
 * 3d/6h ticket, for a 30-day period).
 */
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { environment } from '../src/index.js';
import { resolveCatalog } from '../src/model/resolve.js';
import { diffCatalogs, renderDiff } from '../src/reports/diff.js';
import { fivexx, smallService } from './helpers/catalogs.js';

const production = environment('production', { period: '30d', alerting: 'page-and-ticket' });
const modelOf = (slos: Parameters<typeof smallService>[0], env = production) =>
  resolveCatalog(validateCatalog({ services: [smallService(slos, { environments: [env] })] }, 'diff-report.test.ts'));

/** A rule count written by hand per catalog, so the load line's arithmetic is checked, not the emitters. */
const counts = (model: ReturnType<typeof modelOf>) => ({ recordingRules: 10 * model.instances.length, alertingRules: 3 * model.instances.length });

describe('the catalog diff', () => {
  it('an objective tightened from 99% to 99.9%: the objective, the time allowed and every tier threshold change; an SLO added and one removed', () => {
    const base = modelOf([fivexx('e', '1%'), fivexx('old', '1%')]);
    const head = modelOf([fivexx('e', '0.1%'), fivexx('new', '1%')]);
    const diff = diffCatalogs(base, head, counts);
    expect(diff.added).toEqual(['shop new (production)']);
    expect(diff.removed).toEqual(['shop old (production)']);
    expect(diff.changed).toEqual([
      {
        instance: 'shop e (production)',
        changes: [
          { what: 'objective', before: '99%', after: '99.9%' },
          // 1% of 30 days is 7h12m of bad events; 0.1% is 43m12s.
          { what: 'allowed per period', before: '7h12m (events)', after: '43m12s (events)' },
          {
            what: 'alert tiers',
            // 14.4 × 1% = 14.4%, 6 × 1% = 6%, 3 × 1% = 3%, 1 × 1% = 1%; and the same × 0.1%.
            before: 'page 14.4× over 1h/5m (14.4%); page 6× over 6h/30m (6%); ticket 3× over 1d/2h (3%); ticket 1× over 3d/6h (1%)',
            after: 'page 14.4× over 1h/5m (1.44%); page 6× over 6h/30m (0.6%); ticket 3× over 1d/2h (0.3%); ticket 1× over 3d/6h (0.1%)',
          },
        ],
      },
    ]);
    expect(diff.load).toEqual({ recordingRules: [20, 20], alertingRules: [6, 6] });
  });

  it('a period and a paging policy changed', () => {
    const base = modelOf([fivexx('e', '1%')]);
    const head = modelOf([fivexx('e', '1%')], environment('production', { period: '7d', alerting: 'ticket-only' }));
    const [change] = diffCatalogs(base, head, counts).changed;
    const byWhat = Object.fromEntries(change.changes.map((c) => [c.what, [c.before, c.after]]));
    expect(byWhat.period).toEqual(['30d', '7d']);
    // 1% of 7 days: 1h40m48s, shown as its two largest units.
    expect(byWhat['allowed per period']).toEqual(['7h12m (events)', '1h40m (events)']);
    expect(byWhat['alert policy']).toEqual(['page-and-ticket, burn rate', 'ticket-only, burn rate']);
    expect(Object.keys(byWhat)).not.toContain('objective');
  });

  it('the same catalog: nothing changed, and the Markdown says so', () => {
    const model = modelOf([fivexx('e')]);
    const diff = diffCatalogs(model, model, counts);
    expect(diff).toEqual({ added: [], removed: [], changed: [], load: { recordingRules: [10, 10], alertingRules: [3, 3] } });
    expect(renderDiff(diff, 'main', 'markdown')).toBe(
      '## SLO changes against main\n\nNo SLO changes.\n\nRule load per evaluation: 10 → 10 recording rules (a series each, one per group for grouped SLOs), 3 → 3 alerting rules.\n',
    );
  });

  it('Markdown for a pull request: added, removed, a table per changed instance, and the load with its sign', () => {
    const diff = {
      added: ['shop new (production)'],
      removed: ['shop old (production)', 'shop older (production)'],
      changed: [{ instance: 'shop e (production)', changes: [{ what: 'objective', before: '99%', after: '99.9%' }] }],
      load: { recordingRules: [20, 35] as [number, number], alertingRules: [8, 6] as [number, number] },
    };
    expect(renderDiff(diff, 'origin/main', 'markdown')).toBe(
      [
        '## SLO changes against origin/main',
        '',
        '**Added**',
        '',
        '- shop new (production)',
        '',
        '**Removed**',
        '',
        '- shop old (production)',
        '- shop older (production)',
        '',
        '**shop e (production)**',
        '',
        '| | before | after |',
        '|---|---|---|',
        '| objective | 99% | 99.9% |',
        '',
        'Rule load per evaluation: 20 → 35 (+15) recording rules (a series each, one per group for grouped SLOs), 8 → 6 (-2) alerting rules.',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(renderDiff(diff, 'origin/main', 'json'))).toEqual(diff);
  });
});
