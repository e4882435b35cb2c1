/**
 * Alertmanager routing generated from the catalog: routes by severity, grouping by
 * service/slo/env, page-inhibits-ticket, and maintenance windows as mute time intervals.
 * Receivers are placeholders that read credentials from files: no secret in the output.
 */
import { parseDuration } from '../../core/duration.js';
import { formatMatcher } from '../../core/promql.js';
import { HOUR, MINUTE } from '../../core/time.js';
import type { Severity } from '../../model/burn-rate.js';
import { IDENTITY_LABEL_NAMES, TIER_LABELS } from '../../model/conventions.js';
import { SLOTH_SEVERITY_LABEL } from '../../core/labels.js';
import type { AlertIdentity, EnvironmentInfo, MaintenanceWindowSpec, ResolvedCatalog } from '../../model/types.js';

interface Timing {
  group_wait: string;
  group_interval: string;
  repeat_interval: string;
}

/**
 * Pages go out fast and repeat every few hours; tickets batch up and repeat daily. A page's group
 * outlives its resolution (Prometheus keeps sending the resolved alert for 15 minutes), and a new
 * alert in a living group waits for the group interval: 30s, so that a repeat page is delivered
 * within a minute of firing, as a first one is (group_wait).
 */
const SEVERITY_TIMING: Record<Severity, Timing> = {
  page: { group_wait: '30s', group_interval: '30s', repeat_interval: '4h' },
  ticket: { group_wait: '5m', group_interval: '30m', repeat_interval: '24h' },
};

const GROUP_BY: string[] = [...IDENTITY_LABEL_NAMES];
const DEFAULT_RECEIVER = 'sloforge-default';

export interface Route {
  receiver?: string;
  matchers?: string[];
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  mute_time_intervals?: string[];
  continue?: boolean;
  routes?: Route[];
}

interface Receiver {
  name: string;
  [config: string]: unknown;
}

interface TimeInterval {
  name: string;
  time_intervals: Array<{ weekdays: string[]; times: Array<{ start_time: string; end_time: string }>; location: string }>;
}

interface InhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  equal: string[];
}

/** What sloforge owns: a subtree to put under any root route, and what it refers to. */
export interface RoutingFragment {
  route: Route;
  receivers: Receiver[];
  inhibit_rules: InhibitRule[];
  time_intervals: TimeInterval[];
}

// Alertmanager's matchers quote and escape values as PromQL does.
const matcher = (label: string, value: string) => formatMatcher({ label, op: '=', value });

function receiverName(service: string, severity: Severity): string {
  return `${service}-${severity}`;
}

function timeIntervalName(service: string, window: MaintenanceWindowSpec): string {
  return `${service}-${window.name}`;
}

function clock(secondsOfDay: number): string {
  return `${String(Math.floor(secondsOfDay / HOUR)).padStart(2, '0')}:${String(Math.floor((secondsOfDay % HOUR) / MINUTE)).padStart(2, '0')}`;
}

function maintenanceTimeInterval(service: string, window: MaintenanceWindowSpec): TimeInterval {
  const [h, m] = window.start.split(':').map(Number);
  const start = h * HOUR + m * MINUTE;
  const end = start + parseDuration(window.duration);
  return {
    name: timeIntervalName(service, window),
    time_intervals: [{ weekdays: window.weekdays, times: [{ start_time: clock(start), end_time: clock(end) }], location: 'UTC' }],
  };
}

/** The catalog's receivers, else placeholders: PagerDuty for pages, Slack and a ticketing webhook for tickets. */
function receivers(service: string, given: ResolvedCatalog['receivers'][string] | undefined): Receiver[] {
  return [
    {
      name: receiverName(service, 'page'),
      ...(given?.page ?? { pagerduty_configs: [{ routing_key_file: `/etc/alertmanager/secrets/${service}-pagerduty-routing-key`, send_resolved: true }] }),
    },
    {
      name: receiverName(service, 'ticket'),
      ...(given?.ticket ?? {
        slack_configs: [{ api_url_file: `/etc/alertmanager/secrets/${service}-slack-webhook-url`, channel: `#${service}-slo-tickets`, send_resolved: true }],
        webhook_configs: [{ url: `http://ticket-bridge.invalid/${service}`, send_resolved: true }],
      }),
    },
  ];
}

