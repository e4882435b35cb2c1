/** Composite (journey) SLOs linked to the plans of their components. */
import { CatalogError } from '../../catalog/catalog-error.js';
import { type ServiceSpec } from '../../catalog/schema.js';
import { type ResolvedSli, type SloPlan } from '../types.js';

/**
 * Each composite instance gets its components' plans in the same environment. A component must
 * exist there, alert on burn rates over the same rolling period (so that it records the same
 * windows), and be neither grouped nor composite itself.
 */
export function linkComposites(services: ServiceSpec[], instances: SloPlan[]): void {
  const byKey = new Map(instances.map((i) => [`${i.service.name}/${i.sloId}/${i.env}`, i]));
  const problems: string[] = [];
  for (const service of services) {
    service.slos.forEach((slo, li) => {
      if (slo.sli.kind !== 'composite') return;
      const spec = slo.sli;
      for (const instance of instances.filter((i) => i.service.name === service.name && i.sloId === slo.id)) {
        if (instance.sli.kind !== 'composite') continue;
        const where = `${slo.source ? `${slo.source}: ` : ''}service "${service.name}", SLO "${slo.id}" (${instance.env})`;
        if (instance.calendar) problems.push(`${where}, field "period": a composite SLO keeps a rolling period (its components' windows)`);
        spec.components.forEach((c, ci) => {
          const field = `field "sli.components[${ci}]" (services[${services.indexOf(service)}].slos[${li}])`;
          const plan = byKey.get(`${c.service ?? service.name}/${c.slo}/${instance.env}`);
          const name = `${c.service ?? service.name} ${c.slo}`;
          if (!plan) return void problems.push(`${where}, ${field}: no SLO ${name} in ${instance.env}`);
          if (plan.sli.kind === 'composite' || plan.alertPolicy.kind !== 'burn-rate' || plan.groupBy.length > 0 || plan.calendar)
            return void problems.push(
              `${where}, ${field}: ${name} must be a burn-rate SLO without groups or a calendar period (not composite, zero-tolerance, batch or freshness)`,
            );
          if (plan.periodSeconds !== instance.periodSeconds)
            return void problems.push(`${where}, ${field}: ${name} has a ${plan.period} period, the journey ${instance.period}: they must match`);
          (instance.sli as Extract<ResolvedSli, { kind: 'composite' }>).components.push({
            service: plan.service.name,
            slo: plan.sloId,
            weight: c.weight,
            plan,
          });
        });
      }
    });
  }
  if (problems.length > 0) throw new CatalogError(problems);
}
