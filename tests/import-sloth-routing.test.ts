/**
 * The Sloth-compatible identity keeps routing working (issue "Migrations people trust", point 3):
 * for routing trees of the shapes Sloth's users write (Sloth sets the team's alert labels for
 * routing: `severity`, `routing_key`, `slack_channel`, its own `sloth_*` labels and the alert name),
 * the real amtool (`amtool config routes test`) sends every alert of the imported SLO to the receiver
 * that Sloth's own alert of the same severity reaches.
 *
 * Sloth's alerts, written here from Sloth's published output for its getting-started spec
 * (examples/_gen/getting-started.yml; the spec is tests/fixtures/sloth/myservice.yml): one alert per
 * severity, named MyServiceHighErrorRate, with the recorded series' labels (the spec's service
 * labels and sloth_id, sloth_service, sloth_slo) and the alert rule's (the alerting, page_alert or
 * ticket_alert labels and sloth_severity). sloforge's alerts are read from the rule file `generate`
 * writes for the imported catalog: every alerting rule, its labels and name.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { AlertingRule, RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { PROJECT_ROOT, run, sloforge, tempDir } from './helpers/tools.js';

const SLOTH_SERIES = {
  owner: 'myteam',
  repo: 'myorg/myservice',
  tier: '2',
  sloth_id: 'myservice-requests-availability',
  sloth_service: 'myservice',
  sloth_slo: 'requests-availability',
};
const SLOTH_ALERTS = {
  page: {
    alertname: 'MyServiceHighErrorRate',
    ...SLOTH_SERIES,
    category: 'availability',
    routing_key: 'myteam',
    severity: 'pageteam',
    sloth_severity: 'page',
  },
  ticket: {
    alertname: 'MyServiceHighErrorRate',
    ...SLOTH_SERIES,
    category: 'availability',
    severity: 'slack',
    slack_channel: '#alerts-myteam',
    sloth_severity: 'ticket',
  },
};

const receivers = (...names: string[]) => names.map((name) => ({ name }));

/** Routing trees as Sloth's users write them, each with a page receiver and a ticket receiver that differ. */
const TREES: Record<string, { route: Record<string, unknown>; receivers: Array<{ name: string }> }> = {
  "on the team's severity values": {
    route: {
      receiver: 'fallback',
      routes: [
        { matchers: ['severity="pageteam"'], receiver: 'pagerduty-myteam' },
        { matchers: ['severity="slack"'], receiver: 'slack-myteam' },
      ],
    },
    receivers: receivers('fallback', 'pagerduty-myteam', 'slack-myteam'),
  },
  'on routing_key and slack_channel': {
    route: {
      receiver: 'fallback',
      routes: [
        { matchers: ['routing_key="myteam"'], receiver: 'myteam-oncall' },
        { matchers: ['slack_channel=~"#alerts-.+"'], receiver: 'team-channel' },
      ],
    },
    receivers: receivers('fallback', 'myteam-oncall', 'team-channel'),
  },
  "on Sloth's own labels": {
    route: {
      receiver: 'fallback',
      routes: [
        {
          matchers: ['sloth_service="myservice"'],
          receiver: 'myservice-default',
          routes: [
            { matchers: ['sloth_severity="page"', 'sloth_slo=~"requests-.*"'], receiver: 'myservice-page' },
            { matchers: ['sloth_severity="ticket"'], receiver: 'myservice-ticket' },
          ],
        },
      ],
    },
    receivers: receivers('fallback', 'myservice-default', 'myservice-page', 'myservice-ticket'),
  },
  'on the alert name, the category and sloth_id, then the severity': {
    route: {
      receiver: 'fallback',
      routes: [
        {
          matchers: ['alertname="MyServiceHighErrorRate"', 'category="availability"', 'sloth_id="myservice-requests-availability"'],
          receiver: 'availability-tickets',
          routes: [{ matchers: ['sloth_severity="page"', 'owner="myteam"'], receiver: 'availability-pages' }],
        },
      ],
    },
    receivers: receivers('fallback', 'availability-tickets', 'availability-pages'),
  },
};

