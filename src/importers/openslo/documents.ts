/** OpenSLO documents as read: the shapes oslo accepts, multi-document YAML and lists, v1alpha converted, and the index of objects by kind and name. */
import { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { parseShape, yamlDocuments } from '../input.js';
import { type CounterSelector } from '../query-shapes.js';
import { fromV1alpha } from './v1alpha.js';

export type Selector = CounterSelector;

export type Json = Record<string, unknown>;
export interface OpenSloDocument {
  apiVersion: string;
  kind: string;
  metadata: { name: string; displayName?: string; annotations?: Record<string, string>; labels?: Record<string, unknown> };
  spec: Json;
  file: string;
}

const MAX_TEXT = 64 * 1024;
const text = z.string().max(MAX_TEXT, `longer than ${MAX_TEXT} characters`);
/**
 * What oslo (OpenSLO's own validator) refuses, refused here too: names that are not RFC 1123 labels
 * of at most 63 characters, display names over 63 characters, descriptions over 1,050, and fields
 * the specification does not have (at the top, in metadata, and in each kind's spec).
 */
const name = z
  .string({ error: 'a name (a string) is required' })
  .min(1, 'a name is required')
  .max(63, 'longer than 63 characters (OpenSLO names are RFC 1123 labels)')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'not an RFC 1123 label (lowercase letters, digits and dashes, starting and ending with a letter or digit)');
const description = z.string().max(1050, 'longer than 1,050 characters (the OpenSLO limit)');
const documentShape = z.strictObject({
  apiVersion: z.unknown(),
  kind: z.string({ error: 'a kind (a string) is required' }),
  metadata: z.strictObject({
    name,
    displayName: z.string().max(63, 'longer than 63 characters (the OpenSLO limit)').optional(),
    namespace: z.string().optional(),
    annotations: z.record(z.string(), text).optional(),
    labels: z.record(z.string(), z.unknown()).optional(),
  }),
  spec: z.record(z.string(), z.unknown()).optional(),
});
/** Each kind's spec fields (as the v1 specification lists them), so that an unknown one is refused. */
const SPEC_FIELDS: Record<string, readonly string[]> = {
  Service: ['description'],
  SLO: ['description', 'service', 'indicator', 'indicatorRef', 'timeWindow', 'budgetingMethod', 'objectives', 'alertPolicies'],
  SLI: ['description', 'thresholdMetric', 'ratioMetric'],
  AlertPolicy: ['description', 'alertWhenNoData', 'alertWhenResolved', 'alertWhenBreaching', 'conditions', 'notificationTargets'],
  AlertCondition: ['description', 'severity', 'condition'],
  AlertNotificationTarget: ['description', 'target'],
  DataSource: ['description', 'type', 'connectionDetails'],
};
const objectiveShape = z.strictObject({
  displayName: z.string().optional(),
  target: z.number({ error: 'a number between 0 and 1' }).optional(),
  targetPercent: z.number({ error: 'a number between 0 and 100' }).optional(),
  op: z.string().optional(),
  value: z.number().optional(),
  timeSliceTarget: z.number().optional(),
  timeSliceWindow: z.union([z.string(), z.number()]).optional(),
  indicator: z.unknown().optional(),
  indicatorRef: z.unknown().optional(),
  compositeWeight: z.unknown().optional(),
});
export const sloSpecShape = z.strictObject({
  service: name,
  description: description.optional(),
  budgetingMethod: z.string().optional(),
  objectives: z.array(objectiveShape, { error: 'a list of objectives is required' }),
  indicatorRef: name.optional(),
  indicator: z.looseObject({ spec: z.record(z.string(), z.unknown()).optional() }).optional(),
  // `alertPolicies:` followed only by comments is null in YAML: no policies.
  alertPolicies: z.array(z.unknown()).nullish(),
  timeWindow: z.unknown().optional(),
});

