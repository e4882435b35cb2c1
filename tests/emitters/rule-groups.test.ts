/**
 * Which rule goes to which group and file. The rule (src/emitters/prometheus/rule-groups.ts): what the
 * alerts read, directly or through other recorded series, and what is read over a range, is evaluated
 * with the alerts every minute; the rest (the period SLI, the budget) every 4m in a reporting group.
 * The oracle here is a second reading of that rule, independent of the emitter's scanner: names
 * found by a regular expression, the closure worked out by a plain fixed point. The anchors (which
 * series must land where) are stated by hand from the rule and docs/operating.md.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../../src/catalog/validate.js';
import { environment } from '../../src/index.js';
import { prometheusRuleFileList, prometheusRuleFiles, ruleFilePath } from '../../src/emitters/prometheus/rule-files.js';
import { sloRuleGroupNames, sloRuleGroups } from '../../src/emitters/prometheus/rule-groups.js';
import type { RecordingRule, RuleGroup } from '../../src/emitters/prometheus/rule-types.js';
import { resolveCatalog } from '../../src/model/resolve.js';
import { checkoutErrors, checkoutLatency, testCatalog, testService } from '../helpers/catalogs.js';

const catalog = (slos: Parameters<typeof testCatalog>[0], ruleFiles?: 'per-slo' | 'per-service-env') =>
  resolveCatalog(validateCatalog({ ...testCatalog(slos), ...(ruleFiles ? { ruleFiles, tests: 'none' as const } : {}) }, 'rule-groups.test.ts'));
const plan = (slo: Parameters<typeof testCatalog>[0][number], env = 'production') => catalog([slo]).instances.find((i) => i.env === env)!;

/** Every series name an expression reads: a name followed by `{`. */
const namesIn = (expr: string) => new Set([...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1]));
/** Every series name an expression reads over a range: `name{…}[`. */
const rangedIn = (expr: string) => new Set([...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{[^}]*\}\[/g)].map((m) => m[1]));

/** The oracle: the record names that must run with the alerts. */
function mustRunWithAlerts(group: RuleGroup[]): Set<string> {
  const rules = group.flatMap((g) => g.rules);
  const recording = rules.filter((r): r is RecordingRule => 'record' in r);
  const alerts = rules.filter((r) => 'alert' in r);
  const needed = new Set<string>(['slo:info', 'slo:objective:ratio']);
  for (const a of alerts) for (const n of namesIn(a.expr)) needed.add(n);
  for (const r of recording) for (const n of rangedIn(r.expr)) needed.add(n);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of recording)
      if (needed.has(r.record))
        for (const n of namesIn(r.expr))
          if (!needed.has(n)) {
            needed.add(n);
            grew = true;
          }
  }
  return new Set(recording.map((r) => r.record).filter((name) => needed.has(name)));
}

const recordsOf = (g: RuleGroup) => g.rules.flatMap((r) => ('record' in r ? [r.record] : []));
const alertsOf = (g: RuleGroup) => g.rules.flatMap((r) => ('alert' in r ? [r.alert] : []));

describe('the rule groups of one SLO instance', () => {
  it.each([
    ['an error rate, 99.9% over 30d', plan(checkoutErrors('0.1%'))],
    ['a latency SLO, 99% under 1s', plan(checkoutLatency(99, '1s'))],
    ['an error rate in staging (7d, tickets only)', plan(checkoutErrors('1%'), 'staging')],
  ])('%s: the alerting group holds what the alerts read (and what that reads), the reporting group the rest, every 4m', (_, instance) => {
    const groups = sloRuleGroups(instance);
    expect(groups.map((g) => g.name)).toEqual([`sloforge:shop:${instance.env}:${instance.sloId}`, `sloforge:shop:${instance.env}:${instance.sloId}:reporting`]);
    expect(sloRuleGroupNames(instance)).toEqual(groups.map((g) => g.name));
    const [alerting, reporting] = groups;
    expect(alerting.interval).toBeUndefined();
    expect(reporting.interval).toBe('4m');
    const needed = mustRunWithAlerts(groups);
    expect(new Set(recordsOf(alerting))).toEqual(needed);
    for (const name of recordsOf(reporting)) expect(needed.has(name), name).toBe(false);
    // Nothing lost or doubled: each recording rule is in exactly one group.
    const all = groups.flatMap(recordsOf);
    expect(all.length).toBe(new Set(groups.flatMap((g) => g.rules.filter((r) => 'record' in r))).size);
    // The alerts come last in the alerting group; the reporting group has none.
    const kinds = alerting.rules.map((r) => ('alert' in r ? 'alert' : 'record'));
    expect(kinds.indexOf('alert')).toBe(kinds.lastIndexOf('record') + 1);
    expect(alertsOf(reporting)).toEqual([]);
    // Anchors, by hand: the period SLI and the budget only feed dashboards and reports; the fastest
    // tier's windows and the series dashboards list SLOs by run every minute.
    expect(recordsOf(reporting)).toEqual(expect.arrayContaining(['slo:sli:ratio_period', 'slo:error_budget_remaining:ratio']));
    expect(recordsOf(alerting)).toEqual(
      expect.arrayContaining(['slo:info', 'slo:objective:ratio', `slo:sli_error:ratio_rate${instance.windows.current}`, 'slo:sli_total_events:rate5m']),
    );
  });

  it("keeps the emitter's order inside each group (dashboards and diffs read the files)", () => {
    const instance = plan(checkoutErrors('0.1%'));
    const groups = sloRuleGroups(instance);
    const order = groups.flatMap(recordsOf);
    const inGroup = (g: RuleGroup) => recordsOf(g).map((r) => order.indexOf(r));
    for (const g of groups) expect(inGroup(g)).toEqual([...inGroup(g)].sort((a, b) => a - b));
  });
});

