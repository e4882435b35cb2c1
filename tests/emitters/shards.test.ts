/**
 * Rule sets for sharded rulers (generate --shards): the cost estimate on expressions worked out by
 * hand, and the split of examples/shop (a journey that reads its components, two environments)
 * checked against what sharding must guarantee, with an independent reading of which recorded
 * series each rule reads.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { writeHeterogeneousCatalog } from '../../bench/heterogeneous.js';
import shopCatalog from '../../examples/shop/slos/index.js';
import type { CatalogInput } from '../../src/index.js';
import { validateCatalog } from '../../src/catalog/validate.js';
import { compileCatalog } from '../../src/compile.js';
import type { RuleGroup } from '../../src/emitters/prometheus/rule-types.js';
import { assignShards, estimatedRuleCost } from '../../src/emitters/targets/shards.js';
import { resolveCatalog } from '../../src/model/resolve.js';
import { sloforge, tempDir } from '../helpers/tools.js';

const shop = (target: object, extra: object = {}) => ({ ...(shopCatalog as CatalogInput), target, ...extra }) as CatalogInput;
/** A unit's key (service, env, id joined by NUL) as service/env/id. */
const slash = (key: string) => key.split('\u0000').join('/');
const model = (target: object, extra: object = {}) => resolveCatalog(validateCatalog(shop(target, extra), 'examples/shop/slos/index.ts'));

describe('the estimated cost of a rule', () => {
  it.each([
    // One, plus the raw samples read per series at one a minute.
    ['sum(rate(http_requests_total{code=~"5.."}[5m]))', 1 + 5],
    ['rate(a[1h]) / rate(b{x="y"}[30m])', 1 + 60 + 30],
    ['sum_over_time(probe_success{job="p"}[1h30m])', 1 + 90],
    ['count_over_time(up[1d])', 1 + 1440],
    // Recorded series cost one sample each, ranged or not; a subquery's range is not a raw selector.
    ['slo:sli_error:ratio_rate1h{slo="a"} > 0.0144', 1],
    ['sum_over_time(slo:sli_total_events:rate5m{slo="a"}[30m])', 1],
    ['max_over_time((slo:x{a="b"} > 0)[1h:1m])', 1],
    ['vector(1)', 1],
  ])('%s: %d', (expr, cost) => {
    expect(estimatedRuleCost(expr)).toBe(cost);
  });
});

