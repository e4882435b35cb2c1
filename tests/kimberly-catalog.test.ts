/** The rest of the success criteria in the Kimberly catalog: uptime, zero tolerance, the nightly job, capacity, maintenance, 4xx. */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { AlertingRule, RecordingRule, RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { maintenanceBudgetChecks, plannedDowntimeSeconds } from '../src/model/maintenance.js';
import { compiled, CONTRACT_SLO_IDS } from './helpers/kimberly.js';
import { sloforge } from './helpers/tools.js';

const rulesOf = (env: string, id: string) => {
  const file = compiled.files.find((f) => f.path === `alerts/kimberly/${env}/${id}.rules.yml`);
  if (!file) throw new Error(`no rule file for ${id} in ${env}`);
  return (parse(file.content) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules);
};
/** The SLO's own alerts; every SLO also has SLODataMissing, tested below. */
const alertsOf = (env: string, id: string) => rulesOf(env, id).filter((r): r is AlertingRule => 'alert' in r && r.alert !== 'SLODataMissing');
const recordOf = (env: string, id: string, record: string) => rulesOf(env, id).find((r): r is RecordingRule => 'record' in r && r.record === record);

const CAPACITY_IDS = ['concurrent-users', 'api-throughput', 'memory-writes', 'daily-interactions'];

describe('sloforge list --json', () => {
  it('lists every id of the contract for staging and production, and none for development', () => {
    const list = sloforge(['list', '--json']);
    expect(list.status, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as Array<{ slo: string; env: string; kind: string; objective: string; futureObjective: string | null }>;
    for (const id of [...CONTRACT_SLO_IDS, ...CAPACITY_IDS]) {
      for (const env of ['staging', 'production'])
        expect(
          rows.some((r) => r.slo === id && r.env === env),
          `${id} ${env}`,
        ).toBe(true);
    }
    expect(rows.some((r) => r.env === 'development')).toBe(false);
    const uptime = rows.find((r) => r.slo === 'uptime' && r.env === 'production')!;
    expect([uptime.objective, uptime.futureObjective]).toEqual(['99%', '99.9%']);
    expect(rows.find((r) => r.slo === 'uptime' && r.env === 'staging')!.objective).toBe('95%');
    expect(rows.find((r) => r.slo === 'api-throughput' && r.env === 'production')).toMatchObject({ kind: 'capacity-ceiling', objective: '≤ 50 req/s' });
  });
});

describe('uptime', () => {
  it('measures good time from probe_success of the health job, per environment', () => {
    const bad = recordOf('production', 'uptime', 'slo:sli_bad_events:rate5m')!;
    expect(bad.expr).toContain('probe_success{env="production",job="kimberly-health"}');
    expect(bad.expr).not.toContain('job="kimberly"');
    expect(recordOf('staging', 'uptime', 'slo:objective:ratio')!.expr).toBe('vector(0.95)');
    expect(recordOf('production', 'uptime', 'slo:objective:ratio')!.expr).toBe('vector(0.99)');
  });

  it('alerts on the active 99% objective and records the future 99.9% beside it', () => {
    expect(recordOf('production', 'uptime', 'slo:objective_future:ratio')!.expr).toBe('vector(0.999)');
    expect(recordOf('production', 'uptime', 'slo:error_budget_remaining_future:ratio')!.expr).toContain('/ 0.001');
    const page = alertsOf('production', 'uptime').find((a) => a.alert === 'SLOBurnRate1h5m')!;
    expect(page.expr).toContain('> 0.144'); // 14.4 × 1%, not × 0.1%
    expect(recordOf('staging', 'uptime', 'slo:objective_future:ratio')).toBeUndefined();
  });
});

describe('zero tolerance (memory corruption)', () => {
  it('has no budget to divide by: no burn rate, a 0/1 remaining budget, an immediate alert', () => {
    const rules = rulesOf('production', 'memory-corruption');
    for (const rule of rules) {
      expect(rule.expr, rule.expr).not.toMatch(/\/ 0(?![.\d])/);
    }
    expect(recordOf('production', 'memory-corruption', 'slo:current_burn_rate:ratio')).toBeUndefined();
    expect(recordOf('production', 'memory-corruption', 'slo:error_budget:ratio')!.expr).toBe('vector(0)');
    expect(recordOf('production', 'memory-corruption', 'slo:error_budget_remaining:ratio')!.expr).toMatch(/^1 - \(sum_over_time\(.*\[30d\]\) > bool 0\)$/);
    expect(alertsOf('production', 'memory-corruption').map((a) => [a.alert, a.labels.severity])).toEqual([['SLOZeroToleranceBreach', 'page']]);
    expect(alertsOf('staging', 'memory-corruption').map((a) => [a.alert, a.labels.severity])).toEqual([['SLOZeroToleranceBreach', 'ticket']]);
  });
});

describe('the nightly meditation job', () => {
  it('alerts on a run over the p99 bound, a budget spent at p95, a missed and a failed run; no burn rates', () => {
    expect(alertsOf('production', 'meditation-duration-p99').map((a) => a.alert)).toEqual(['SLOBatchRunTooSlow']);
    expect(alertsOf('production', 'meditation-duration-p99')[0].expr).toContain('le=~"900|900\\\\.0"');
    expect(alertsOf('production', 'meditation-duration-p95').map((a) => a.alert)).toEqual(['SLOErrorBudgetExhausted']);
    const freshness = alertsOf('production', 'meditation-freshness');
    expect(freshness.map((a) => [a.alert, a.labels.severity])).toEqual([
      ['SLOBatchRunMissed', 'page'],
      ['SLOBatchRunFailed', 'ticket'],
    ]);
    expect(freshness[0].expr).toContain('> 93600'); // 26h
    expect(alertsOf('staging', 'meditation-freshness').every((a) => a.labels.severity === 'ticket')).toBe(true);
    const batchAlerts = ['meditation-duration-p95', 'meditation-duration-p99', 'meditation-freshness'].flatMap((id) => alertsOf('production', id));
    expect(batchAlerts.some((a) => a.alert.startsWith('SLOBurnRate'))).toBe(false);
  });
});

describe('the low-traffic guard', () => {
  it('requires a minimum event count in the long window of model-load tiers only', () => {
    for (const alert of alertsOf('production', 'model-load-p99'))
      expect(alert.expr).toMatch(/and\non\(\) sum\(increase\(kimberly_model_load_duration_seconds_count\{[^}]*\}\[\w+\]\)\) >= 5$/);
    for (const alert of alertsOf('production', 'chat-latency-p99')) expect(alert.expr).not.toContain('increase(');
  });
});

describe('capacity targets', () => {
  it('record load, target and utilization, and ticket on headroom or a volume drop', () => {
    expect(recordOf('production', 'api-throughput', 'capacity:load')!.expr).toBe(
      'sum(rate(kimberly_http_requests_total{job="kimberly",env="production"}[5m])) or vector(0)',
    );
    expect(recordOf('production', 'concurrent-users', 'capacity:load')!.expr).toContain('sum(kimberly_active_sessions{');
    expect(recordOf('production', 'daily-interactions', 'capacity:load')!.expr).toContain(
      'increase(kimberly_chat_messages_total{job="kimberly",env="production"}[1d])',
    );
    expect(recordOf('production', 'memory-writes', 'capacity:target')!.expr).toBe('vector(10)');
    const headroom = alertsOf('production', 'api-throughput')[0];
    expect(headroom).toMatchObject({
      alert: 'CapacityHeadroomLow',
      for: '15m',
      labels: { severity: 'ticket', service: 'kimberly', slo: 'api-throughput', env: 'production' },
    });
    expect(headroom.expr).toMatch(/capacity:utilization:ratio\{.*\} > 0.8$/);
    const drop = alertsOf('production', 'daily-interactions')[0];
    expect(drop).toMatchObject({ alert: 'CapacityVolumeLow', for: '1h' });
    expect(drop.expr).toMatch(/ < 0.5$/);
  });
});

describe('client errors (4xx)', () => {
  it('count against their own 95% objective and never page', () => {
    expect(recordOf('production', 'api-errors-4xx', 'slo:objective:ratio')!.expr).toBe('vector(0.95)');
    const alerts = alertsOf('production', 'api-errors-4xx');
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.labels.severity === 'ticket')).toBe(true);
    expect(recordOf('production', 'uptime', 'slo:sli_bad_events:rate5m')!.expr).not.toContain('code');
  });
});

