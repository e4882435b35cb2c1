/**
 * `sloforge diff --base REF` (issue "SLOs that know their history", part 3): a known change to a
 * catalog in a git repository, and the differences it must list, worked out by hand.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, sloforge, tempDir } from './helpers/tools.js';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' });

describe('sloforge diff', () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'slos'));
  const catalog = readFileSync(path.join(PROJECT_ROOT, 'examples/shop/slos/index.ts'), 'utf8');
  writeFileSync(path.join(dir, 'slos/index.ts'), catalog);
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  // The change: checkouts from 99.5% to 99.9%, and a new SLO for refunds.
  const changed = catalog
    .replace(/good: \{ status: \/\[1-4\]\.\.\/ \},\n(\s*)objective: 99\.5,/, 'good: { status: /[1-4]../ },\n$1objective: 99.9,')
    .replace(
      "errorRate({ id: 'api-errors',",
      "errorRate({ id: 'refunds', title: 'Refunds', events: counter('refunds_total'), bad: { outcome: 'failed' }, below: '1%' }),\n    errorRate({ id: 'api-errors',",
    );
  expect(changed).not.toBe(catalog);
  writeFileSync(path.join(dir, 'slos/index.ts'), changed);

  it('lists the changed objective, its budget and thresholds, the added SLO, and the rule load', () => {
    const result = sloforge(['diff', '--base', 'HEAD'], dir);
    expect(result.status, result.stderr).toBe(0);
    const md = result.stdout;
    expect(md).toContain('## SLO changes against HEAD');
    expect(md).toContain('**Added**\n\n- storefront refunds (canary)\n- storefront refunds (live)');
    expect(md).toContain('**storefront checkout-success (live)**');
    expect(md).toContain('| objective | 99.5% | 99.9% |');
    // 0.5% and 0.1% of 28 days: 3h21m36s and 40m19s (shown with two units).
    expect(md).toContain('| allowed per period | 3h21m (events) | 40m19s (events) |');
    // The 28d page tier: 14.4 × 28/30 = 13.44 × the budget, 6.72% then 1.344% of events.
    expect(md).toMatch(/\| alert tiers \| page 13\.44× over 1h\/5m \(6\.72%\).* \| page 13\.44× over 1h\/5m \(1\.344%\)/);
    expect(md).toMatch(/Rule load per evaluation: (\d+) → (\d+) \(\+\d+\) recording rules/);
    expect(md).not.toContain('storefront api-errors (live)**');
  });

  it('says so when nothing changed, and refuses an unknown revision', () => {
    const same = sloforge(['diff', '--base', 'HEAD', '--catalog', 'slos/index.ts'], dir);
    expect(same.stdout).toContain('**storefront checkout-success (live)**');
    git(dir, 'stash', '-q');
    expect(sloforge(['diff', '--base', 'HEAD'], dir).stdout).toContain('No SLO changes.');
    git(dir, 'stash', 'pop', '-q');
    const unknown = sloforge(['diff', '--base', 'no-such-ref'], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--base no-such-ref: not a git revision of this repository');
  });
});
