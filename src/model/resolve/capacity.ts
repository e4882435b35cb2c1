/** Capacity targets resolved per environment. */
import { type CapacitySpec, type ServiceSpec } from '../../catalog/schema.js';
import { capacityPanelId, dashboardUrl, runbookUrl } from '../conventions.js';
import { type CapacityInstance } from '../types.js';
import { alertingEnvironments, envScope, serviceInfo } from './service.js';
import { scoped } from './sli.js';

export function resolveCapacities(service: ServiceSpec): CapacityInstance[] {
  const info = serviceInfo(service);
  return service.capacity.flatMap((capacity: CapacitySpec, position: number) =>
    alertingEnvironments(service).map((env) => ({
      service: info,
      id: capacity.id,
      title: capacity.title,
      description: capacity.description,
      source: capacity.source,
      env: env.name,
      kind: capacity.kind,
      load: { ...capacity.load, selector: scoped(capacity.load.selector, envScope(service, env)) },
      target: capacity.target,
      unit: capacity.unit,
      headroom: capacity.headroom,
      floorShare: capacity.floorShare,
      for: capacity.for,
      labels: { service: service.name, slo: capacity.id, env: env.name },
      runbookUrl: runbookUrl(service.runbookBaseUrl, capacity.id),
      dashboardUrl: dashboardUrl(service.dashboardBaseUrl, { service: service.name, slo: capacity.id, env: env.name }, capacityPanelId(position)),
      panelId: capacityPanelId(position),
    })),
  );
}