describe('maintenance windows', () => {
  it('are carried by the staging instances and checked against the uptime budget: 4h a week in 8h24m', () => {
    const staging = compiled.model.instances.find((i) => i.sloId === 'uptime' && i.env === 'staging')!;
    expect(staging.maintenance).toEqual([{ name: 'staging-weekly-maintenance', weekdays: ['sunday'], start: '02:00', duration: '4h' }]);
    expect(compiled.model.instances.find((i) => i.sloId === 'uptime' && i.env === 'production')!.maintenance).toEqual([]);
    const [check] = maintenanceBudgetChecks(compiled.model.instances);
    expect(check).toMatchObject({ slo: 'uptime', env: 'staging', plannedSeconds: 4 * 3600, fits: true });
    expect(check.budgetSeconds).toBeCloseTo(8.4 * 3600, 6);
    expect(check.message).toContain('fits in the 8h24m error budget');
  });

  it('say so when planned downtime does not fit the budget', () => {
    const staging = compiled.model.instances.find((i) => i.sloId === 'uptime' && i.env === 'staging')!;
    const daily = {
      ...staging,
      maintenance: [
        { name: 'nightly', weekdays: ['monday', 'tuesday', 'wednesday'] as Array<'monday' | 'tuesday' | 'wednesday'>, start: '01:00', duration: '3h' },
      ],
    };
    expect(plannedDowntimeSeconds(daily.maintenance, daily.periodSeconds)).toBe(9 * 3600);
    const [check] = maintenanceBudgetChecks([daily]);
    expect(check.fits).toBe(false);
    expect(check.message).toContain('does NOT fit');
  });
});

describe('missing data', () => {
  it('every SLO instance tickets when its raw series vanish for 15m, with exactly the contract labels', () => {
    for (const instance of compiled.model.instances) {
      const missing = rulesOf(instance.env, instance.sloId).filter((r): r is AlertingRule => 'alert' in r && r.alert === 'SLODataMissing');
      expect(missing, `${instance.sloId} ${instance.env}`).toHaveLength(1);
      expect(missing[0].for).toBe('15m');
      expect(missing[0].expr).toMatch(/^absent\(count\(\w+\{.*env="(staging|production)".*\}\)\)$/);
      expect(missing[0].labels).toEqual({ severity: 'ticket', service: 'kimberly', slo: instance.sloId, env: instance.env });
    }
  });
});
