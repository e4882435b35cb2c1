import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../catalog/load.js';
import { UserError } from '../core/errors.js';
import { capacityRuleGroup, sloRuleGroups } from '../emitters/prometheus/rule-groups.js';
import { resolveCatalog } from '../model/resolve.js';
import { parseDuration } from '../core/duration.js';
import { parseTime } from '../prometheus-api/client.js';
import type { ResolvedCatalog } from '../model/types.js';
import { diffCatalogs, renderDiff } from '../reports/diff.js';

function ruleCounts(model: ResolvedCatalog): { recordingRules: number; alertingRules: number } {
  const rules = [...model.instances.flatMap(sloRuleGroups), ...model.capacities.map(capacityRuleGroup)].flatMap((g) => g.rules);
  return { recordingRules: rules.filter((r) => 'record' in r).length, alertingRules: rules.filter((r) => 'alert' in r).length };
}

/** The catalog as it was at a git revision: the tree exported to a temp folder, loaded like any catalog. */
async function catalogAt(ref: string, catalogPath: string): Promise<ResolvedCatalog> {
  let root: string;
  try {
    root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { stdio: 'ignore' });
  } catch {
    throw new UserError(`--base ${ref}: not a git revision of this repository`);
  }
  const tree = mkdtempSync(path.join(tmpdir(), 'sloforge-diff-'));
  try {
    execFileSync('sh', ['-c', `git archive --format=tar "$1" | tar -x -C "$2"`, 'sh', ref, tree], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const relative = path.relative(root, path.resolve(catalogPath));
    return resolveCatalog(await loadCatalog(path.join(tree, relative)));
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

export async function diffCommand(options: {
  base: string;
  catalog: string;
  format: 'markdown' | 'json';
  prometheus?: string;
  backtestFrom: string;
  backtestTo?: string;
  step: string;
}): Promise<void> {
  const head = resolveCatalog(await loadCatalog(options.catalog));
  const base = await catalogAt(options.base, options.catalog);
  const diff = diffCatalogs(base, head, ruleCounts);
  if (!options.prometheus) {
    process.stdout.write(renderDiff(diff, options.base, options.format));
    return;
  }
  // The backtest delta: the SLOs whose rules changed, replayed under both revisions over the same past.
  const { backtestDelta, renderBacktestDelta } = await import('../history/delta.js');
  const to = parseTime(options.backtestTo) ?? Math.floor(Date.now() / 1000);
  const relative = /^(\d+)d$/.exec(options.backtestFrom);
  const from = relative ? to - Number(relative[1]) * 86_400 : (parseTime(options.backtestFrom) ?? to - 7 * 86_400);
  const delta = await backtestDelta(base, head, options.prometheus, {
    from,
    to,
    stepSeconds: parseDuration(options.step),
  });
  if (options.format === 'json') process.stdout.write(`${JSON.stringify({ ...diff, backtest: delta }, null, 2)}\n`);
  else process.stdout.write(`${renderDiff(diff, options.base, 'markdown')}\n${renderBacktestDelta(delta)}`);
}
