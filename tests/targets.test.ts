/**
 * Output targets (issue "Beyond one Prometheus", part 1): the same rule groups as PrometheusRule
 * resources (validated with @kubernetes-models/prometheus-operator, the CRD's maintained model),
 * Mimir ruler namespaces within a rules-per-group limit, Thanos rule files with a partial-response
 * strategy, and vmalert files that vmalert 1.79 itself accepts (-dryRun). promtool checks the rule
 * content of every target.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import shopCatalog from '../examples/shop/slos/index.js';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import type { RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import kimberlyCatalog from '../slos/index.js';
import { promtool, run, sloforge, tempDir } from './helpers/tools.js';

/** Kimberly and examples/shop compiled for a target, set in the catalog as a user would. */
function compile(target: Record<string, unknown>) {
  const kimberly = compileCatalog(validateCatalog({ ...kimberlyCatalog, target }, 'slos/index.ts'));
  const shop = compileCatalog(validateCatalog({ ...shopCatalog, target }, 'examples/shop/slos/index.ts'));
  return [...kimberly.files, ...shop.files];
}

const plainGroups = (files: Array<{ path: string; content: string }>) =>
  files.filter((f) => f.path.startsWith('alerts/') && f.path.endsWith('.rules.yml')).flatMap((f) => (parse(f.content) as { groups: RuleGroup[] }).groups);
const byName = (groups: RuleGroup[]) => [...groups].sort((a, b) => a.name.localeCompare(b.name, 'en'));
const ruleCount = (groups: RuleGroup[]) => groups.reduce((n, g) => n + g.rules.length, 0);

/** promtool check rules on the given groups, written as a plain rule file. */
function promtoolCheck(groups: unknown[]): { status: number | null; output: string } {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'content.rules.yml'), stringify({ groups }));
  const result = promtool(['check', 'rules', 'content.rules.yml'], dir);
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('prometheus-operator', () => {
  const files = compile({ kind: 'prometheus-operator', namespace: 'observability', labels: { release: 'kube-prometheus' } });
  const resources = files.filter((f) => f.path.startsWith('generated/prometheus-operator/')).map((f) => parse(f.content) as Record<string, unknown>);

  it('writes one PrometheusRule per service that the CRD model accepts, with the rule-selector labels', () => {
    expect(resources.map((r) => (r.metadata as { name: string }).name).sort()).toEqual(['sloforge-kimberly', 'sloforge-payments', 'sloforge-storefront']);
    for (const resource of resources) {
      expect(() => new PrometheusRule(resource as ConstructorParameters<typeof PrometheusRule>[0]).validate()).not.toThrow();
      expect(resource.metadata).toMatchObject({
        namespace: 'observability',
        labels: { release: 'kube-prometheus', 'app.kubernetes.io/managed-by': 'sloforge' },
      });
    }
    const groups = resources.flatMap((r) => (r.spec as { groups: RuleGroup[] }).groups);
    expect(byName(groups)).toEqual(byName(plainGroups(files)));
  });

  it('the model catches a broken resource: the validation can fail', () => {
    const broken = structuredClone(resources[0]) as { spec: { groups: Array<{ rules: Array<{ labels?: Record<string, unknown> }> }> } };
    broken.spec.groups[0].rules[0].labels = { severity: 3 };
    expect(() => new PrometheusRule(broken as ConstructorParameters<typeof PrometheusRule>[0]).validate()).toThrow(/must be string/);
  });

  it('one resource per SLO as an option; promtool accepts the rule content', () => {
    const perSlo = compile({ kind: 'prometheus-operator', per: 'slo' }).filter((f) => f.path.startsWith('generated/prometheus-operator/'));
    expect(perSlo).toHaveLength(files.filter((f) => f.path.startsWith('alerts/') && f.path.endsWith('.rules.yml')).length);
    const check = promtoolCheck(resources.flatMap((r) => (r.spec as { groups: RuleGroup[] }).groups));
    expect(check.status, check.output).toBe(0);
  });
});

