/**
 * Rule-group guards from the engines (issue "The rules at scale where they run", part 4): a grouped
 * SLO's groups carry Prometheus' `limit` (the catalog target's `maxGroups`, 1000 unless set), and
 * `queryOffset` becomes `query_offset` only for the rulers that read it (Mimir, Thanos). Each engine's
 * own checker judges the files: promtool 2.42 and vmalert 1.79 accept `limit` and refuse
 * `query_offset`, which is why the plain and vmalert files never carry it.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../../src/catalog/validate.js';
import { compileCatalog } from '../../src/compile.js';
import { counter, errorRate } from '../../src/index.js';
import type { RuleGroup } from '../../src/emitters/prometheus/rule-types.js';
import { checkoutErrors, testService } from '../helpers/catalogs.js';
import { promtool, tempDir } from '../helpers/tools.js';

const byRoute = errorRate({ id: 'routes', title: 'Routes', events: counter('shop_requests_total'), bad: { code: /5../ }, below: '1%', groupBy: ['route'] });
const compiled = (target: object) =>
  compileCatalog(validateCatalog({ services: [testService([byRoute, checkoutErrors('1%')])], target } as never, 'group-guards.test.ts')).files;
type Group = RuleGroup & { query_offset?: string };
/** A file's groups: a rule file's, or a PrometheusRule's spec. */
function groupsIn(files: ReturnType<typeof compiled>, file: string): Group[] {
  const doc = parse(files.find((f) => f.path === file)!.content) as { groups?: Group[]; spec?: { groups: Group[] } };
  return doc.groups ?? doc.spec!.groups;
}

describe('limit on a grouped SLO', () => {
  it('the plain files: 1000 by default on both groups of the grouped SLO, none on the other', () => {
    const files = compiled({ kind: 'prometheus' });
    expect(groupsIn(files, 'alerts/shop/production/routes.rules.yml').map((g) => g.limit)).toEqual([1000, 1000]);
    expect(groupsIn(files, 'alerts/shop/production/checkout-errors.rules.yml').map((g) => g.limit)).toEqual([undefined, undefined]);
  });

  it.each([
    ['prometheus', 'alerts/shop/production/routes.rules.yml'],
    ['victoriametrics', 'generated/victoriametrics/shop.rules.yml'],
    ['thanos', 'generated/thanos/shop.rules.yml'],
    ['mimir', 'generated/mimir/shop.yaml'],
    ['prometheus-operator', 'generated/prometheus-operator/shop.yaml'],
  ])("%s: the catalog's maxGroups (50) on the grouped SLO's groups", (kind, file) => {
    const groups = groupsIn(compiled({ kind, maxGroups: 50 }), file).filter((g) => g.name.includes(':routes'));
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const g of groups) expect(g.limit, g.name).toBe(50);
  });

  it('promtool checks the plain file with its limit, and vmalert -dryRun the vmalert file', () => {
    const dir = tempDir();
    const plain = compiled({ kind: 'prometheus' }).find((f) => f.path === 'alerts/shop/production/routes.rules.yml')!;
    writeFileSync(path.join(dir, 'routes.rules.yml'), plain.content);
    const checked = promtool(['check', 'rules', 'routes.rules.yml'], dir);
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    const vm = compiled({ kind: 'victoriametrics' }).find((f) => f.path === 'generated/victoriametrics/shop.rules.yml')!;
    writeFileSync(path.join(dir, 'vm.rules.yml'), vm.content);
    const dry = spawnSync('vmalert', ['-dryRun', `-rule=${path.join(dir, 'vm.rules.yml')}`], { encoding: 'utf8' });
    expect(dry.status, dry.stderr).toBe(0);
  });

  it('0 is refused: a limit of none is not a guard', () => {
    expect(() => compiled({ kind: 'prometheus', maxGroups: 0 })).toThrow(/maxGroups/);
  });
});

describe('query_offset for the rulers that read it', () => {
  it('Mimir and Thanos: on every group; the plain files, vmalert and the operator: never', () => {
    for (const [kind, file] of [
      ['mimir', 'generated/mimir/shop.yaml'],
      ['thanos', 'generated/thanos/shop.rules.yml'],
    ]) {
      const groups = groupsIn(compiled({ kind, queryOffset: '2m' }), file);
      expect(groups.length).toBeGreaterThan(0);
      for (const g of groups) expect(g.query_offset, `${kind} ${g.name}`).toBe('2m');
    }
    for (const [kind, file] of [
      ['prometheus', 'alerts/shop/production/routes.rules.yml'],
      ['victoriametrics', 'generated/victoriametrics/shop.rules.yml'],
    ])
      for (const g of groupsIn(compiled({ kind }), file)) expect(g.query_offset).toBeUndefined();
  });

  it('a target that cannot read it refuses the option by name', () => {
    expect(() => compiled({ kind: 'victoriametrics', queryOffset: '2m' })).toThrow(/queryOffset/);
    expect(() => compiled({ kind: 'prometheus', queryOffset: '2m' })).toThrow(/queryOffset/);
  });

  it('why: promtool 2.42 and vmalert 1.79 refuse the field', () => {
    const dir = tempDir();
    const file = path.join(dir, 'offset.rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'g', query_offset: '1m', rules: [{ record: 'a:b', expr: 'vector(1)' }] }] }));
    expect(promtool(['check', 'rules', file], dir).status).not.toBe(0);
    expect(spawnSync('vmalert', ['-dryRun', `-rule=${file}`], { encoding: 'utf8' }).status).not.toBe(0);
  });
});