/** A sloforge.dev/* annotation: JSON of plain data (no null), or an error naming it. */
export function annotationJson(textValue: string, where: string, annotation: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(textValue);
  } catch (error) {
    throw new UserError(`${where}: field "metadata.annotations.${annotation}": not JSON: ${(error as Error).message}`);
  }
  const problem = (v: unknown, path: string): string | undefined => {
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return undefined;
    if (Array.isArray(v)) return v.map((item, i) => problem(item, `${path}[${i}]`)).find(Boolean);
    if (v && typeof v === 'object')
      return Object.entries(v)
        .map(([k, item]) => problem(item, path ? `${path}.${k}` : k))
        .find(Boolean);
    return `${path || 'the value'} is ${v === null ? 'null' : typeof v}, which no catalog field takes`;
  };
  const wrong = !value || typeof value !== 'object' || Array.isArray(value) ? 'not a JSON object' : problem(value, '');
  if (wrong) throw new UserError(`${where}: field "metadata.annotations.${annotation}": ${wrong}`);
  return value as Json;
}

export function documentsOf(text: string, file: string): OpenSloDocument[] {
  return yamlDocuments(text, file).flatMap(({ value, where: documentWhere }) => {
    // A file may hold a YAML list of objects, as OpenSLO's examples do.
    const items = Array.isArray(value) ? value.map((item, i) => ({ item, where: `${documentWhere}, item ${i + 1}` })) : [{ item: value, where: documentWhere }];
    return items.flatMap(({ item, where }) => {
      if (!item || typeof item !== 'object' || Array.isArray(item))
        throw new UserError(`${where}: not an OpenSLO object (a map with apiVersion, kind, metadata, spec)`);
      const raw = item as Json;
      if (raw.apiVersion !== 'openslo/v1' && raw.apiVersion !== 'openslo/v1alpha') {
        throw new UserError(
          `${where}: field "apiVersion": ${JSON.stringify(raw.apiVersion ?? null)} is not supported: sloforge imports openslo/v1 and openslo/v1alpha (v2alpha has no sloforge import yet)`,
        );
      }
      const kindWhere = `${where}${typeof raw.kind === 'string' ? `: ${raw.kind}` : ''}`;
      const v1s = raw.apiVersion === 'openslo/v1alpha' ? fromV1alpha(raw, kindWhere) : [raw];
      return v1s.map((v1) => {
        const document = parseShape(documentShape, v1, () => kindWhere);
        const spec = (document.spec ?? {}) as Json;
        const fields = Object.hasOwn(SPEC_FIELDS, document.kind) ? SPEC_FIELDS[document.kind] : undefined;
        const unknown = fields && Object.keys(spec).find((key) => !fields.includes(key));
        if (unknown)
          throw new UserError(`${kindWhere} ${JSON.stringify(document.metadata.name)}: field "spec.${unknown}": not a field of an openslo/v1 ${document.kind}`);
        const metadata = document.metadata as OpenSloDocument['metadata'];
        return { apiVersion: 'openslo/v1', kind: document.kind, metadata, spec, file: where };
      });
    });
  });
}

export class Index {
  private readonly byKind = new Map<string, Map<string, OpenSloDocument>>();
  constructor(documents: OpenSloDocument[]) {
    for (const d of documents) {
      const kind = this.byKind.get(d.kind) ?? new Map<string, OpenSloDocument>();
      if (kind.has(d.metadata.name)) throw new UserError(`${d.file}: ${d.kind} "${d.metadata.name}" is declared twice`);
      kind.set(d.metadata.name, d);
      this.byKind.set(d.kind, kind);
    }
  }
  all(kind: string): OpenSloDocument[] {
    return [...(this.byKind.get(kind)?.values() ?? [])];
  }
  get(kind: string, name: string, where: string, field: string): OpenSloDocument {
    const found = this.byKind.get(kind)?.get(name);
    if (!found) throw new UserError(`${where}: field "${field}": no ${kind} named "${name}" in the given files`);
    return found;
  }
}
