/**
 * The release gate's decision table (issue "SLOs that know their history", part 4), on report rows
 * written by hand: a policy of block below 10% and warn below 25% of the budget left.
 */
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { environment } from '../src/index.js';
import { fivexx, smallService } from './helpers/catalogs.js';
import { resolveCatalog } from '../src/model/resolve.js';
import { evaluateGate, gateExitCode, renderGate } from '../src/reports/gate.js';
import type { LiveReport } from '../src/reports/live.js';

const model = resolveCatalog(
  validateCatalog(
    {
      services: [
        smallService([fivexx()], {
          environments: [environment('production', { period: '30d', alerting: 'page-and-ticket', budgetPolicy: { blockBelow: 10, warnBelow: 25 } })],
        }),
      ],
    },
    'gate.ts',
  ),
);

type Row = LiveReport['rows'][number];
const row = (status: Row['status'], left: number | null): Row => ({
  service: 'shop',
  slo: 'e',
  env: 'production',
  group: null,
  objective: 0.99,
  futureObjective: null,
  period: '30d',
  sli: status === 'no data' ? null : 0.995,
  errorBudgetRemaining: left,
  burnRate: null,
  burnRateWindow: '1h',
  firingAlerts: [],
  status,
  duplicates: null,
  dataProblems: [],
  sliEvaluatedAt: null,
});
const decide = (rows: Row[], override?: { reason: string; by: string }) =>
  evaluateGate(model, { prometheus: 'http://p', at: '2026-11-27T00:00:00Z', rows, warnings: [] }, { service: 'shop', env: 'production' }, override);

