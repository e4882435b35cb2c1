/**
 * Pyrra's ServiceLevelObjective resources (pyrra.dev/v1alpha1) to sloforge catalog source. Pyrra
 * has no service: each Kubernetes namespace becomes one (`default` when none is given). The
 * indicators map as follows, each selector whole:
 * - ratio (errors over total): a ratio SLI;
 * - latency (a histogram's bucket at `le` over its count): a latency SLI of that histogram when the
 *   two select the same series but for `le`, else a ratio SLI of good (the bucket) over total;
 * - bool_gauge (a 0/1 gauge): a probe SLI, good time as Pyrra counts it;
 * - grouping: the SLO's groupBy (one SLO per group, as Pyrra's grouped objectives);
 * - window (1w to 4w, or days): the period; target: the objective.
 * latencyNative (native histograms) is refused by name: the catalog has no native-histogram SLI.
 * Alerting: disabled, or burnrates: false, is `alerting: 'none'`; absent: false is `noData: 'off'`;
 * Pyrra's alert name and severities are kept as annotations, with a warning (sloforge's alert names
 * and severities are its own).
 */
import { z } from 'zod';
import { isDuration, parseDuration, toPromDuration } from '../core/duration.js';
import { UserError } from '../core/errors.js';
import { call, commented, writeCatalogModule, type SourceValue } from './catalog-source.js';
import { importedId, kebab, type IdRegistry } from './imported-id.js';
import { labelNameProblem, parseShape, yamlDocuments } from './input.js';
import { plainSelector, sameMatchers, type CounterSelector } from './query-shapes.js';

