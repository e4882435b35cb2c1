/** A service's facts every plan of it shares: its info, its environments with their effective alerting, and each environment's matchers. */
import { type EnvironmentInput, type MatcherSpec, type ServiceSpec } from '../../catalog/schema.js';
import { type EffectiveAlerting, type ServiceInfo } from '../types.js';
import { scoped } from './sli.js';

export function serviceInfo(service: ServiceSpec): ServiceInfo {
  return {
    name: service.name,
    title: service.title || service.name,
    owner: service.owner,
    runbookBaseUrl: service.runbookBaseUrl,
    dashboardBaseUrl: service.dashboardBaseUrl,
    envLabel: service.envLabel,
    ...(service.deployments ? { deployments: scoped(service.deployments, service.matchers) } : {}),
  };
}

export type AlertingEnvironment = ServiceSpec['environments'][number] & { alerting: EffectiveAlerting };

/** Environments with an SLA (alerting other than 'none'). */
export function alertingEnvironments(service: ServiceSpec): AlertingEnvironment[] {
  return service.environments.filter((env): env is AlertingEnvironment => env.alerting !== 'none');
}

export function envScope(service: ServiceSpec, env: EnvironmentInput): MatcherSpec[] {
  return [...service.matchers, ...(env.matchers ?? [{ label: service.envLabel, op: '=', value: env.name }])];
}
