/** Validates raw catalog data and turns zod issues into errors that name the file, the SLO and the field. */
import type { z } from 'zod';
import { didYouMean } from '../core/suggest.js';
import { BUILDER_OPTIONS } from './builders.js';
import { CatalogError } from './catalog-error.js';
import { displaySource } from './source.js';
import { Catalog, CATALOG_LIMITS, SCHEMA_FIELDS, type CatalogSpec } from './schema.js';

export function validateCatalog(raw: unknown, catalogFile: string): CatalogSpec {
  // Counted before the schema runs: a catalog of a million SLOs would take minutes to be refused.
  const instances = (raw as { services?: unknown } | null)?.services;
  if (Array.isArray(instances)) {
    const count = instances.reduce<number>(
      (sum, s: { slos?: unknown; environments?: unknown }) =>
        sum + (Array.isArray(s?.slos) ? s.slos.length : 0) * Math.max(1, Array.isArray(s?.environments) ? s.environments.length : 1),
      0,
    );
    if (count > CATALOG_LIMITS.sloInstances)
      throw new CatalogError([
        `${catalogFile}: ${count} SLO instances (SLOs × environments); sloforge takes at most ${CATALOG_LIMITS.sloInstances} (it is tested to 10,000): split the catalog`,
      ]);
  }
  const result = Catalog.safeParse(raw);
  if (result.success) return result.data;
  throw new CatalogError(result.error.issues.flatMap(splitUnknownKeys).map((issue) => describeIssue(issue, raw, catalogFile)));
}

const KNOWN_NAMES = new Set([...SCHEMA_FIELDS, ...BUILDER_OPTIONS]);

/** One issue per unknown key, named by its full path, with the closest known name. */
function splitUnknownKeys(issue: z.core.$ZodIssue): Array<Pick<z.core.$ZodIssue, 'path' | 'message'>> {
  if (issue.code !== 'unrecognized_keys') return [issue];
  return issue.keys.map((key) => ({ path: [...issue.path, key], message: `unknown field${didYouMean(key, KNOWN_NAMES)}` }));
}

function describeIssue(issue: Pick<z.core.$ZodIssue, 'path' | 'message'>, raw: unknown, catalogFile: string): string {
  const segments = issue.path.map((part) => (typeof part === 'symbol' ? part.toString() : part));
  const where: string[] = [];
  let file = catalogFile;
  let fieldStart = 0;
  const services = (raw as { services?: unknown[] })?.services;
  if (segments[0] === 'services' && typeof segments[1] === 'number' && Array.isArray(services)) {
    const service = services[segments[1]] as { name?: unknown; source?: unknown; slos?: unknown[] } | undefined;
    where.push(`service "${String(service?.name ?? `#${segments[1]}`)}"`);
    if (typeof service?.source === 'string') file = displaySource(service.source);
    fieldStart = 2;
    if (segments[2] === 'slos' && typeof segments[3] === 'number' && Array.isArray(service?.slos)) {
      const slo = service.slos[segments[3]] as { id?: unknown; source?: unknown } | undefined;
      where.push(`SLO "${String(slo?.id ?? `#${segments[3]}`)}"`);
      if (typeof slo?.source === 'string') file = displaySource(slo.source);
      fieldStart = 4;
    } else if (segments[2] === 'capacity' && typeof segments[3] === 'number') {
      const capacity = (service as { capacity?: Array<{ id?: unknown; source?: unknown }> })?.capacity?.[segments[3]];
      where.push(`capacity target "${String(capacity?.id ?? `#${segments[3]}`)}"`);
      if (typeof capacity?.source === 'string') file = displaySource(capacity.source);
      fieldStart = 4;
    } else if (segments[2] === 'environments' && typeof segments[3] === 'number') {
      const env = (service as { environments?: Array<{ name?: unknown }> })?.environments?.[segments[3]];
      where.push(`environment "${String(env?.name ?? `#${segments[3]}`)}"`);
      fieldStart = 4;
    }
  }
  const field = formatPath(segments.slice(fieldStart)) || formatPath(segments) || '(root)';
  return `${file}: ${[...where, `field "${field}"`].join(', ')}: ${issue.message}`;
}

function formatPath(segments: Array<string | number>): string {
  return segments.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}