describe('the release gate', () => {
  it.each([
    ['50% left: go', [row('met', 0.5)], 'go', 0, 0],
    ['20% left: go, with a warning', [row('met', 0.2)], 'go', 0, 1],
    ['5% left: no go', [row('met', 0.05)], 'no-go', 1, 0],
    ['an objective missed: no go', [row('missed', -0.2)], 'no-go', 1, 0],
    ['no data: cannot tell', [row('no data', null)], 'cannot tell', 2, 0],
    ['no data beside a missed objective: no go', [row('no data', null), row('missed', -0.1)], 'no-go', 1, 0],
  ] as const)('%s', (_, rows, decision, exit, warnings) => {
    const result = decide([...rows]);
    expect(result.decision).toBe(decision);
    expect(gateExitCode(result)).toBe(exit);
    expect(result.warnings).toHaveLength(warnings);
  });

  it('covers the release checklist: a failed item blocks, cannot tell and manual items warn', () => {
    const line = (item: string, status: 'pass' | 'fail' | 'cannot tell' | 'manual') => ({ item, status, measured: `${status} measured`, details: [] });
    const checklist = (lines: ReturnType<typeof line>[]) =>
      evaluateGate(model, { prometheus: 'http://p', at: 't', rows: [row('met', 0.5)], warnings: [] }, { service: 'shop', env: 'production' }, undefined, {
        env: 'staging',
        lines,
      });
    const passing = checklist([line('latency', 'pass'), line('profiling', 'manual'), line('staging 24h', 'cannot tell')]);
    expect(passing.decision).toBe('go');
    expect(passing.warnings).toEqual([
      'checklist (staging): profiling: confirm by hand',
      'checklist (staging): staging 24h: cannot tell from metrics (cannot tell measured)',
    ]);
    const failing = checklist([line('latency', 'fail'), line('memory', 'pass')]);
    expect(failing.decision).toBe('no-go');
    expect(gateExitCode(failing)).toBe(1);
    expect(failing.reasons).toEqual(['checklist (staging): latency: fail measured']);
  });

  it('an override turns a no go into a go and keeps the reason', () => {
    const result = decide([row('missed', -0.2)], { reason: 'hotfix', by: 'alice' });
    expect(result).toMatchObject({ evaluated: 'no-go', decision: 'go', override: { reason: 'hotfix', by: 'alice' } });
    expect(gateExitCode(result)).toBe(0);
    // A go needs no override: none is recorded.
    expect(decide([row('met', 0.5)], { reason: 'x', by: 'a' }).override).toBeUndefined();
  });

  it('says why, row by row, with the numbers: missed, below the block line, below the warning line', () => {
    const missed = decide([{ ...row('missed', -0.2), sli: 0.988 }]);
    // 1 − (1 − 0.988) / (1 − 0.99) = −0.2: −20% of the budget left.
    expect(missed.reasons).toEqual(['e: objective missed (SLI 98.8000%, -20.0% of the budget left)']);
    expect(decide([row('met', 0.05)]).reasons).toEqual(["e: 5.0% of the budget left, below the policy's 10%"]);
    expect(decide([row('met', 0.2)]).warnings).toEqual(['e: 20.0% of the budget left, below 25%: release with care']);
    expect(decide([row('no data', null)]).reasons).toEqual(['e: no data, so the budget left is unknown']);
    // A grouped row is named with its group.
    expect(decide([{ ...row('met', 0.05), group: 'route=/pay' }]).reasons).toEqual(["e (route=/pay): 5.0% of the budget left, below the policy's 10%"]);
  });

  it('a service without SLOs in the environment: cannot tell, and says so', () => {
    const result = evaluateGate(model, { prometheus: 'p', at: 't', rows: [row('met', 0.5)], warnings: [] }, { service: 'shop', env: 'staging' });
    expect(result).toMatchObject({ decision: 'cannot tell', reasons: ['no SLO of shop has an SLA in staging'] });
    // With no budget policy in the catalog: block below 0%, warn below 25%.
    expect(result.policy).toEqual({ blockBelow: 0, warnBelow: 25 });
  });

  it('bad data: cannot tell, with the problem', () => {
    const result = decide([{ ...row('bad data', 0.5), dataProblems: ['an SLI outside 0-100%'] }]);
    expect(result).toMatchObject({ decision: 'cannot tell', reasons: ['e: bad data, so the budget left is unknown: an SLI outside 0-100%'] });
    // Beside a missed objective the answer is still no go.
    expect(
      decide([
        { ...row('bad data', 0.5), dataProblems: ['x'] },
        { ...row('missed', -0.1), slo: 'f' },
      ]).decision,
    ).toBe('no-go');
  });

  it('a page firing blocks a release whose period is still met; a ticket only warns', () => {
    const paging = decide([{ ...row('burning', 0.8), firingAlerts: ['ShopEHighErrorRate(page)'], burnRate: 14.4 }]);
    expect(paging.decision).toBe('no-go');
    expect(paging.reasons).toEqual(['e: a page fires now (ShopEHighErrorRate(page)); the budget is burning at 14.40×']);
    const noRate = decide([{ ...row('burning', 0.8), firingAlerts: ['A(page)'] }]);
    expect(noRate.reasons).toEqual(['e: a page fires now (A(page)); the budget is burning']);
    const ticket = decide([{ ...row('burning', 0.8), firingAlerts: ['ShopEHighErrorRate(ticket)'] }]);
    expect(ticket.decision).toBe('go');
    expect(ticket.warnings).toEqual(['e: a ticket fires now (ShopEHighErrorRate(ticket)): release with care']);
  });

  describe('two series for one SLO (replicas not aggregated away)', () => {
    const twice = (worst: number, best: number, verdictsDiffer = false, status: Row['status'] = 'met') => ({
      ...row(status, worst),
      duplicates: { count: 2, differingLabels: ['replica'], verdictsDiffer, best: { sli: 0.995, errorBudgetRemaining: best } },
    });
    it('both above the block line: go, with a warning that they agree', () => {
      const result = decide([twice(0.5, 0.6)]);
      expect(result.decision).toBe('go');
      expect(result.warnings).toEqual([
        'e: 2 series differing in replica (the recorded series were not aggregated over it): shown is the worst; all of them agree',
      ]);
    });
    it('one below the block line, one above: cannot tell, and says what to fix', () => {
      const result = decide([twice(0.05, 0.6)]);
      expect(result.decision).toBe('cannot tell');
      expect(result.reasons).toEqual([
        "e: 2 series differing in replica (the recorded series were not aggregated over it): shown is the worst: the worst says no go (5.0% of the budget left), the best go; which series is the SLO cannot be told: aggregate replica away in the SLO's selector, or fix the duplicate scrape",
      ]);
    });
    it('both below the block line: no go', () => {
      expect(decide([twice(0.05, 0.08)]).decision).toBe('no-go');
    });
    it('met by one and missed by the other: cannot tell', () => {
      const result = decide([{ ...twice(-0.1, 0.5, true, 'missed'), sli: 0.989 }]);
      expect(result.decision).toBe('cannot tell');
      expect(result.reasons[0]).toContain('the worst says no go (-10.0% of the budget left), the best go');
    });
    it('exactly at the block line on the best: the best does not block, the worst below does: cannot tell', () => {
      expect(decide([twice(0.05, 0.1)]).decision).toBe('cannot tell');
      expect(decide([twice(0.05, 0.0999)]).decision).toBe('no-go');
    });
  });

  it('renders the decision, the policy, why, the warnings and the checklist', () => {
    const checklist = {
      env: 'staging',
      lines: [
        { item: 'latency', status: 'fail' as const, measured: '2s', details: [] },
        { item: 'memory', status: 'pass' as const, measured: '1%', details: [] },
        { item: 'profiling', status: 'manual' as const, measured: '-', details: [] },
      ],
    };
    const result = evaluateGate(
      model,
      { prometheus: 'p', at: '2027-01-15T08:00:00.000Z', rows: [row('met', 0.2)], warnings: [] },
      { service: 'shop', env: 'production' },
      undefined,
      checklist,
    );
    expect(renderGate(result, 'table')).toBe(
      [
        'Release gate for shop in production: NO-GO',
        'policy: block below 10% of the error budget left (or a missed objective), warn below 25%; data at 2027-01-15T08:00:00.000Z',
        'why:',
        '  checklist (staging): latency: 2s',
        'warnings:',
        '  e: 20.0% of the budget left, below 25%: release with care',
        '  checklist (staging): profiling: confirm by hand',
        'release checklist (staging): 1 pass, 1 fail, 0 cannot tell, 1 manual',
        '',
      ].join('\n'),
    );
    const markdown = renderGate(result, 'markdown');
    expect(markdown.split('\n').slice(0, 4)).toEqual([
      '# Release gate for shop in production: NO-GO',
      'policy: block below 10% of the error budget left (or a missed objective), warn below 25%; data at 2027-01-15T08:00:00.000Z',
      'why:',
      '- checklist (staging): latency: 2s',
    ]);
    expect(JSON.parse(renderGate(result, 'json'))).toEqual(JSON.parse(JSON.stringify(result)));
    expect(result.checklist).toEqual({
      env: 'staging',
      items: [
        { item: 'latency', status: 'fail', measured: '2s' },
        { item: 'memory', status: 'pass', measured: '1%' },
        { item: 'profiling', status: 'manual', measured: '-' },
      ],
    });
  });

  it('renders an override with what the data said, and a go with notes', () => {
    const overridden = decide([row('missed', -0.2)], { reason: 'hotfix', by: 'alice' });
    expect(renderGate(overridden, 'table').split('\n')[0]).toBe(
      'Release gate for shop in production: GO (OVERRIDDEN: the data says NO-GO; reason: "hotfix", by alice)',
    );
    const go = decide([row('met', 0.5)]);
    expect(renderGate(go, 'table')).toBe(
      'Release gate for shop in production: GO\npolicy: block below 10% of the error budget left (or a missed objective), warn below 25%; data at 2026-11-27T00:00:00Z\n',
    );
    const cannotTell = decide([row('no data', null)]);
    expect(renderGate(cannotTell, 'table').split('\n')[0]).toBe('Release gate for shop in production: CANNOT TELL');
  });
});