describe('rule files', () => {
  const two = catalog([checkoutErrors('1%'), checkoutLatency(99, '1s')]);

  it('per SLO: one file per instance at alerts/<service>/<env>/<slo>.rules.yml, with its two groups', () => {
    const files = prometheusRuleFiles(two);
    // In catalog order, SLO by SLO; development (alerting: none) has no SLO instance, so no rules.
    expect(files.map((f) => f.path)).toEqual(
      ['checkout-errors', 'checkout-latency'].flatMap((slo) => [`alerts/shop/staging/${slo}.rules.yml`, `alerts/shop/production/${slo}.rules.yml`]),
    );
    const production = files.find((f) => f.path === 'alerts/shop/production/checkout-errors.rules.yml')!;
    const lines = production.content.split('\n');
    expect(lines[0]).toMatch(/^# /);
    // Where the SLO was written in the catalog, for the person who reads the rule.
    expect(lines[1]).toMatch(/^# SLO checkout-errors of shop in production, written at tests\/helpers\/catalogs\.ts:\d+\.$/);
    const doc = parse(production.content) as { groups: RuleGroup[] };
    expect(doc.groups.map((g) => g.name)).toEqual(['sloforge:shop:production:checkout-errors', 'sloforge:shop:production:checkout-errors:reporting']);
  });

  it('per service and environment: one file each, listing its SLOs, with every group in catalog order', () => {
    const model = catalog([checkoutErrors('1%'), checkoutLatency(99, '1s')], 'per-service-env');
    const files = prometheusRuleFiles(model);
    expect(files.map((f) => f.path)).toEqual(['alerts/shop/staging.rules.yml', 'alerts/shop/production.rules.yml']);
    const production = files[1];
    const [, heading, first, second] = production.content.split('\n');
    expect(heading).toBe('# The SLOs and capacity targets of shop in production, one or two groups each:');
    expect(first).toMatch(/^# {3}SLO checkout-errors, written at tests\/helpers\/catalogs\.ts:\d+$/);
    expect(second).toMatch(/^# {3}SLO checkout-latency, written at tests\/helpers\/catalogs\.ts:\d+$/);
    expect((parse(production.content) as { groups: RuleGroup[] }).groups.map((g) => g.name)).toEqual([
      'sloforge:shop:production:checkout-errors',
      'sloforge:shop:production:checkout-errors:reporting',
      'sloforge:shop:production:checkout-latency',
      'sloforge:shop:production:checkout-latency:reporting',
    ]);
    expect(ruleFilePath({ service: { name: 'a' }, env: 'b', labels: { slo: 'c' } }, 'per-service-env')).toBe('alerts/a/b.rules.yml');
    expect(ruleFilePath({ service: { name: 'a' }, env: 'b', labels: { slo: 'c' } }, 'per-slo')).toBe('alerts/a/b/c.rules.yml');
  });

  it('states planned maintenance in the file, for each window', () => {
    const model = resolveCatalog(
      validateCatalog(
        {
          services: [
            testService([checkoutErrors('1%')], {
              environments: [
                environment('production', {
                  period: '30d',
                  alerting: 'page-and-ticket',
                  maintenance: [{ name: 'db-upgrade', weekdays: ['sunday'], start: '02:00', duration: '2h' }],
                }),
              ],
            }),
          ],
        },
        'rule-groups.test.ts',
      ),
    );
    const [file] = prometheusRuleFiles(model);
    expect(file.content).toContain('# Planned maintenance "db-upgrade": sunday 02:00 UTC for 2h; Alertmanager mutes production alerts then.\n');
  });

  it("the rule_files list for prometheus.yml: one line per folder (Prometheus globs a path's last element only), sorted", () => {
    expect(parse(prometheusRuleFileList(two).content)).toEqual({
      rule_files: ['alerts/shop/production/*.rules.yml', 'alerts/shop/staging/*.rules.yml'],
    });
    const perEnv = catalog([checkoutErrors('1%')], 'per-service-env');
    expect(parse(prometheusRuleFileList(perEnv).content)).toEqual({ rule_files: ['alerts/shop/*.rules.yml'] });
    expect(prometheusRuleFileList(two).path).toBe('generated/prometheus/rule-files.yml');
  });
});
