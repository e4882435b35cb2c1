/**
 * OpenSLO openslo/v1 documents (Service, SLO, SLI, AlertPolicy, AlertCondition, DataSource; inline
 * or referenced) to sloforge catalog source. Ratio metrics of Prometheus counters become ratio SLIs
 * (a histogram's _bucket over _count a latency SLI), raw ratio queries raw SLIs, threshold metrics
 * on Timeslices a probe (probe_success ≥ 1) or a batch freshness (time() − last success ≤ max age);
 * rolling and calendar (1M, 1Q) windows, Occurrences and Timeslices budgeting, target and
 * targetPercent, burn-rate alert conditions where they match the Workbook tiers. sloforge.dev/*
 * annotations (written by `sloforge export openslo`) restore what OpenSLO has no field for.
 * Anything else is an error naming the file, the SLO and the field.
 */
import { Rational } from '../core/decimal.js';
import { UserError } from '../core/errors.js';
import { OPENSLO_ANNOTATION } from '../core/openslo-annotations.js';
import { call, writeCatalogModule, type SourceValue } from './catalog-source.js';
import { parseShape } from './input.js';
import { importedId, kebab, type IdRegistry } from './imported-id.js';
import { Index, type Json, type OpenSloDocument, annotationJson, documentsOf, sloSpecShape } from './openslo/documents.js';
import { alertFields, periodOf } from './openslo/periods.js';
import { sliFields } from './openslo/sli.js';

export interface OpenSloImport {
  source: string;
  warnings: string[];
  /** SLOs left out, each with where it is and why. */
  skipped: string[];
}

interface SloDraft {
  service: string;
  period: string;
  timeZone?: string;
  fields: Json;
}

/** The catalog SLOs of one OpenSLO SLO: one per objective (several objectives of one indicator are several targets). */
function sloDrafts(slo: OpenSloDocument, index: Index, warnings: string[], ids: Map<string, IdRegistry>): SloDraft[] {
  const where = `${slo.file}: SLO ${JSON.stringify(slo.metadata.name)}`;
  const spec = slo.spec;
  const checked = parseShape(sloSpecShape.extend({ objectives: sloSpecShape.shape.objectives.optional() }), spec, () => where, ['spec']);
  const objectives = (checked.objectives ?? []) as Json[];
  if (objectives.some((o) => o.indicator || o.indicatorRef || o.compositeWeight !== undefined))
    throw new UserError(
      `${where}: field "spec.objectives": composite objectives (indicator per objective, compositeWeight) are not supported; write each as its own SLO`,
    );
  if (objectives.length === 0) throw new UserError(`${where}: field "spec.objectives": at least one objective is required`);
  return objectives.map((objective, i) => sloDraft(slo, checked.service, objective, objectives.length > 1 ? i : undefined, index, warnings, ids));
}