describe('sharding examples/shop', () => {
  /** The identities (service, env, slo) whose recorded series a group's rules read. */
  const readsOf = (groups: RuleGroup[]) =>
    new Set(
      groups
        .flatMap((g) => g.rules)
        .flatMap((r) => [...r.expr.matchAll(/slo:[\w:]+\{([^}]*)\}/g)])
        .map(([, m]) => ['service', 'env', 'slo'].map((l) => new RegExp(`${l}="([^"]*)"`).exec(m)?.[1]).join('/')),
    );

  it.each([2, 3, 5])('%d shards: every SLO instance in exactly one; none reads a series recorded in another; balanced within one unit', (count) => {
    const shards = assignShards(model({ kind: 'prometheus' }), count);
    expect(shards.map((s) => s.number)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    const keys = shards.flatMap((s) => s.units.map((u) => u.key));
    const all = model({ kind: 'prometheus' });
    expect(keys.length).toBe(all.instances.length + all.capacities.length);
    expect(new Set(keys).size).toBe(keys.length);
    for (const shard of shards) {
      const own = new Set(shard.units.map((u) => slash(u.key)));
      for (const read of readsOf(shard.units.flatMap((u) => u.groups)))
        if (!read.includes('undefined')) expect(own.has(read), `${read} read in shard ${shard.number}`).toBe(true);
      expect(shard.cost).toBeCloseTo(
        shard.units.reduce((sum, u) => sum + u.cost, 0),
        9,
      );
    }
    // Largest first to the least loaded: the most loaded shard's last set went to the least loaded
    // shard of the moment, so no shard exceeds another by more than the largest set of joined units
    // (joined here independently: a unit with every unit whose series it reads, transitively).
    const units = shards.flatMap((s) => s.units);
    const setOf = new Map(units.map((u) => [slash(u.key), new Set([slash(u.key)])]));
    for (let grew = true; grew;) {
      grew = false;
      for (const u of units) {
        const mine = setOf.get(slash(u.key))!;
        for (const read of readsOf(u.groups))
          for (const other of setOf.get(read) ?? [])
            for (const k of [...setOf.get(other)!, ...mine])
              if (!mine.has(k) || !setOf.get(other)!.has(k)) {
                mine.add(k);
                setOf.get(other)!.add(k);
                grew = true;
              }
      }
    }
    const costOf = new Map(units.map((u) => [slash(u.key), u.cost]));
    const largestSet = Math.max(...[...setOf.values()].map((set) => [...set].reduce((sum, k) => sum + costOf.get(k)!, 0)));
    const costs = shards.map((s) => s.cost);
    expect(Math.max(...costs) - Math.min(...costs)).toBeLessThanOrEqual(largestSet + 1e-9);
    // The same every run.
    expect(assignShards(model({ kind: 'prometheus' }), count).map((s) => s.units.map((u) => u.key))).toEqual(shards.map((s) => s.units.map((u) => u.key)));
  });

  it('the journey stays with the SLOs it reads', () => {
    for (const shard of assignShards(model({ kind: 'prometheus' }), 4)) {
      const keys = shard.units.map((u) => slash(u.key));
      for (const env of ['live', 'canary'])
        if (keys.includes(`storefront/${env}/purchase`)) expect(keys).toEqual(expect.arrayContaining([`storefront/${env}/checkout-success`]));
    }
  });

  it("per-service-env rule files: a file's SLOs share a shard", () => {
    for (const shard of assignShards(model({ kind: 'prometheus' }, { ruleFiles: 'per-service-env', tests: 'none' }), 3)) {
      const files = new Set(shard.units.map((u) => u.ruleFile));
      for (const other of assignShards(model({ kind: 'prometheus' }, { ruleFiles: 'per-service-env', tests: 'none' }), 3))
        if (other.number !== shard.number) for (const u of other.units) expect(files.has(u.ruleFile)).toBe(false);
    }
  });

  it('writes each shard its rule_files, and vmalert its groups: together the same groups as one ruler', () => {
    const files = compileCatalog(validateCatalog(shop({ kind: 'victoriametrics', shards: 2 }), 'shop')).files;
    const lists = [1, 2].map((n) => parse(files.find((f) => f.path === `generated/prometheus/shards/shard-${n}.yml`)!.content) as { rule_files: string[] });
    const plain = files.filter((f) => /^alerts\/.*\.rules\.yml$/.test(f.path)).map((f) => f.path);
    expect([...lists[0].rule_files, ...lists[1].rule_files].sort()).toEqual([...plain].sort());
    const names = (path: string) => (parse(files.find((f) => f.path === path)!.content) as { groups: RuleGroup[] }).groups.map((g) => g.name);
    const sharded = [1, 2].flatMap((n) => names(`generated/victoriametrics/shards/shard-${n}.rules.yml`));
    const single = files.filter((f) => /^generated\/victoriametrics\/[^/]+\.rules\.yml$/.test(f.path)).flatMap((f) => names(f.path));
    expect([...sharded].sort()).toEqual([...single].sort());
    expect(new Set(sharded).size).toBe(sharded.length);
  });

  it('one shard (the default) writes nothing more', () => {
    const files = compileCatalog(validateCatalog(shop({ kind: 'victoriametrics' }), 'shop')).files;
    expect(files.filter((f) => f.path.includes('/shards/'))).toEqual([]);
  });

  it('generate --shards: overrides the catalog, and refuses 0 with exit 2', () => {
    const out = tempDir();
    const ok = sloforge(['generate', '--catalog', 'examples/shop/slos/index.ts', '--out', out, '--target', 'thanos', '--shards', '3', '--tests', 'none']);
    expect(ok.status, ok.stderr).toBe(0);
    const bad = sloforge(['generate', '--catalog', 'examples/shop/slos/index.ts', '--out', out, '--shards', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--shards/);
  });

  it('on a catalog unlike the examples (1,000 instances, each service its own names and objectives) every shard is within 10% of the mean, and generate --check guards the shard files', () => {
    const dir = tempDir();
    const catalog = writeHeterogeneousCatalog(dir, 1000);
    for (const count of [2, 3, 8]) {
      const out = path.join(dir, `out-${count}`);
      const run = sloforge(['generate', '--catalog', catalog, '--out', out, '--target', 'victoriametrics', '--shards', String(count), '--tests', 'none']);
      expect(run.status, run.stderr).toBe(0);
      // Each shard file states its estimated cost; the rules in it are counted independently.
      const shards = Array.from({ length: count }, (_, i) => readFileSync(path.join(out, `generated/victoriametrics/shards/shard-${i + 1}.rules.yml`), 'utf8'));
      const costs = shards.map((text) => Number(/estimated cost (\d+)/.exec(text)![1]));
      const mean = costs.reduce((a, b) => a + b, 0) / count;
      for (const cost of costs) expect(Math.abs(cost - mean) / mean, `shard costs ${costs.join(', ')} with ${count} shards`).toBeLessThanOrEqual(0.1);
      // Every rule of the per-service files is in one shard (rules counted by their YAML items: parsing 20 MB twice per count is slow).
      const ruleCount = (text: string) => text.match(/^\s*- (record|alert): /gm)?.length ?? 0;
      const vmDir = path.join(out, 'generated/victoriametrics');
      expect(shards.map(ruleCount).reduce((a, b) => a + b, 0)).toBe(
        readdirSync(vmDir)
          .filter((f) => f.endsWith('.rules.yml'))
          .reduce((n, f) => n + ruleCount(readFileSync(path.join(vmDir, f), 'utf8')), 0),
      );
      if (count === 3) {
        const check = (args: string[] = []) =>
          sloforge(['generate', '--check', '--catalog', catalog, '--out', out, '--target', 'victoriametrics', '--shards', '3', '--tests', 'none', ...args]);
        expect(check().status).toBe(0);
        writeFileSync(path.join(out, 'generated/victoriametrics/shards/shard-2.rules.yml'), shards[1].replace('groups:', 'groups: []\nx:'));
        const stale = check();
        expect(stale.status).toBe(1);
        expect(stale.stdout + stale.stderr).toContain('shards/shard-2.rules.yml');
        // Another shard count is another set of files: the check of 3 shards against 4 fails too.
        expect(check(['--shards', '4']).status).toBe(1);
      }
    }
  });
});
