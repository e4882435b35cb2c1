/** Names derived from ids: rule groups, alert names, dashboard uids, URLs. */
import type { BurnRateTier } from './burn-rate.js';

export function alertName(tier: Pick<BurnRateTier, 'longWindow' | 'shortWindow'>): string {
  return `SLOBurnRate${tier.longWindow}${tier.shortWindow}`;
}

export function windowPair(tier: Pick<BurnRateTier, 'longWindow' | 'shortWindow'>): string {
  return `${tier.longWindow}/${tier.shortWindow}`;
}

/** Grafana uid of a service's SLO dashboard: at most 40 characters of [a-zA-Z0-9_-]. */
export function serviceDashboardUid(service: string): string {
  return `slo-${service}`.slice(0, 40);
}

export function ruleGroupName(service: string, env: string, sloId: string): string {
  return `sloforge:${service}:${env}:${sloId}`;
}

function joinUrl(base: string, suffix: string): string {
  return `${base.replace(/\/+$/, '')}/${suffix}`;
}

export function runbookUrl(base: string, sloId: string): string {
  return joinUrl(base, sloId);
}

export function dashboardUrl(base: string, service: string, env: string, sloId: string): string {
  const query = new URLSearchParams({ 'var-env': env, 'var-slo': sloId });
  return `${joinUrl(base, `d/${serviceDashboardUid(service)}/${service}-slos`)}?${query.toString()}`;
}
