/**
 * The names every part of sloforge shares, in one place (after Sloth's conventions package):
 * recorded series, alert names, rule groups, identity labels and selectors, dashboard uids, URLs.
 */
import { createHash } from 'node:crypto';
import { formatLabels } from '../core/promql.js';
import { DAY } from '../core/time.js';

/** Names of the series sloforge records. Dashboards and reports read these. */
export const SERIES = {
  badEventsRate5m: 'slo:sli_bad_events:rate5m',
  totalEventsRate5m: 'slo:sli_total_events:rate5m',
  /** Bad or total events per second over a window that longer windows are tiled from. */
  eventsRate: (kind: 'bad' | 'total', window: string) => `slo:sli_${kind}_events:rate${window}`,
  errorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
  objective: 'slo:objective:ratio',
  objectiveFuture: 'slo:objective_future:ratio',
  errorBudgetRemainingFuture: 'slo:error_budget_remaining_future:ratio',
  errorBudget: 'slo:error_budget:ratio',
  periodSeconds: 'slo:period:seconds',
  sliOverPeriod: 'slo:sli:ratio_period',
  errorBudgetRemaining: 'slo:error_budget_remaining:ratio',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  /** Each burn-rate tier's factor, with labels severity, long_window and short_window: what the alert fires above. */
  burnRateThreshold: 'slo:burn_rate_threshold:ratio',
  /** How long the SLO's rates have been recorded (up to its longest long window), read off the 5m rate at fixed offsets: a young window's share of data. */
  observedSeconds: 'slo:sli_observed:seconds',
  /** A calendar SLO's 5m event rates, kept only in the periods whose number modulo 3 is the label period_residue. */
  calendarEvents: (kind: 'bad' | 'total') => `slo:sli_${kind}_events:rate5m_calendar`,
  /** A calendar SLO's error ratio since the start of the current month (quarter). */
  calendarErrorRatio: 'slo:sli_error:ratio_calendar_period',
  /** 1 per SLO instance and capacity target, labelled with what the overview filters and links by (INFO_LABELS). */
  info: 'slo:info',
  capacityLoad: 'capacity:load',
  capacityTarget: 'capacity:target',
  capacityUtilization: 'capacity:utilization:ratio',
} as const;

// The label names have their home in core/labels.ts (the catalog checks user labels against them).
import { INFO_LABELS, SLOTH_SEVERITY_LABEL, TIER_LABELS } from '../core/labels.js';
export { INFO_LABELS, PERIOD_RESIDUE_LABEL, TIER_LABELS } from '../core/labels.js';

/** The window every recorded rate starts from. */
export const BASE_WINDOW = '5m';

/** An untiled window (no whole divisor, or a probe or freshness SLI) at or above this sums the recorded 5m rates (sum_over_time) instead of reading raw series. */
export const LONG_WINDOW_SECONDS = DAY;

export const ALERT_NAMES = {
  zeroTolerance: 'SLOZeroToleranceBreach',
  batchRunTooSlow: 'SLOBatchRunTooSlow',
  budgetExhausted: 'SLOErrorBudgetExhausted',
  batchRunMissed: 'SLOBatchRunMissed',
  batchRunFailed: 'SLOBatchRunFailed',
  dataMissing: 'SLODataMissing',
  capacityHeadroom: 'CapacityHeadroomLow',
  capacityVolumeLow: 'CapacityVolumeLow',
} as const;

/** The labels that identify an SLO instance (or capacity target) on every rule, series and alert. */
// A type alias, not an interface, so that it is assignable to Record<string, string>.
export type IdentityLabels = { service: string; slo: string; env: string };

export { IDENTITY_LABEL_NAMES } from '../core/labels.js';

/** {service="…",slo="…",env="…"}, values escaped. Dashboard variables ($slo) pass through unchanged. */
export function identitySelector(labels: IdentityLabels): string {
  return `{${formatLabels({ service: labels.service, slo: labels.slo, env: labels.env })}}`;
}

/** A recorded series of one SLO instance: name{service,slo,env}. */
export function seriesRef(metric: string, labels: IdentityLabels): string {
  return seriesRefsOf(labels)(metric);
}

/** seriesRef for the many series of one instance: its selector is written once. */
export function seriesRefsOf(labels: IdentityLabels): (metric: string) => string {
  const selector = identitySelector(labels);
  return (metric) => `${metric}${selector}`;
}

export interface WindowPair {
  longWindow: string;
  shortWindow: string;
}

export function burnRateAlertName(tier: WindowPair): string {
  return `SLOBurnRate${tier.longWindow}${tier.shortWindow}`;
}

