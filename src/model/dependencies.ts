/**
 * Dependencies between SLOs and the feasibility of each objective: a request that needs each of its
 * hard (serial) dependencies to succeed succeeds at most as often as all of them together, so the
 * product of their objectives bounds this SLO's objective (the SRE book's "calculus of availability").
 */
import { CatalogError } from '../catalog/catalog-error.js';
import type { ServiceSpec } from '../catalog/schema.js';
import { ONE, type Rational } from '../core/decimal.js';
import { formatMeasuredPercent, formatPercent, formatPercentAtMost } from '../core/format.js';
import type { DependencyEdge, FeasibilityCheck, SloPlan, SloRef } from './types.js';

/** Dependencies use more than this share of an SLO's error budget: feasible, but tight. */
const TIGHT_BUDGET_SHARE = 0.5;

const name = (ref: SloRef) => `${ref.service} ${ref.slo}`;
const key = (ref: SloRef) => `${ref.service}/${ref.slo}`;

/** Every declared dependency, checked: the SLO it names exists, and hard dependencies form no cycle. */
export function resolveDependencies(services: ServiceSpec[]): DependencyEdge[] {
  const known = new Set(services.flatMap((s) => s.slos.map((slo) => `${s.name}/${slo.id}`)));
  const problems: string[] = [];
  const edges: DependencyEdge[] = [];
  services.forEach((service, si) => {
    service.slos.forEach((slo, li) => {
      slo.dependsOn.forEach((dep, di) => {
        const to = { service: dep.service ?? service.name, slo: dep.slo };
        const where = `${slo.source ? `${slo.source}: ` : ''}service "${service.name}", SLO "${slo.id}", field "dependsOn[${di}]" (services[${si}].slos[${li}])`;
        if (to.service === service.name && to.slo === slo.id) problems.push(`${where}: an SLO cannot depend on itself`);
        else if (!known.has(key(to))) problems.push(`${where}: no SLO "${to.slo}" in service "${to.service}"`);
        else edges.push({ from: { service: service.name, slo: slo.id }, to, kind: dep.kind });
      });
    });
  });
  const cycle = findCycle(edges.filter((e) => e.kind === 'hard'));
  if (cycle) problems.push(`hard dependencies form a cycle: ${cycle.map(name).join(' → ')}; make one of them soft`);
  if (problems.length > 0) throw new CatalogError(problems);
  return edges;
}

function findCycle(edges: DependencyEdge[]): SloRef[] | undefined {
  const next = new Map<string, SloRef[]>();
  for (const e of edges) next.set(key(e.from), [...(next.get(key(e.from)) ?? []), e.to]);
  const state = new Map<string, 'open' | 'done'>();
  const visit = (ref: SloRef, path: SloRef[]): SloRef[] | undefined => {
    const k = key(ref);
    if (state.get(k) === 'open') return [...path.slice(path.findIndex((p) => key(p) === k)), ref];
    if (state.get(k) === 'done') return undefined;
    state.set(k, 'open');
    for (const to of next.get(k) ?? []) {
      const found = visit(to, [...path, ref]);
      if (found) return found;
    }
    state.set(k, 'done');
    return undefined;
  };
  for (const e of edges) {
    const found = visit(e.from, []);
    if (found) return found;
  }
  return undefined;
}