const MAX_TEXT = 64 * 1024;
const text = z.string().max(MAX_TEXT, `longer than ${MAX_TEXT} characters`);
const query = z.strictObject({ metric: text.min(1, 'a selector is required') });
const grouping = z.array(z.string()).optional();
const resourceShape = z.looseObject({
  apiVersion: z.string(),
  kind: z.literal('ServiceLevelObjective'),
  metadata: z.looseObject({
    name: z.string().min(1, 'a name is required').max(253, 'longer than 253 characters'),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.strictObject({
    description: text.optional(),
    target: z.union([z.string(), z.number()], { error: 'a percentage such as "99.9" is required' }),
    window: z.string({ error: 'a window such as 4w or 28d is required' }),
    indicator: z.strictObject({
      ratio: z.strictObject({ errors: query, total: query, grouping }).optional(),
      latency: z.strictObject({ success: query, total: query, grouping }).optional(),
      latencyNative: z.unknown().optional(),
      bool_gauge: z.strictObject({ metric: text.min(1), grouping }).optional(),
    }),
    alerting: z
      .strictObject({
        disabled: z.boolean().optional(),
        burnrates: z.boolean().optional(),
        absent: z.boolean().optional(),
        name: text.optional(),
        absentName: text.optional(),
        severities: z.record(z.string(), z.string()).optional(),
      })
      .optional(),
    partial_response_strategy: z.string().optional(),
    performanceOverAccuracy: z.boolean().optional(),
    ruleOutput: z.unknown().optional(),
    shortRulesLabels: z.record(z.string(), z.string()).optional(),
    longRulesLabels: z.record(z.string(), z.string()).optional(),
    enableDescriptionAsLabel: z.boolean().optional(),
  }),
});
type PyrraSlo = z.infer<typeof resourceShape>;

export interface PyrraImport {
  source: string;
  warnings: string[];
  skipped: string[];
}

type Selector = CounterSelector;

function selector(metric: string, where: string, field: string): Selector {
  const parsed = plainSelector(metric, where, field);
  if (!parsed) throw new UserError(`${where}: field "${field}": cannot import "${metric.trim()}": Pyrra takes a selector, metric{label="value"}`);
  return parsed;
}

const selectorValue = (s: Selector): SourceValue => ({ metric: s.metric, matchers: s.matchers.map((m) => ({ label: m.label, op: m.op, value: m.value })) });

/** Pyrra's window as a catalog period: weeks become days (4w is 28d). */
function period(window: string, where: string): string {
  const days = /^(\d+)w$/.exec(window);
  const normalized = days ? `${Number(days[1]) * 7}d` : window;
  if (!isDuration(normalized)) throw new UserError(`${where}: field "spec.window": "${window}" is not a window such as 4w or 28d`);
  return toPromDuration(parseDuration(normalized));
}

function sliOf(indicator: PyrraSlo['spec']['indicator'], where: string, warnings: string[]): { sli: SourceValue; groupBy?: string[] } {
  const given = Object.entries(indicator).filter(([, v]) => v !== undefined);
  if (given.length !== 1) throw new UserError(`${where}: field "spec.indicator": give exactly one of ratio, latency, bool_gauge`);
  if (indicator.latencyNative !== undefined)
    throw new UserError(
      `${where}: field "spec.indicator.latencyNative": native histograms have no sloforge SLI yet; write the SLO on a classic histogram (latency)`,
    );
  const groupBy = (labels: string[] | undefined) => {
    for (const label of labels ?? []) {
      const problem = labelNameProblem(label);
      if (problem) throw new UserError(`${where}: field "spec.indicator.*.grouping": ${problem}`);
    }
    return labels?.length ? { groupBy: labels } : {};
  };
  if (indicator.ratio) {
    const total = selector(indicator.ratio.total.metric, where, 'spec.indicator.ratio.total.metric');
    const bad = selector(indicator.ratio.errors.metric, where, 'spec.indicator.ratio.errors.metric');
    return { sli: { kind: 'ratio', total: selectorValue(total), bad: selectorValue(bad) }, ...groupBy(indicator.ratio.grouping) };
  }
  if (indicator.latency) {
    const total = selector(indicator.latency.total.metric, where, 'spec.indicator.latency.total.metric');
    const success = selector(indicator.latency.success.metric, where, 'spec.indicator.latency.success.metric');
    const le = success.matchers.find((m) => m.label === 'le' && m.op === '=');
    const base = total.metric.replace(/_count$/, '');
    const histogram =
      le &&
      Number.isFinite(Number(le.value)) &&
      total.metric.endsWith('_count') &&
      success.metric === `${base}_bucket` &&
      sameMatchers(
        success.matchers.filter((m) => m !== le),
        total.matchers,
      );
    if (histogram) {
      warnings.push(`${where}: the histogram's bucket bounds are unknown; declare them in histogram.buckets (the dashboards' percentiles read them)`);
      return {
        sli: {
          kind: 'latency',
          histogram: { metric: base, buckets: [Number(le.value)], matchers: total.matchers.map((m) => ({ label: m.label, op: m.op, value: m.value })) },
          threshold: Number(le.value),
        },
        ...groupBy(indicator.latency.grouping),
      };
    }
    // Not one histogram's bucket over its count: good over total, each selector whole.
    return { sli: { kind: 'ratio', total: selectorValue(total), good: selectorValue(success) }, ...groupBy(indicator.latency.grouping) };
  }
  if (indicator.bool_gauge) {
    return {
      sli: { kind: 'probe', probe: selectorValue(selector(indicator.bool_gauge.metric, where, 'spec.indicator.bool_gauge.metric')) },
      ...groupBy(indicator.bool_gauge.grouping),
    };
  }
  throw new UserError(`${where}: field "spec.indicator": give one of ratio, latency, bool_gauge`);
}

function sloValue(resource: PyrraSlo, where: string, warnings: string[], ids: IdRegistry): { value: SourceValue; period: string } {
  const { spec } = resource;
  const objective = Number(spec.target);
  if (!(objective > 0 && objective < 100))
    throw new UserError(`${where}: field "spec.target": a percentage between 0 and 100, got ${JSON.stringify(spec.target)}`);
  const periodText = period(spec.window, where);
  const { sli, groupBy } = sliOf(spec.indicator, where, warnings);
  const id = importedId(resource.metadata.name, ids, where);
  if (!id) throw new UserError(`${where}: field "metadata.name": no letter or digit to make an SLO id of`);
  const alerting = spec.alerting ?? {};
  const silent = alerting.disabled === true || alerting.burnrates === false;
  if (alerting.name)
    warnings.push(`${where}: Pyrra's alert name ${JSON.stringify(alerting.name)} is kept as the annotation pyrra_alert: sloforge's alerts are named by tier`);
  if (alerting.severities) warnings.push(`${where}: Pyrra's severities are not carried: sloforge's severity is page or ticket (Alertmanager routes on it)`);
  const annotations = {
    ...(alerting.name ? { pyrra_alert: alerting.name } : {}),
    ...Object.fromEntries(Object.entries(alerting.severities ?? {}).map(([tier, severity]) => [`pyrra_severity_${tier}`, severity])),
  };
  const description = spec.description?.trim();
  const title = description ? description.split('\n')[0].slice(0, 200) : resource.metadata.name;
  return {
    period: periodText,
    value: {
      id: id.comment ? commented(id.id, id.comment) : id.id,
      title,
      ...(description ? { description } : {}),
      sli,
      objective,
      ...(groupBy ? { groupBy } : {}),
      ...(silent ? { alerting: commented('none', `Pyrra: alerting ${alerting.disabled ? 'disabled' : 'burnrates: false'}`) } : {}),
      ...(alerting.absent === false ? { noData: 'off' } : {}),
      ...(Object.keys(annotations).length ? { alertAnnotations: annotations } : {}),
    },
  };
}

/** The catalog source for every Pyrra ServiceLevelObjective in the given files. */
export function importPyrra(files: Array<{ path: string; text: string }>): PyrraImport {
  const warnings: string[] = [];
  const skipped: string[] = [];
  const services = new Map<string, { slos: Array<{ value: SourceValue; period: string }>; ids: IdRegistry }>();
  for (const file of files) {
    for (const { value, where } of yamlDocuments(file.text, file.path)) {
      const items =
        (value as { kind?: unknown }).kind === 'List' || (value as { kind?: unknown }).kind === 'ServiceLevelObjectiveList'
          ? ((value as { items?: unknown[] }).items ?? [])
          : [value];
      items.forEach((item, i) => {
        const itemWhere = items.length > 1 || item !== value ? `${where}, item ${i + 1}` : where;
        const kind = (item as { kind?: unknown } | null)?.kind;
        if (kind !== 'ServiceLevelObjective')
          throw new UserError(`${itemWhere}: not a Pyrra ServiceLevelObjective (kind: ServiceLevelObjective, apiVersion: pyrra.dev/v1alpha1)`);
        const name = String((item as { metadata?: { name?: unknown } }).metadata?.name ?? '?');
        const sloWhere = `${itemWhere}: ServiceLevelObjective ${JSON.stringify(name)}`;
        try {
          const resource = parseShape(resourceShape, item, () => sloWhere);
          if (!resource.apiVersion.startsWith('pyrra.dev/'))
            throw new UserError(`${sloWhere}: field "apiVersion": ${JSON.stringify(resource.apiVersion)} is not pyrra.dev/v1alpha1`);
          const service = kebab(resource.metadata.namespace ?? 'default') || 'default';
          const entry = services.get(service) ?? { slos: [] as Array<{ value: SourceValue; period: string }>, ids: new Map() as IdRegistry };
          entry.slos.push(sloValue(resource, sloWhere, warnings, entry.ids));
          services.set(service, entry);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          skipped.push(error.message);
        }
      });
    }
  }
  if (services.size === 0)
    throw new UserError(
      skipped.length > 0
        ? `no SLO could be imported:\n${skipped.map((s) => `  ${s}`).join('\n')}`
        : `${files.map((f) => f.path).join(', ')}: no ServiceLevelObjective found`,
    );
  const serviceValues = [...services].map(([name, { slos }]) => {
    // The most common window is the environment's period; the others are set per SLO.
    const periods = slos.map((s) => s.period);
    const common = [...new Set(periods)].sort((a, b) => periods.filter((p) => p === b).length - periods.filter((p) => p === a).length)[0];
    warnings.push(`service "${name}" (Kubernetes namespace): owner is "TODO-owner", edit it`);
    return call('service', {
      name,
      owner: 'TODO-owner',
      runbookBaseUrl: commented(`https://runbooks.example.com/${name}`, 'Imported from Pyrra: Pyrra has no runbook or dashboard URL; edit these.'),
      dashboardBaseUrl: 'https://grafana.example.com',
      environments: commented(
        [call('environment', 'production', { period: common, alerting: 'page-and-ticket', matchers: [] })],
        "Pyrra's selectors pick their own series (environment included): no matchers are added.",
      ),
      slos: slos.map((s) =>
        s.period === common ? s.value : { ...(s.value as Record<string, SourceValue>), environments: { production: { period: s.period } } },
      ),
    });
  });
  const source = writeCatalogModule({
    header: `Imported by sloforge import pyrra from ${files.map((f) => f.path).join(', ')}. Edit freely: this is the catalog now.`,
    root: call('catalog', ...serviceValues),
  });
  return { source, warnings, skipped };
}
