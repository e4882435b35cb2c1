import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { AlertingRule, RecordingRule, RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { compiled, CONTRACT_METRICS, CORE_SLO_IDS } from './helpers/kimberly.js';
import { sloRuleGroupNames } from '../src/emitters/prometheus/rule-groups.js';
import { parsePromql } from './helpers/promql.js';

const ruleFiles = compiled.files.filter((f) => f.path.endsWith('.rules.yml'));
const groups: Array<{ path: string; group: RuleGroup }> = ruleFiles.flatMap((f) =>
  (parse(f.content) as { groups: RuleGroup[] }).groups.map((group) => ({ path: f.path, group })),
);
const rules = groups.flatMap(({ group }) => group.rules);
const alerts = rules.filter((r): r is AlertingRule => 'alert' in r);
const recordings = rules.filter((r): r is RecordingRule => 'record' in r);

describe('Kimberly rules', () => {
  it("name each SLO file's groups as its tests order them: alerting, then reporting", () => {
    for (const instance of compiled.model.instances) {
      const file = ruleFiles.find((f) => f.path.endsWith(`/${instance.env}/${instance.sloId}.rules.yml`))!;
      const names = (parse(file.content) as { groups: RuleGroup[] }).groups.map((g) => g.name);
      expect(names, file.path).toEqual(sloRuleGroupNames(instance));
    }
  });

  it('cover every latency and error-rate SLO of the contract in staging and production, never development', () => {
    for (const id of CORE_SLO_IDS) {
      for (const env of ['staging', 'production']) {
        expect(
          ruleFiles.map((f) => f.path),
          `${id} ${env}`,
        ).toContain(`alerts/kimberly/${env}/${id}.rules.yml`);
      }
    }
    expect(ruleFiles.some((f) => f.path.includes('/development/'))).toBe(false);
    expect(compiled.model.instances.some((i) => i.env === 'development')).toBe(false);
  });

  it('put the rules of one SLO instance in one file: what its alerts read with them at the global interval, the rest every 4m', () => {
    expect(new Set(groups.map((g) => g.group.name)).size).toBe(groups.length);
    for (const file of ruleFiles) {
      const own = groups.filter((g) => g.path === file.path).map((g) => g.group);
      const [alerting, reporting] = own;
      expect(alerting.interval, file.path).toBeUndefined();
      if (own.length === 1) continue; // capacity targets: one group
      expect(own).toHaveLength(2);
      expect(reporting).toMatchObject({ name: `${alerting.name}:reporting`, interval: '4m' });
      // No alert reads a series the reporting group records; no alert lives there.
      const slow = new Set(reporting.rules.map((r) => ('record' in r ? r.record : r.alert)));
      expect(reporting.rules.every((r) => 'record' in r)).toBe(true);
      for (const alert of alerting.rules.filter((r): r is AlertingRule => 'alert' in r)) {
        for (const name of slow) expect(alert.expr, `${file.path}: ${alert.alert} reads ${name}`).not.toContain(`${name}{`);
      }
    }
    // The 30d period ratio (a whole period of samples each evaluation) is the reporting group's.
    const fivexx = groups.filter((g) => g.path === 'alerts/kimberly/production/api-errors-5xx.rules.yml').map((g) => g.group);
    expect(fivexx[1].rules.map((r) => ('record' in r ? r.record : ''))).toContain('slo:sli_error:ratio_rate30d');
    expect(fivexx[0].rules.map((r) => ('record' in r ? r.record : ''))).toContain('slo:sli_bad_events:rate5m');
  });

  it('parse every expression, and use only contract metrics or recorded series', () => {
    const recorded = new Set(recordings.map((r) => r.record));
    for (const rule of rules) {
      const { errors, metrics } = parsePromql(rule.expr);
      expect(errors, rule.expr).toEqual([]);
      for (const metric of metrics) expect(CONTRACT_METRICS.has(metric) || recorded.has(metric), `${metric} in ${rule.expr}`).toBe(true);
    }
  });

  it('label every alert with exactly severity, service, slo and env, and annotate it with the contract annotations', () => {
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(Object.keys(alert.labels).sort()).toEqual(['env', 'service', 'severity', 'slo']);
      expect(['page', 'ticket']).toContain(alert.labels.severity);
      expect(alert.labels.service).toBe('kimberly');
      expect(['staging', 'production']).toContain(alert.labels.env);
      const contract = ['dashboard_url', 'description', 'runbook_url', 'summary'];
      // Burn-rate alerts add the window pair that fired.
      expect(Object.keys(alert.annotations).sort()).toEqual(alert.alert.startsWith('SLOBurnRate') ? ['burn_window', ...contract] : contract);
      expect(alert.annotations.dashboard_url).toContain('/d/slo-kimberly/');
      expect(alert.annotations.dashboard_url).toContain(`var-slo=${alert.labels.slo}`);
      expect(alert.annotations.runbook_url).toMatch(/^https:\/\//);
    }
  });

  it('never page from staging', () => {
    const staging = alerts.filter((a) => a.labels.env === 'staging');
    expect(staging.length).toBeGreaterThan(0);
    expect(staging.every((a) => a.labels.severity === 'ticket')).toBe(true);
    expect(alerts.some((a) => a.labels.env === 'production' && a.labels.severity === 'page')).toBe(true);
  });

  it('use the Workbook thresholds for 5xx in production: 14.4×, 6×, 3×, 1× of a 1% budget', () => {
    const fiveXx = alerts.filter((a) => a.labels.slo === 'api-errors-5xx' && a.labels.env === 'production' && a.alert.startsWith('SLOBurnRate'));
    expect(fiveXx.map((a) => [a.alert, a.labels.severity, a.expr.match(/> ([\d.]+)/)![1]])).toEqual([
      ['SLOBurnRate1h5m', 'page', '0.144'],
      ['SLOBurnRate6h30m', 'page', '0.06'],
      ['SLOBurnRate1d2h', 'ticket', '0.03'],
      ['SLOBurnRate3d6h', 'ticket', '0.01'],
    ]);
  });

  it('record error ratios for 5m, 30m, 1h, 2h, 6h, 1d, 3d and the period, long windows event-weighted', () => {
    const windows = (env: string) =>
      recordings
        .filter((r) => r.labels.slo === 'chat-latency-p95' && r.labels.env === env && r.record.startsWith('slo:sli_error:ratio_rate'))
        .map((r) => r.record.replace('slo:sli_error:ratio_rate', ''));
    expect(windows('production')).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']);
    expect(windows('staging')).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '7d']);
    const period = recordings.find((r) => r.record === 'slo:sli_error:ratio_rate30d' && r.labels.slo === 'api-errors-5xx')!;
    // Ten 3d tiles: the current one and nine at offsets 3d … 27d, bad over total.
    expect(period.expr.match(/slo:sli_bad_events:rate3d\{[^}]*\} offset \d+d/g)?.map((t) => t.replace(/.* offset /, ''))).toEqual([
      '3d',
      '6d',
      '9d',
      '12d',
      '15d',
      '18d',
      '21d',
      '24d',
      '27d',
    ]);
    expect(period.expr).not.toContain('sum_over_time');
    expect(period.expr).not.toContain('kimberly_http_requests_total');
  });

  it('match both le spellings of a latency threshold', () => {
    const p95 = recordings.find((r) => r.labels.slo === 'chat-latency-p95' && r.record === 'slo:sli_bad_events:rate5m')!;
    expect(p95.expr).toContain('le=~"1|1\\\\.0"');
  });

  it('carry metadata series for every instance', () => {
    const names = [
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:period:seconds',
      'slo:sli:ratio_period',
      'slo:error_budget_remaining:ratio',
      'slo:current_burn_rate:ratio',
    ];
    for (const instance of compiled.model.instances) {
      // A zero-tolerance objective has no budget to burn, hence no burn rate.
      for (const name of names.filter((n) => !(instance.errorBudget.isZero() && n === 'slo:current_burn_rate:ratio'))) {
        expect(
          recordings.some((r) => r.record === name && r.labels.slo === instance.sloId && r.labels.env === instance.env),
          `${name} ${instance.sloId}`,
        ).toBe(true);
      }
    }
    const objective = recordings.find((r) => r.record === 'slo:objective:ratio' && r.labels.slo === 'inference-failures' && r.labels.env === 'production')!;
    expect(objective.expr).toBe('vector(0.995)');
  });

  it('emit no dead tier for p50 objectives: every threshold is below a full outage', () => {
    for (const alert of alerts.filter((a) => a.alert.startsWith('SLOBurnRate'))) {
      for (const threshold of alert.expr.match(/> ([\d.]+)/g)!.map((m: string) => Number(m.slice(2)))) expect(threshold, alert.expr).toBeLessThan(1);
    }
  });
});