/** The receivers amtool routes these labels to in this tree. */
function routeOf(config: string, labels: Record<string, string>): string {
  const result = run('amtool', ['config', 'routes', 'test', `--config.file=${config}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim();
}

describe('import sloth: routes written for Sloth’s alerts route the imported alerts the same way (amtool)', () => {
  const dir = tempDir();
  const catalog = path.join(dir, 'catalog.ts');
  const imported = sloforge(['import', 'sloth', path.join(PROJECT_ROOT, 'tests/fixtures/sloth/myservice.yml'), '--out', catalog], dir);
  const generated = sloforge(['generate', '--catalog', catalog, '--out', dir], dir);
  const rules = () =>
    (parse(readFileSync(path.join(dir, 'alerts/myservice/production/requests-availability.rules.yml'), 'utf8')) as { groups: RuleGroup[] }).groups
      .flatMap((g) => g.rules)
      .filter((r): r is AlertingRule => 'alert' in r);
  /** The Workbook's tiers: which windows page and which raise a ticket (as Sloth's page and ticket alerts). */
  const TIER_OF_WINDOWS: Record<string, 'page' | 'ticket'> = { '1h/5m': 'page', '6h/30m': 'page', '1d/2h': 'ticket', '3d/6h': 'ticket' };
  /** Every burn-rate alert sloforge writes (by its windows), with the tier its Sloth counterpart has. */
  const sloforgeAlerts = () =>
    rules()
      .filter((r) => r.annotations.burn_window)
      .map((r) => ({ tier: TIER_OF_WINDOWS[r.annotations.burn_window], labels: { alertname: r.alert, ...r.labels } }));

  it('imports and generates four burn-rate alerts, two of each tier', () => {
    expect(imported.status, imported.stderr).toBe(0);
    expect(generated.status, generated.stderr).toBe(0);
    expect(
      sloforgeAlerts()
        .map((a) => a.tier)
        .sort(),
    ).toEqual(['page', 'page', 'ticket', 'ticket']);
  });

  it.each(Object.keys(TREES))('a tree %s', (name) => {
    const config = path.join(dir, `${name.replace(/\W+/g, '-')}.yml`);
    writeFileSync(config, stringify(TREES[name]));
    const slothRoute = { page: routeOf(config, SLOTH_ALERTS.page), ticket: routeOf(config, SLOTH_ALERTS.ticket) };
    // The tree tells the tiers apart, and Sloth's alerts reach neither the fallback nor each other's receiver.
    expect(slothRoute.page).not.toBe(slothRoute.ticket);
    expect([slothRoute.page, slothRoute.ticket]).not.toContain('fallback');
    const alerts = sloforgeAlerts();
    expect(alerts).toHaveLength(4);
    for (const alert of alerts) expect(routeOf(config, alert.labels), JSON.stringify(alert.labels)).toBe(slothRoute[alert.tier]);
  });

  it("sloforge's own generated routing sends the imported alerts to the service's page and ticket receivers, and inhibits tickets under a page", () => {
    const config = path.join(dir, 'generated/alertmanager/alertmanager.yml');
    expect(run('amtool', ['check-config', config]).status).toBe(0);
    expect(sloforgeAlerts()).toHaveLength(4);
    for (const alert of sloforgeAlerts()) expect(routeOf(config, alert.labels)).toBe(`myservice-${alert.tier}`);
    const inhibit = (parse(readFileSync(config, 'utf8')) as { inhibit_rules: Array<{ source_matchers: string[]; target_matchers: string[] }> }).inhibit_rules;
    expect(inhibit).toContainEqual(expect.objectContaining({ source_matchers: ['sloth_severity="page"'], target_matchers: ['sloth_severity="ticket"'] }));
  });
});