/** Severities an environment can raise. */
function severities(env: EnvironmentInfo): Severity[] {
  return env.alerting === 'page-and-ticket' ? ['page', 'ticket'] : env.alerting === 'ticket-only' ? ['ticket'] : [];
}

/**
 * Matchers of one tier's alerts under one identity. Where some SLOs carry Sloth's identity, their
 * `severity` is the team's own value, so sloforge's form also asks that sloth_severity be absent.
 */
function tierMatchers(identity: AlertIdentity['style'], tier: Severity, slothPresent: boolean): string[] {
  if (identity === 'sloth') return [matcher(SLOTH_SEVERITY_LABEL, tier)];
  return [matcher(TIER_LABELS.severity, tier), ...(slothPresent ? [matcher(SLOTH_SEVERITY_LABEL, '')] : [])];
}

/**
 * The identities of these instances' alerts: sloforge's always (capacity and sloforge's own alerts),
 * Sloth's first where some carry it, so that its leaves match before sloforge's.
 */
function identities(instances: ResolvedCatalog['instances']): Array<AlertIdentity['style']> {
  return instances.some((i) => i.alertIdentity.style === 'sloth') ? ['sloth', 'sloforge'] : ['sloforge'];
}

export function routingFragment(model: ResolvedCatalog): RoutingFragment {
  const services = [...new Set(model.environments.map((e) => e.service))];
  const slothPresent = model.instances.some((i) => i.alertIdentity.style === 'sloth');
  const routes: Route[] = services.map((service) => {
    const envs = model.environments.filter((e) => e.service === service);
    const leaves: Route[] = envs.flatMap((env) => {
      const styles = identities(model.instances.filter((i) => i.service.name === service && i.env === env.name));
      return styles.flatMap((style) =>
        severities(env).map((severity) => ({
          matchers: [matcher('env', env.name), ...tierMatchers(style, severity, slothPresent)],
          receiver: receiverName(service, severity),
          ...SEVERITY_TIMING[severity],
          // Mute timings are not inherited by child routes, so each leaf carries its own.
          ...(env.maintenance.length ? { mute_time_intervals: env.maintenance.map((w) => timeIntervalName(service, w)) } : {}),
        })),
      );
    });
    return { matchers: [matcher('service', service)], receiver: receiverName(service, 'ticket'), group_by: GROUP_BY, routes: leaves };
  });
  return {
    route: routes.length === 1 ? routes[0] : { routes, continue: false },
    receivers: services.flatMap((service) => receivers(service, Object.hasOwn(model.receivers, service) ? model.receivers[service] : undefined)),
    // A page already tells the on-call: the ticket of the same SLO and environment adds nothing.
    inhibit_rules: identities(model.instances).map((style) => ({
      source_matchers: tierMatchers(style, 'page', slothPresent),
      target_matchers: tierMatchers(style, 'ticket', slothPresent),
      equal: GROUP_BY,
    })),
    time_intervals: model.environments.flatMap((env) => env.maintenance.map((w) => maintenanceTimeInterval(env.service, w))),
  };
}

/** A complete, standalone configuration: the fragment under a root route with a no-op default receiver. */
export function alertmanagerConfig(model: ResolvedCatalog): Record<string, unknown> {
  const fragment = routingFragment(model);
  const serviceRoutes = fragment.route.routes && !fragment.route.matchers ? fragment.route.routes : [fragment.route];
  return {
    route: { receiver: DEFAULT_RECEIVER, group_by: ['alertname', ...GROUP_BY], routes: serviceRoutes },
    receivers: [{ name: DEFAULT_RECEIVER }, ...fragment.receivers],
    inhibit_rules: fragment.inhibit_rules,
    ...(fragment.time_intervals.length ? { time_intervals: fragment.time_intervals } : {}),
  };
}