/** Each objective (active and future) of each instance with hard dependencies, against their product. */
export function feasibilityChecks(instances: SloPlan[], edges: DependencyEdge[], sources: Map<string, string | undefined> = new Map()): FeasibilityCheck[] {
  const byKey = new Map(instances.map((i) => [`${i.service.name}/${i.sloId}/${i.env}`, i]));
  const checks: FeasibilityCheck[] = [];
  for (const instance of instances) {
    const hard = edges.filter((e) => e.kind === 'hard' && e.from.service === instance.service.name && e.from.slo === instance.sloId);
    // A dependency without an SLA in this environment bounds nothing there.
    const deps = hard.map((e) => byKey.get(`${e.to.service}/${e.to.slo}/${instance.env}`)).filter((d): d is SloPlan => d !== undefined);
    if (deps.length === 0) continue;
    const objectives: Array<[string, Rational, (d: SloPlan) => Rational]> = [['active', instance.objective, (d) => d.objective]];
    if (instance.future) objectives.push([instance.future.label, instance.future.objective, (d) => d.future?.objective ?? d.objective]);
    for (const [label, objective, depObjective] of objectives) {
      const dependencies = deps.map((d) => ({ service: d.service.name, slo: d.sloId, objective: depObjective(d) }));
      const bound = dependencies.reduce((product, d) => product.mul(d.objective), ONE);
      const budget = ONE.sub(objective);
      const budgetShare = budget.isZero() ? Infinity : ONE.sub(bound).div(budget).toNumber();
      const status = objective.cmp(bound) > 0 ? 'infeasible' : budgetShare > TIGHT_BUDGET_SHARE ? 'tight' : 'ok';
      const what = `${instance.service.name} ${instance.sloId} ${formatPercent(objective)}${label === 'active' ? '' : ` (${label})`} in ${instance.env}`;
      const needs = dependencies.map((d) => `${name(d)} ${formatPercent(d.objective)}`).join(' and ');
      const message =
        status === 'infeasible'
          ? `${what} needs ${needs}: at most ${formatPercentAtMost(bound)} is achievable`
          : `${what} needs ${needs}: at most ${formatPercentAtMost(bound)} is achievable; their failures alone use ${formatMeasuredPercent(budgetShare, 0)} of the ${formatPercent(budget)} error budget`;
      checks.push({
        service: instance.service.name,
        slo: instance.sloId,
        env: instance.env,
        objectiveLabel: label,
        objective,
        bound,
        dependencies,
        status,
        budgetShare,
        message,
        source: sources.get(`${instance.service.name}/${instance.sloId}`),
      });
    }
  }
  return checks;
}

/** Infeasible active objectives are catalog errors, naming the chain (a future objective's is a warning: a target for later). */
export function assertFeasible(checks: FeasibilityCheck[]): void {
  const infeasible = checks.filter((c) => c.status === 'infeasible' && c.objectiveLabel === 'active');
  if (infeasible.length === 0) return;
  throw new CatalogError(
    infeasible.map(
      (c) =>
        `${c.source ? `${c.source}: ` : ''}service "${c.service}", SLO "${c.slo}", field "dependsOn": ${c.message}; lower the objective, or make a dependency soft (it degrades gracefully) or more reliable`,
    ),
  );
}

/** The dependency tree under each SLO that has dependencies, as text lines. */
export function dependencyTree(edges: DependencyEdge[], checks: FeasibilityCheck[]): string[] {
  const roots = [...new Map(edges.map((e) => [key(e.from), e.from])).values()].filter((from) => !edges.some((e) => key(e.to) === key(from)));
  const lines: string[] = [];
  const verdicts = (ref: SloRef, indent: string) => {
    for (const c of checks.filter((c) => key(c) === key(ref))) lines.push(`${indent}${c.status === 'ok' ? 'ok' : c.status}: ${c.message}`);
  };
  const walk = (ref: SloRef, prefix: string, seen: Set<string>) => {
    const children = edges.filter((e) => key(e.from) === key(ref));
    children.forEach((e, i) => {
      const last = i === children.length - 1;
      const below = `${prefix}${last ? '    ' : '│   '}`;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${e.kind} ${name(e.to)}`);
      if (!seen.has(key(e.to))) walk(e.to, below, new Set([...seen, key(e.to)]));
      verdicts(e.to, `${below}  `);
    });
  };
  for (const root of roots) {
    lines.push(name(root));
    walk(root, '', new Set([key(root)]));
    verdicts(root, '  ');
  }
  return lines;
}