/** The label holding an alert's tier (page or ticket) under an SLO's alert identity. */
export function tierLabel(identity: AlertIdentity): string {
  return identity.style === 'sloth' ? SLOTH_SEVERITY_LABEL : TIER_LABELS.severity;
}

/** A burn-rate tier's alert name under an SLO's alert identity: Sloth's is one name for every tier. */
export function tierAlertName(identity: AlertIdentity, tier: WindowPair): string {
  return identity.style === 'sloth' ? identity.alertName : burnRateAlertName(tier);
}

/**
 * PromQL: the ALERTS of one tier with these labels. With `sloth`, also those of SLOs with Sloth's
 * identity (the tier in sloth_severity; their `severity` is the team's own, so sloforge's form
 * there asks that sloth_severity be absent).
 */
export function tierAlerts(tier: string, labels: Record<string, string>, sloth: boolean): string {
  const own = `ALERTS{${formatLabels({ ...labels, [TIER_LABELS.severity]: tier })}}`;
  if (!sloth) return own;
  return `(ALERTS{${formatLabels({ ...labels, [TIER_LABELS.severity]: tier, [SLOTH_SEVERITY_LABEL]: '' })}} or ALERTS{${formatLabels({ ...labels, [SLOTH_SEVERITY_LABEL]: tier })}})`;
}

export function windowPair(tier: WindowPair): string {
  return `${tier.longWindow}/${tier.shortWindow}`;
}

/** Grafana's limit on a dashboard uid. */
const MAX_UID_LENGTH = 40;

/**
 * Grafana uid of a service's SLO dashboard: slo-<service> when it fits in 40 characters, otherwise a
 * prefix of the name and a hash of the whole name, so that long names never share a uid.
 */
export function serviceDashboardUid(service: string): string {
  const plain = `slo-${service}`;
  if (plain.length <= MAX_UID_LENGTH) return plain;
  const hash = createHash('sha256').update(service).digest('hex').slice(0, 8);
  return `${plain.slice(0, MAX_UID_LENGTH - hash.length - 1)}-${hash}`;
}

export const OVERVIEW_DASHBOARD_UID = 'slo-overview';

export function ruleGroupName(labels: IdentityLabels): string {
  return `sloforge:${labels.service}:${labels.env}:${labels.slo}`;
}

function joinUrl(base: string, suffix: string): string {
  return `${base.replace(/\/+$/, '')}/${suffix}`;
}

export function runbookUrl(base: string, sloId: string): string {
  return joinUrl(base, sloId);
}

/**
 * The panel of a capacity target on its service dashboard: a fixed id, so that the ticket's
 * link opens that panel (viewPanel) rather than SLO rows that have no data for a target.
 */
export function capacityPanelId(position: number): number {
  return 900 + position;
}

/** The labels of an instance's info series: what the overview filters by (owner) and links to (dashboard uid, panel). */
export function infoLabels(labels: IdentityLabels, owner: string, kind: 'slo' | 'capacity', panel?: number): Record<string, string> {
  return {
    ...labels,
    [INFO_LABELS.owner]: owner,
    [INFO_LABELS.dashboardUid]: serviceDashboardUid(labels.service),
    [INFO_LABELS.kind]: kind,
    ...(panel !== undefined ? { [INFO_LABELS.panel]: String(panel) } : {}),
  };
}

/** The link from an alert to its view: the service dashboard with the environment and SLO preselected, or the target's panel. */
export function dashboardUrl(base: string, labels: IdentityLabels, viewPanel?: number): string {
  const query = new URLSearchParams({ 'var-env': labels.env, 'var-slo': labels.slo, ...(viewPanel !== undefined ? { viewPanel: String(viewPanel) } : {}) });
  return `${joinUrl(base, `d/${serviceDashboardUid(labels.service)}/${labels.service}-slos`)}?${query.toString()}`;
}

/**
 * How often the series only dashboards and reports read (the period SLI, the budget left,
 * metadata) are evaluated. 4m, not 5m: Prometheus looks back 5m for an instant sample, so a 5m
 * cadence would flicker "no data" whenever an evaluation runs late.
 */
export const REPORTING_INTERVAL = '4m';

/**
 * Whose names and labels an SLO's alerts carry. `sloth`: Sloth's alert name for every burn-rate
 * tier, the tier in sloth_severity, Sloth's title and summary annotations (overridden per tier).
 */
export type AlertIdentity =
  { style: 'sloforge' } | { style: 'sloth'; alertName: string; annotations: { page: Record<string, string>; ticket: Record<string, string> } };