function sloDraft(
  slo: OpenSloDocument,
  service: string,
  objective: Json,
  objectiveIndex: number | undefined,
  index: Index,
  warnings: string[],
  ids: Map<string, IdRegistry>,
): SloDraft {
  const field = `spec.objectives[${objectiveIndex ?? 0}]`;
  const objectiveName = objectiveIndex === undefined ? undefined : String(objective.displayName ?? `objective ${objectiveIndex + 1}`);
  const where = `${slo.file}: SLO ${JSON.stringify(slo.metadata.name)}${objectiveName ? `, objective ${JSON.stringify(objectiveName)}` : ''}`;
  const spec = slo.spec;
  let percent: number;
  if (objective.targetPercent !== undefined) percent = Number(objective.targetPercent);
  else if (objective.target !== undefined) percent = Rational.parse(Number(objective.target)).mul(Rational.parse(100)).toNumber();
  else throw new UserError(`${where}: field "${field}.target": give target (0.99) or targetPercent (99)`);
  if (!(percent > 0 && percent <= 100)) throw new UserError(`${where}: field "${field}.target": between 0 and 1 (targetPercent between 0 and 100)`);
  const budgeting = String(spec.budgetingMethod ?? 'Occurrences');
  if (budgeting === 'RatioTimeslices')
    throw new UserError(
      `${where}: field "spec.budgetingMethod": RatioTimeslices is not supported: it averages each time slice's ratio, so a quiet minute weighs as much as a busy one, and sloforge counts events (Occurrences) or good time (Timeslices of a probe)`,
    );
  if (!['Occurrences', 'Timeslices'].includes(budgeting))
    throw new UserError(`${where}: field "spec.budgetingMethod": ${budgeting} is not supported (Occurrences or Timeslices)`);
  const indicator = spec.indicator
    ? (((spec.indicator as Json).spec ?? {}) as Json)
    : spec.indicatorRef
      ? index.get('SLI', String(spec.indicatorRef), where, 'spec.indicatorRef').spec
      : undefined;
  if (!indicator) throw new UserError(`${where}: field "spec.indicator": give an indicator or an indicatorRef`);
  const extraText = slo.metadata.annotations?.[OPENSLO_ANNOTATION.slo];
  const extra: Json = extraText ? annotationJson(extraText, where, OPENSLO_ANNOTATION.slo) : {};
  // The export writes zero tolerance as the largest target below 1 and keeps 100% in the annotation.
  if (extra.objective === 100) percent = 100;
  const { period, timeZone } = periodOf(spec.timeWindow, where);
  const sli = sliFields(indicator, budgeting, objective, index, where, extra, warnings);
  const alerts = alertFields(slo, period, percent, index, where, warnings);
  // The name less a `<service>-` prefix; compared as text, never made into a regular expression.
  const prefix = `${service}-`;
  const baseName = slo.metadata.name.startsWith(prefix) ? slo.metadata.name.slice(prefix.length) : slo.metadata.name;
  const registry = ids.get(service) ?? new Map();
  ids.set(service, registry);
  const sourceName = objectiveName ? `${baseName}-${kebab(objectiveName) || objectiveIndex! + 1}` : baseName;
  const made = typeof extra.id === 'string' ? { id: extra.id } : importedId(sourceName, registry, where);
  if (!made) throw new UserError(`${where}: field "metadata.name": no letter or digit to make an SLO id of`);
  if (made.comment) warnings.push(`${where}: ${made.comment.replace(/ \(.*?\) /, ' ')} (id ${made.id})`);
  const zeroTolerance = percent === 100;
  // The annotation's fields that are catalog fields as they stand.
  const restored = Object.fromEntries(
    Object.entries(extra).filter(([key]) => !['histogramBuckets', 'failedRuns', 'runsPerDay', 'id', 'objectiveUnset', 'objective'].includes(key)),
  );
  const objectiveUnset = extra.objectiveUnset === true;
  const title = slo.metadata.displayName ?? slo.metadata.name;
  const fields: Json = {
    id: made.id,
    title: objectiveName ? `${title}: ${objectiveName}` : title,
    ...(spec.description ? { description: spec.description } : {}),
    ...sli,
    ...(objectiveUnset ? {} : { objective: percent }),
    ...(zeroTolerance ? { zeroTolerance: true } : {}),
    ...alerts,
    ...restored,
  };
  return { service, period, timeZone, fields };
}

