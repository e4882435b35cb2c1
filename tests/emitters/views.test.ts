/**
 * Table tests of the other emitters with whole expected outputs written by hand: the dashboard's
 * burn-rate panel, the Alertmanager routes and the budget rows.
 */
import { describe, expect, it } from 'vitest';
import { environment } from '../../src/index.js';
import { validateCatalog } from '../../src/catalog/validate.js';
import { routingFragment } from '../../src/emitters/alertmanager/config.js';
import { budgetRows } from '../../src/emitters/budgets/budgets.js';
import { serviceDashboard } from '../../src/emitters/grafana/service-dashboard.js';
import { resolveCatalog } from '../../src/model/resolve.js';
import { checkoutErrors, testService } from '../helpers/catalogs.js';

const model = resolveCatalog(
  validateCatalog(
    {
      services: [
        testService([checkoutErrors('0.1%')], {
          environments: [
            environment('development', { alerting: 'none' }),
            environment('staging', {
              period: '7d',
              alerting: 'ticket-only',
              maintenance: [{ name: 'db-patching', weekdays: ['sunday'], start: '02:00', duration: '2h' }],
            }),
            environment('production', { period: '30d', alerting: 'page-and-ticket' }),
          ],
        }),
      ],
    },
    'test-catalog.ts',
  ),
);

describe('Grafana: the burn-rate panel', () => {
  it('queries the burn rate over each alert window and the recorded tier thresholds', () => {
    const panel = serviceDashboard(model, 'shop').panels!.find((p) => 'title' in p && p.title === 'Burn rate by window') as unknown as {
      targets: Array<{ expr: string; legendFormat: string }>;
    };
    const sel = (metric: string) => `${metric}{service="shop",slo="$slo",env="$env"}`;
    const budget = `on(service, slo, env) group_left() (${sel('slo:error_budget:ratio')} > 0)`;
    expect(panel.targets.map((t) => [t.expr, t.legendFormat])).toEqual([
      [`${sel('slo:sli_error:ratio_rate5m')} / ${budget}`, 'burn rate 5m'],
      [`${sel('slo:sli_error:ratio_rate30m')} / ${budget}`, 'burn rate 30m'],
      [`${sel('slo:sli_error:ratio_rate1h')} / ${budget}`, 'burn rate 1h'],
      [`${sel('slo:sli_error:ratio_rate2h')} / ${budget}`, 'burn rate 2h'],
      [`${sel('slo:sli_error:ratio_rate6h')} / ${budget}`, 'burn rate 6h'],
      [`${sel('slo:sli_error:ratio_rate1d')} / ${budget}`, 'burn rate 1d'],
      [`${sel('slo:sli_error:ratio_rate3d')} / ${budget}`, 'burn rate 3d'],
      [sel('slo:burn_rate_threshold:ratio'), 'threshold {{severity}} {{long_window}}/{{short_window}}'],
    ]);
  });
});

describe('Alertmanager: the routing fragment', () => {
  it('routes by environment and severity, with maintenance muting on staging only', () => {
    expect(routingFragment(model)).toEqual({
      route: {
        matchers: ['service="shop"'],
        receiver: 'shop-ticket',
        group_by: ['service', 'slo', 'env'],
        routes: [
          {
            matchers: ['env="staging"', 'severity="ticket"'],
            receiver: 'shop-ticket',
            group_wait: '5m',
            group_interval: '30m',
            repeat_interval: '24h',
            mute_time_intervals: ['shop-db-patching'],
          },
          { matchers: ['env="production"', 'severity="page"'], receiver: 'shop-page', group_wait: '30s', group_interval: '30s', repeat_interval: '4h' },
          { matchers: ['env="production"', 'severity="ticket"'], receiver: 'shop-ticket', group_wait: '5m', group_interval: '30m', repeat_interval: '24h' },
        ],
      },
      receivers: [
        { name: 'shop-page', pagerduty_configs: [{ routing_key_file: '/etc/alertmanager/secrets/shop-pagerduty-routing-key', send_resolved: true }] },
        {
          name: 'shop-ticket',
          slack_configs: [{ api_url_file: '/etc/alertmanager/secrets/shop-slack-webhook-url', channel: '#shop-slo-tickets', send_resolved: true }],
          webhook_configs: [{ url: 'http://ticket-bridge.invalid/shop', send_resolved: true }],
        },
      ],
      inhibit_rules: [{ source_matchers: ['severity="page"'], target_matchers: ['severity="ticket"'], equal: ['service', 'slo', 'env'] }],
      time_intervals: [
        { name: 'shop-db-patching', time_intervals: [{ weekdays: ['sunday'], times: [{ start_time: '02:00', end_time: '04:00' }], location: 'UTC' }] },
      ],
    });
  });
});

describe('budgets: one row per instance', () => {
  it('gives 0.1% of 7d and 30d as time, per calendar month, week and day', () => {
    expect(budgetRows(model)).toEqual([
      {
        service: 'shop',
        slo: 'checkout-errors',
        env: 'staging',
        perGroup: [],
        title: 'Checkout errors',
        kind: 'events',
        objective: '99.9%',
        futureObjective: null,
        period: '7d',
        budgetShare: '0.1%',
        allowedPerPeriod: '10m5s', // 604.8 s
        allowedPerCalendarMonth: '43m50s', // 0.1% of 30.436875 d = 2629.7 s
        allowedPerWeek: '10m5s',
        allowedPerDay: '1m26s', // 86.4 s
        futureAllowedPerPeriod: null,
        plannedMaintenance: null,
        maintenanceFits: null,
      },
      {
        service: 'shop',
        slo: 'checkout-errors',
        env: 'production',
        perGroup: [],
        title: 'Checkout errors',
        kind: 'events',
        objective: '99.9%',
        futureObjective: null,
        period: '30d',
        budgetShare: '0.1%',
        allowedPerPeriod: '43m12s', // 2592 s
        allowedPerCalendarMonth: '43m50s',
        allowedPerWeek: '10m5s',
        allowedPerDay: '1m26s',
        futureAllowedPerPeriod: null,
        plannedMaintenance: null,
        maintenanceFits: null,
      },
    ]);
  });
});
