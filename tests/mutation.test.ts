/**
 * Mutation check: break the model's tiers (the 14.4 factor, a window, the replacement rule for
 * unreachable tiers) and the promtool tests generated beside the rules must fail. They can only
 * fail because their expectations come from the Workbook oracle, not from the tiers.
 */
import { describe, expect, it } from 'vitest';
import { Rational } from '../src/core/decimal.js';
import type { BurnRateTier } from '../src/model/burn-rate.js';
import type { ResolvedCatalog, SloPlan } from '../src/model/types.js';
import { prometheusRuleFiles } from '../src/emitters/prometheus/rule-files.js';
import { promtoolTestFiles } from '../src/emitters/promtool-tests/test-files.js';
import { compiled } from './helpers/kimberly.js';
import { promtool, tempDir, writeFiles } from './helpers/tools.js';

function plan(slo: string, env: string): SloPlan {
  const found = compiled.model.instances.find((i) => i.sloId === slo && i.env === env);
  if (!found) throw new Error(`no plan ${slo} ${env}`);
  return found;
}

function withTiers(instance: SloPlan, mutate: (tiers: BurnRateTier[]) => BurnRateTier[]): SloPlan {
  if (instance.alertPolicy.kind !== 'burn-rate') throw new Error('not a burn-rate plan');
  return { ...instance, alertPolicy: { ...instance.alertPolicy, tiers: mutate(instance.alertPolicy.tiers) } };
}

/** Writes one plan's rule file and its generated promtool tests, runs them, and returns the failures. */
function runGeneratedTests(instance: SloPlan): { failed: number; output: string } {
  const model: ResolvedCatalog = { ...compiled.model, instances: [instance], capacities: [] };
  const files = [...prometheusRuleFiles(model), ...promtoolTestFiles(model)];
  const dir = tempDir();
  writeFiles(dir, files);
  let failed = 0;
  let output = '';
  for (const test of files.filter((f) => f.path.endsWith('.test.yml'))) {
    const result = promtool(['test', 'rules', test.path], dir);
    if (result.status !== 0) failed += 1;
    output += result.stdout + result.stderr;
  }
  return { failed, output };
}

const setFactor = (tier: BurnRateTier, factor: string, budget: Rational): BurnRateTier => ({
  ...tier,
  factor: Rational.parse(factor),
  threshold: Rational.parse(factor).mul(budget),
});

describe('the generated promtool tests catch a broken model', () => {
  const errors = plan('api-errors-5xx', 'production');
  const p50 = plan('chat-latency-p50', 'production');

  it('pass on the real plans (the control)', () => {
    expect(runGeneratedTests(errors).failed).toBe(0);
    expect(runGeneratedTests(p50).failed).toBe(0);
  });

  it.each([
    ['the 14.4 factor becomes 12', errors, (t: BurnRateTier[]) => [setFactor(t[0], '12', errors.errorBudget), ...t.slice(1)]],
    ['the 14.4 factor becomes 16', errors, (t: BurnRateTier[]) => [setFactor(t[0], '16', errors.errorBudget), ...t.slice(1)]],
    ['the fast tier reads a 2h long window', errors, (t: BurnRateTier[]) => [{ ...t[0], longWindow: '2h' }, ...t.slice(1)]],
    ['the 6h tier reads a 1h short window', errors, (t: BurnRateTier[]) => [t[0], { ...t[1], shortWindow: '1h' }, ...t.slice(2)]],
    [
      'the replacement of unreachable tiers fires at 90% bad instead of 75%',
      p50,
      (t: BurnRateTier[]) => t.map((tier) => (tier.saturated ? setFactor(tier, '1.8', p50.errorBudget) : tier)),
    ],
    ['staging policy leaks a page', plan('api-errors-5xx', 'staging'), (t: BurnRateTier[]) => [{ ...t[0], severity: 'page' as const }, ...t.slice(1)]],
  ])('fail when %s', (_name, instance, mutate) => {
    const { failed, output } = runGeneratedTests(withTiers(instance, mutate));
    expect(failed, output).toBeGreaterThan(0);
  });
});