/** The catalog source for every OpenSLO file given. */
export function importOpenSlo(files: Array<{ path: string; text: string }>): OpenSloImport {
  const warnings: string[] = [];
  const documents = files.flatMap((f) => documentsOf(f.text, f.path));
  const known = new Set(['Service', 'SLO', 'SLI', 'AlertPolicy', 'AlertCondition', 'DataSource', 'AlertNotificationTarget']);
  for (const d of documents) {
    if (!known.has(d.kind)) throw new UserError(`${d.file}: ${d.kind} "${d.metadata.name}": field "kind": not an openslo/v1 object sloforge imports`);
  }
  const index = new Index(documents);
  // Each SLO on its own: one that cannot be imported is skipped with its reason, the rest imported.
  const skipped: string[] = [];
  const ids = new Map<string, IdRegistry>();
  const drafts = index.all('SLO').flatMap((slo) => {
    try {
      return sloDrafts(slo, index, warnings, ids);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      skipped.push(error.message);
      return [];
    }
  });
  if (drafts.length === 0) {
    if (skipped.length > 0) throw new UserError(`no SLO could be imported:\n${skipped.map((s) => `  ${s}`).join('\n')}`);
    const kinds = [...new Set(documents.map((d) => d.kind))].map((kind) => `${documents.filter((d) => d.kind === kind).length} ${kind}`);
    throw new UserError(
      `${files.map((f) => f.path).join(', ')}: no SLO found (${kinds.length ? `only ${kinds.join(', ')}` : 'no OpenSLO object'}): give the files that hold the SLO objects too`,
    );
  }
  const withSlos = new Set(drafts.map((d) => d.service));
  for (const s of index.all('Service'))
    if (!withSlos.has(s.metadata.name)) warnings.push(`${s.file}: Service "${s.metadata.name}" has no SLO among the given files: left out`);
  const serviceNames = [...new Set([...index.all('Service').map((s) => s.metadata.name), ...drafts.map((d) => d.service)])].filter((n) => withSlos.has(n));
  let catalogSettings: Json = {};
  const services = serviceNames.map((name) => {
    const document = index.all('Service').find((s) => s.metadata.name === name);
    const settingsText = document?.metadata.annotations?.[OPENSLO_ANNOTATION.service];
    const catalogText = document?.metadata.annotations?.[OPENSLO_ANNOTATION.catalog];
    const serviceWhere = `${document?.file}: Service ${JSON.stringify(name)}`;
    if (catalogText) catalogSettings = annotationJson(catalogText, serviceWhere, OPENSLO_ANNOTATION.catalog);
    const own = drafts.filter((d) => d.service === name);
    if (settingsText) {
      return {
        name,
        ...(document?.metadata.displayName ? { title: document.metadata.displayName } : {}),
        ...annotationJson(settingsText, serviceWhere, OPENSLO_ANNOTATION.service),
        slos: own.map((d) => d.fields),
      };
    }
    if (!document) warnings.push(`service "${name}": no Service object; one is written with placeholder owner and URLs`);
    // Without sloforge's annotations: one production environment, the most common period, the others per SLO.
    const periods = own.map((d) => d.period);
    const period = periods.sort((a, b) => periods.filter((p) => p === b).length - periods.filter((p) => p === a).length)[0] ?? '30d';
    const owner = String(document?.metadata.labels?.owner ?? document?.metadata.labels?.team ?? 'TODO-owner');
    if (owner === 'TODO-owner') warnings.push(`service "${name}": no owner or team label: owner is "TODO-owner", edit it`);
    const timeZone = own.find((d) => d.timeZone)?.timeZone;
    return {
      name,
      ...(document?.metadata.displayName ? { title: document.metadata.displayName } : {}),
      owner,
      runbookBaseUrl: `https://runbooks.example.com/${name}`,
      dashboardBaseUrl: 'https://grafana.example.com',
      // OpenSLO queries select their own series, environment included: sloforge adds no matchers.
      environments: [{ name: 'production', period, ...(timeZone ? { timeZone } : {}), alerting: 'page-and-ticket', matchers: [] }],
      slos: own.map((d) => (d.period === period ? d.fields : { ...d.fields, environments: { production: { period: d.period } } })),
    };
  });
  const parts: SourceValue[] = [
    ...(Object.keys(catalogSettings).length ? [catalogSettings as SourceValue] : []),
    ...services.map((service) => call('service', service as SourceValue)),
  ];
  const source = writeCatalogModule({
    header: `Imported by sloforge import openslo from ${files.map((f) => f.path).join(', ')}. Edit freely: this is the catalog now.`,
    root: call('catalog', ...parts),
  });
  return { source, warnings, skipped };
}
