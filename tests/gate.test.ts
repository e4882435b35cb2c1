/**
 * The release gate's decision table (issue "SLOs that know their history", part 4), on report rows
 * written by hand: a policy of block below 10% and warn below 25% of the budget left.
 */
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { environment } from '../src/index.js';
import { fivexx, smallService } from './helpers/catalogs.js';
import { resolveCatalog } from '../src/model/resolve.js';
import { evaluateGate, gateExitCode } from '../src/reports/gate.js';
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
});