describe('prometheus-operator with shards', () => {
  /** The groups of each shard as the plain shard lists name them: the rule files of generated/prometheus/shards/shard-<i>.yml. */
  function groupsByShardList(files: Array<{ path: string; content: string }>): Map<string, RuleGroup[]> {
    const byPath = new Map(files.map((f) => [f.path, f.content]));
    const lists = files.filter((f) => /^generated\/prometheus\/shards\/shard-\d+\.yml$/.test(f.path));
    return new Map(
      lists.map((list) => [
        /shard-(\d+)/.exec(list.path)![1],
        (parse(list.content) as { rule_files: string[] }).rule_files.flatMap((file) => (parse(byPath.get(file)!) as { groups: RuleGroup[] }).groups),
      ]),
    );
  }

  for (const per of ['service', 'slo'] as const)
    it(`labels every PrometheusRule (per ${per}) with its shard, and each shard's resources hold exactly that shard's rule files`, () => {
      const target = { kind: 'prometheus-operator', per, shards: 2, labels: { release: 'kube-prometheus' } };
      const kimberly = compileCatalog(validateCatalog({ ...kimberlyCatalog, target }, 'slos/index.ts')).files;
      const shop = compileCatalog(validateCatalog({ ...shopCatalog, target }, 'examples/shop/slos/index.ts')).files;
      for (const files of [kimberly, shop]) {
        const resources = files.filter((f) => f.path.startsWith('generated/prometheus-operator/')).map((f) => parse(f.content) as Record<string, unknown>);
        const byShard = new Map<string, RuleGroup[]>();
        for (const resource of resources) {
          expect(() => new PrometheusRule(resource as ConstructorParameters<typeof PrometheusRule>[0]).validate()).not.toThrow();
          const labels = (resource.metadata as { labels: Record<string, string> }).labels;
          expect(labels.release).toBe('kube-prometheus');
          expect(['1', '2']).toContain(labels['sloforge.dev/shard']);
          byShard.set(labels['sloforge.dev/shard'], [
            ...(byShard.get(labels['sloforge.dev/shard']) ?? []),
            ...(resource.spec as { groups: RuleGroup[] }).groups,
          ]);
        }
        const expected = groupsByShardList(files);
        expect([...byShard.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [shard, groups] of expected) expect(byName(byShard.get(shard)!)).toEqual(byName(groups));
        // Every plain group is in exactly one shard.
        expect(ruleCount([...byShard.values()].flat())).toBe(ruleCount(plainGroups(files)));
      }
    });

  it('without shards no resource carries the shard label', () => {
    const files = compile({ kind: 'prometheus-operator' }).filter((f) => f.path.startsWith('generated/prometheus-operator/'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f.content).not.toContain('sloforge.dev/shard');
  });
});

describe('mimir', () => {
  it('writes a ruler namespace per service, no group over the limit, every rule kept in order', () => {
    // Alerting groups hold up to 20 rules (Grafana Cloud's default limit): a limit of 10 makes the split happen.
    const files = compile({ kind: 'mimir', maxRulesPerGroup: 10 });
    const namespaces = files.filter((f) => f.path.startsWith('generated/mimir/')).map((f) => parse(f.content) as { namespace: string; groups: RuleGroup[] });
    expect(namespaces.map((n) => n.namespace).sort()).toEqual(['sloforge-kimberly', 'sloforge-payments', 'sloforge-storefront']);
    const groups = namespaces.flatMap((n) => n.groups);
    expect(Math.max(...plainGroups(files).map((g) => g.rules.length))).toBeGreaterThan(10);
    expect(Math.max(...groups.map((g) => g.rules.length))).toBeLessThanOrEqual(10);
    expect(new Set(groups.map((g) => g.name)).size).toBe(groups.length);
    // Split groups keep their rules in order: joined again by name, they are the plain groups.
    const joined = new Map<string, RuleGroup>();
    for (const g of groups) {
      const whole = g.name.replace(/\/\d+$/, '');
      const sofar = joined.get(whole);
      joined.set(whole, { ...g, name: whole, rules: [...(sofar?.rules ?? []), ...g.rules] });
    }
    expect(byName([...joined.values()])).toEqual(byName(plainGroups(files)));
    const check = promtoolCheck(groups);
    expect(check.status, check.output).toBe(0);
  });
});

describe('thanos', () => {
  it('sets the partial-response strategy on every group; promtool accepts the content without it, and rejects the field itself', () => {
    const files = compile({ kind: 'thanos', partialResponseStrategy: 'warn' });
    const groups = files
      .filter((f) => f.path.startsWith('generated/thanos/'))
      .flatMap((f) => (parse(f.content) as { groups: Array<RuleGroup & { partial_response_strategy: string }> }).groups);
    expect(groups.every((g) => g.partial_response_strategy === 'warn')).toBe(true);
    expect(ruleCount(groups)).toBe(ruleCount(plainGroups(files)));
    expect(promtoolCheck(groups.map(({ partial_response_strategy: _, ...g }) => g)).status).toBe(0);
    expect(promtoolCheck(groups).output).toContain('partial_response_strategy');
  });
});

describe('victoriametrics', () => {
  const files = compile({ kind: 'victoriametrics' });
  const dir = tempDir();
  for (const f of files) {
    if (!f.path.endsWith('.rules.yml')) continue;
    const file = path.join(dir, f.path.replace(/\//g, '__'));
    writeFileSync(file, f.content);
  }
  const dryRun = (pattern: string) => run('vmalert', ['-dryRun', `-rule=${path.join(dir, pattern)}`, '-loggerLevel=ERROR']);

  it('vmalert 1.79 accepts every generated file (-dryRun)', () => {
    const result = dryRun('generated__victoriametrics__*.rules.yml');
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('differs from the Prometheus files where vmalert does: no keep_firing_for, read over the same hour instead', () => {
    const plain = dryRun('alerts__*.rules.yml');
    expect(plain.status).not.toBe(0);
    expect(plain.stdout + plain.stderr).toContain('unknown fields in rule: keep_firing_for');
    const vm = files
      .filter((f) => f.path.startsWith('generated/victoriametrics/'))
      .map((f) => f.content)
      .join('\n');
    expect(vm).not.toContain('keep_firing_for');
    expect(vm).toMatch(/expr: max_over_time\(\(slo:sli_bad_events:rate5m\{service="kimberly",slo="memory-corruption",env="production"\} > 0\)\[1h:1m\]\)/);
  });
});

describe('generate --target', () => {
  it('writes the target’s files with the rule files, and refuses an unknown target', () => {
    const out = tempDir();
    const result = sloforge(['generate', '--catalog', 'examples/shop/slos/index.ts', '--out', out, '--target', 'mimir']);
    expect(result.status, result.stderr).toBe(0);
    expect(
      run('ls', [path.join(out, 'generated/mimir')])
        .stdout.split('\n')
        .filter(Boolean),
    ).toEqual(['payments.yaml', 'storefront.yaml']);
    const unknown = sloforge(['generate', '--catalog', 'examples/shop/slos/index.ts', '--out', tempDir(), '--target', 'cortex']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('Allowed choices are prometheus, prometheus-operator, victoriametrics, mimir, thanos');
  });
});
