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
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Rational } from '../core/decimal.js';
import { isDuration, parseDuration, toPromDuration } from '../core/duration.js';
import { UserError } from '../core/errors.js';
import { OPENSLO_ANNOTATION } from '../core/openslo-annotations.js';
import { CALENDAR_NOMINAL_DAYS, type CalendarPeriodName } from '../core/periods.js';
import { WORKBOOK_TIER_TABLE } from '../core/workbook.js';
import { call, writeCatalogModule, type SourceValue } from './catalog-source.js';
import { parseShape, yamlDocuments } from './input.js';
import { importedId, kebab, type IdRegistry } from './imported-id.js';
import { plainSelector, sameMatchers, sumRateSelector, type CounterSelector } from './query-shapes.js';

type Selector = CounterSelector;

type Json = Record<string, unknown>;
interface OpenSloDocument {
  apiVersion: string;
  kind: string;
  metadata: { name: string; displayName?: string; annotations?: Record<string, string>; labels?: Record<string, unknown> };
  spec: Json;
  file: string;
}

export interface OpenSloImport {
  source: string;
  warnings: string[];
  /** SLOs left out, each with where it is and why. */
  skipped: string[];
}

const FRESHNESS = /^\s*time\(\)\s*-\s*(.+)$/;

function parseSelector(query: string, where: string, field: string): Selector {
  const selector = plainSelector(query, where, field);
  if (!selector)
    throw new UserError(
      `${where}: field "${field}": cannot import "${query.trim()}": sloforge imports a plain selector of a counter (metric{label="value"}) and computes the rates itself`,
    );
  return selector;
}

/** A counter's plain selector, or Sloth's `sum(rate(selector[{{.window}}]))`; undefined for any other shape. */
function counterSelector(query: string, where: string, field: string): Selector | undefined {
  return plainSelector(query, where, field) ?? sumRateSelector(query, where, field);
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
const sloSpecShape = z.strictObject({
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
function annotationJson(textValue: string, where: string, annotation: string): Json {
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

const V1ALPHA_UNITS = new Map([
  ['Minute', 'm'],
  ['Hour', 'h'],
  ['Day', 'd'],
  ['Week', 'w'],
  ['Month', 'M'],
  ['Quarter', 'Q'],
  ['Year', 'Y'],
]);

/** A v1alpha metric source (`source`, `queryType`, `query`) as a v1 metricSource. */
function v1alphaSource(source: unknown): Json | undefined {
  if (!source || typeof source !== 'object') return undefined;
  const { source: type, query } = source as Json;
  return { metricSource: { type: typeof type === 'string' ? type : undefined, spec: { query } } };
}

/** A v1alpha objective's ratioMetrics as a v1 inline indicator named `name`. */
function v1alphaRatioIndicator(ratio: Json, name: string): Json {
  return {
    metadata: { name },
    spec: {
      ratioMetric: {
        counter: ratio.incremental !== false,
        ...(ratio.good ? { good: v1alphaSource(ratio.good) } : {}),
        ...(ratio.bad ? { bad: v1alphaSource(ratio.bad) } : {}),
        total: v1alphaSource(ratio.total),
      },
    },
  };
}

/** `<name>-<suffix>` as an RFC 1123 label of at most 63 characters (cut, and six hex digits of a hash, when longer). */
function childName(name: string, suffix: string): string {
  const full = `${name}-${suffix}`;
  if (full.length <= 63) return full;
  return `${full.slice(0, 56).replace(/-+$/, '')}-${createHash('sha256').update(full).digest('hex').slice(0, 6)}`;
}

/**
 * openslo/v1alpha objects (the form Sloth reads) in v1's shape: `timeWindows` of a count and a unit
 * become one `timeWindow` duration, rolling unless a calendar is given (as Sloth reads them); an SLO's
 * objectives with `ratioMetrics` become the SLO's ratioMetric indicator (`incremental` means
 * counters), and objectives with different queries become one SLO each, named after the objective;
 * a thresholdMetric indicator moves under `indicator.spec`.
 */
function fromV1alpha(raw: Json, where: string): Json[] {
  const spec = { ...((raw.spec ?? {}) as Json) };
  if (raw.kind !== 'SLO') return [{ ...raw, apiVersion: 'openslo/v1', spec }];
  const metadata = (raw.metadata ?? {}) as Json;
  const name = String(metadata.name ?? 'slo');
  const windows = spec.timeWindows as Array<Json> | undefined;
  delete spec.timeWindows;
  if (Array.isArray(windows)) {
    spec.timeWindow = windows.map((w) => {
      const unit = V1ALPHA_UNITS.get(String(w.unit));
      if (!unit)
        throw new UserError(
          `${where}: field "spec.timeWindows.unit": ${JSON.stringify(w.unit)} is not a v1alpha unit (Minute, Hour, Day, Week, Month, Quarter, Year)`,
        );
      return {
        duration: `${String(w.count)}${unit}`,
        isRolling: typeof w.isRolling === 'boolean' ? w.isRolling : !w.calendar,
        ...(w.calendar ? { calendar: w.calendar } : {}),
      };
    });
  }
  const objectives = ((spec.objectives as Json[] | undefined) ?? []).map((o) => ({ ...o }));
  const ratios = objectives.map((o) => o.ratioMetrics as Json | undefined);
  if (ratios.some(Boolean)) {
    for (const o of objectives) delete o.ratioMetrics;
    const first = JSON.stringify(ratios[0]);
    if (ratios.every((r) => JSON.stringify(r) === first))
      return [{ ...raw, apiVersion: 'openslo/v1', spec: { ...spec, indicator: v1alphaRatioIndicator(ratios[0]!, `${name}-sli`), objectives } }];
    // Each objective its own query: one SLO each.
    return objectives.map((objective, i) => {
      const suffix = kebab(String(objective.displayName ?? '')) || String(i + 1);
      const own = childName(name, suffix);
      return {
        ...raw,
        apiVersion: 'openslo/v1',
        metadata: { ...metadata, name: own, ...(metadata.displayName ? { displayName: `${String(metadata.displayName)} ${suffix}`.slice(0, 63) } : {}) },
        spec: { ...spec, indicator: v1alphaRatioIndicator(ratios[i] ?? {}, `${own}-sli`), objectives: [objective] },
      };
    });
  }
  if (spec.indicator && typeof spec.indicator === 'object' && (spec.indicator as Json).thresholdMetric) {
    spec.indicator = { metadata: { name: `${name}-sli` }, spec: { thresholdMetric: v1alphaSource((spec.indicator as Json).thresholdMetric) } };
  }
  spec.objectives = objectives;
  return [{ ...raw, apiVersion: 'openslo/v1', spec }];
}

function documentsOf(text: string, file: string): OpenSloDocument[] {
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

class Index {
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

/** A metricSource's PromQL query; a non-Prometheus source is an error. */
function prometheusQuery(source: Json | undefined, index: Index, where: string, field: string): string {
  const metricSource = source?.metricSource as Json | undefined;
  if (!metricSource) throw new UserError(`${where}: field "${field}.metricSource": missing`);
  let type = metricSource.type as string | undefined;
  if (metricSource.metricSourceRef) {
    const ref = index.get('DataSource', String(metricSource.metricSourceRef), where, `${field}.metricSource.metricSourceRef`);
    type = (ref.spec.type as string | undefined) ?? type;
  }
  if (!type || type.toLowerCase() !== 'prometheus') {
    throw new UserError(
      `${where}: field "${field}.metricSource.type": ${JSON.stringify(type)} is not a Prometheus data source: sloforge generates Prometheus rules`,
    );
  }
  const query = (metricSource.spec as Json | undefined)?.query ?? (metricSource.spec as Json | undefined)?.promql;
  if (typeof query !== 'string' || !query.trim()) throw new UserError(`${where}: field "${field}.metricSource.spec.query": a PromQL query is required`);
  return query.trim();
}

interface SloDraft {
  service: string;
  period: string;
  timeZone?: string;
  fields: Json;
}

function sliFields(indicator: Json, budgeting: string, objective: Json, index: Index, where: string, extra: Json, warnings: string[]): Json {
  const ratio = indicator.ratioMetric as Json | undefined;
  const threshold = indicator.thresholdMetric as Json | undefined;
  if (ratio) {
    if (budgeting !== 'Occurrences') {
      throw new UserError(`${where}: field "spec.budgetingMethod": ${budgeting} with a ratioMetric is not supported: sloforge counts events (Occurrences)`);
    }
    if (ratio.raw) {
      const query = prometheusQuery(ratio.raw as Json, index, where, 'indicator.spec.ratioMetric.raw');
      if (!query.includes('{{.window}}'))
        throw new UserError(
          `${where}: field "indicator.spec.ratioMetric.raw": the query needs {{.window}} where the window goes, so that each alert window can be evaluated`,
        );
      return { sli: { kind: 'raw', errorRatioQuery: ratio.rawType === 'success' ? `1 - (${query})` : query } };
    }
    if (!ratio.total || (ratio.good === undefined) === (ratio.bad === undefined))
      throw new UserError(`${where}: field "indicator.spec.ratioMetric": give total and one of good or bad`);
    const which = ratio.good ? 'good' : 'bad';
    const totalQuery = prometheusQuery(ratio.total as Json, index, where, 'indicator.spec.ratioMetric.total');
    const partQuery = prometheusQuery(ratio[which] as Json, index, where, `indicator.spec.ratioMetric.${which}`);
    const total = counterSelector(totalQuery, where, 'indicator.spec.ratioMetric.total');
    const part = counterSelector(partQuery, where, `indicator.spec.ratioMetric.${which}`);
    if (!total || !part) {
      // Queries of other shapes, each with {{.window}}: a raw SLI of their ratio, as the source divides them.
      for (const [field, query] of [
        ['total', totalQuery],
        [which, partQuery],
      ]) {
        if (!query.includes('{{.window}}'))
          throw new UserError(
            `${where}: field "indicator.spec.ratioMetric.${field}": cannot import "${query}": give a counter's selector (metric{label="value"}), sum(rate(selector[{{.window}}])), or a query with {{.window}} where the window goes`,
          );
      }
      const ratioQuery = which === 'good' ? `1 - ((${partQuery}) / (${totalQuery}))` : `(${partQuery}) / (${totalQuery})`;
      warnings.push(
        `${where}: queries of a shape other than a counter's selector: imported as a raw SLI (every window reads the raw series; no scenarios, no low-traffic guard)`,
      );
      return { sli: { kind: 'raw', errorRatioQuery: ratioQuery } };
    }
    // A histogram: its bucket at the threshold over its count, the same series otherwise, is a latency SLI.
    const base = total.metric.replace(/_count$/, '');
    const le = part.matchers.find((m) => m.label === 'le' && m.op === '=');
    const sameOtherwise = sameMatchers(
      part.matchers.filter((m) => m !== le),
      total.matchers,
    );
    if (which === 'good' && total.metric.endsWith('_count') && part.metric === `${base}_bucket` && le && Number.isFinite(Number(le.value)) && sameOtherwise) {
      const thresholdValue = Number(le.value);
      const buckets = (extra.histogramBuckets as number[] | undefined) ?? [thresholdValue];
      if (!extra.histogramBuckets) warnings.push(`${where}: the histogram's bucket bounds are unknown; declare them in histogram.buckets`);
      return { sli: { kind: 'latency', histogram: { metric: base, buckets, matchers: total.matchers }, threshold: thresholdValue } };
    }
    // Each selector whole, as the source wrote it: the catalog adds no matcher of one to the other.
    if (part.metric === total.metric && sameMatchers(part.matchers, total.matchers))
      throw new UserError(`${where}: field "indicator.spec.ratioMetric.${which}": it selects the same series as total`);
    return { sli: { kind: 'ratio', total, [which]: { metric: part.metric, matchers: part.matchers } } };
  }
  if (threshold) {
    if (budgeting !== 'Timeslices')
      throw new UserError(`${where}: field "spec.budgetingMethod": a thresholdMetric needs Timeslices (sloforge measures good time of a probe or a batch job)`);
    const query = prometheusQuery(threshold, index, where, 'indicator.spec.thresholdMetric');
    const freshness = FRESHNESS.exec(query);
    const op = String(objective.op ?? '');
    const value = Number(objective.value);
    if (freshness && (op === 'lte' || op === 'lt')) {
      if (!(value > 0) || value % 60 !== 0)
        throw new UserError(`${where}: field "objectives[0].value": a maximum age in whole minutes (seconds), got ${objective.value}`);
      return {
        sli: {
          kind: 'freshness',
          lastSuccess: parseSelector(freshness[1], where, 'indicator.spec.thresholdMetric'),
          maxAge: toPromDuration(value),
          ...(typeof extra.failedRuns === 'string'
            ? { failedRuns: parseSelector(extra.failedRuns, where, `metadata.annotations.${OPENSLO_ANNOTATION.slo}`) }
            : {}),
          ...(typeof extra.runsPerDay === 'number' ? { runsPerDay: extra.runsPerDay } : {}),
        },
      };
    }
    if (!freshness && ((op === 'gte' && value === 1) || (op === 'gt' && value === 0))) {
      return { sli: { kind: 'probe', probe: parseSelector(query, where, 'indicator.spec.thresholdMetric') } };
    }
    throw new UserError(
      `${where}: field "objectives[0]": a thresholdMetric imports as a probe (a 0/1 gauge, op gte value 1) or a batch freshness (time() - last success, op lte seconds); for latency, measure a histogram with a ratioMetric of its _bucket over its _count`,
    );
  }
  throw new UserError(`${where}: field "indicator.spec": give a ratioMetric or a thresholdMetric`);
}

/**
 * A calendar's zone as the catalog writes it: UTC or a fixed offset (undefined when none is given,
 * null when it has daylight saving or no fixed offset). IANA's Etc/GMT±h zones are fixed offsets
 * with POSIX signs: Etc/GMT-1 is +01:00.
 */
function fixedZone(zone: string | undefined): string | undefined | null {
  if (zone === undefined) return undefined;
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Etc/GMT' || zone === 'GMT') return 'UTC';
  if (/^[+-]\d\d:\d\d$/.test(zone)) return zone;
  const etc = /^Etc\/GMT([+-])(\d{1,2})$/.exec(zone);
  if (!etc) return null;
  return `${etc[1] === '+' ? '-' : '+'}${etc[2].padStart(2, '0')}:00`;
}

/** OpenSLO's calendar-aligned durations that are catalog calendar periods. */
const CALENDAR_WINDOWS = new Map([
  ['1w', 'calendar-week'],
  ['7d', 'calendar-week'],
  ['1M', 'calendar-month'],
  ['1Q', 'calendar-quarter'],
]);

function periodOf(timeWindow: unknown, where: string): { period: string; timeZone?: string } {
  if (timeWindow === undefined) return { period: '30d' };
  if (!Array.isArray(timeWindow) || timeWindow.length !== 1) throw new UserError(`${where}: field "spec.timeWindow": exactly one time window`);
  const window = timeWindow[0] as { duration?: string; isRolling?: boolean; calendar?: { timeZone?: string } };
  const duration = String(window.duration ?? '');
  if (window.isRolling === false) {
    const period = CALENDAR_WINDOWS.get(duration);
    if (!period)
      throw new UserError(
        `${where}: field "spec.timeWindow[0].duration": a calendar window of ${duration} is not supported (sloforge has calendar weeks, 1w, months, 1M, and quarters, 1Q; a rolling window of any length from 7d to 366d)`,
      );
    const zone = fixedZone(window.calendar?.timeZone);
    if (zone === null)
      throw new UserError(
        `${where}: field "spec.timeWindow[0].calendar.timeZone": "${window.calendar?.timeZone}": PromQL has no time zones; write UTC, a fixed offset such as +01:00, or Etc/GMT-1`,
      );
    return { period, timeZone: zone };
  }
  const normalized = duration.replace(/^(\d+)w$/, (_, w: string) => `${Number(w) * 7}d`);
  if (!isDuration(normalized))
    throw new UserError(`${where}: field "spec.timeWindow[0].duration": "${duration}" is not a rolling window sloforge reads (e.g. 28d, 30d, 4w)`);
  return { period: toPromDuration(parseDuration(normalized)) };
}

function alertFields(slo: OpenSloDocument, period: string, objectivePercent: number, index: Index, where: string, warnings: string[]): Json {
  const policies = (slo.spec.alertPolicies as unknown[] | undefined) ?? [];
  if (policies.length === 0) return {};
  const conditions: Json[] = [];
  let noData: boolean | undefined;
  policies.forEach((item, i) => {
    const ref = typeof item === 'string' ? item : ((item as Json).alertPolicyRef as string | undefined);
    const policy = ref ? index.get('AlertPolicy', ref, where, `spec.alertPolicies[${i}]`).spec : ((item as Json).spec as Json);
    if (policy?.alertWhenNoData === false) noData = false;
    for (const [j, c] of ((policy?.conditions as unknown[]) ?? []).entries()) {
      const conditionRef = (c as Json).conditionRef as string | undefined;
      conditions.push(
        conditionRef ? index.get('AlertCondition', conditionRef, where, `spec.alertPolicies[${i}].conditions[${j}]`).spec : ((c as Json).spec as Json),
      );
    }
  });
  // Calendar periods scale the tiers to their nominal length (a month is 30 days), as the model does.
  const periodSeconds = Object.hasOwn(CALENDAR_NOMINAL_DAYS, period) ? CALENDAR_NOMINAL_DAYS[period as CalendarPeriodName] * 86_400 : parseDuration(period);
  let pages = false;
  for (const c of conditions) {
    const condition = (c.condition ?? {}) as Json;
    const severity = String(c.severity ?? '').toLowerCase();
    if (String(condition.kind).toLowerCase() !== 'burnrate') {
      warnings.push(`${where}: an alert condition of kind ${JSON.stringify(condition.kind)} is not imported: sloforge alerts on burn rates`);
      continue;
    }
    const tier = WORKBOOK_TIER_TABLE.find((row) => row.longWindow === condition.lookbackWindow && row.shortWindow === condition.alertAfter);
    // Exact arithmetic, as the model's: budget share × period / long window (14.4 for 2% over 1h of 30d).
    const expected = tier
      ? Rational.parse(tier.budgetShare)
          .mul(Rational.parse(periodSeconds))
          .div(Rational.parse(parseDuration(tier.longWindow)))
      : undefined;
    // A tier the objective cannot reach (Workbook factor ≥ the highest burn rate, 1 / budget) is replaced by sloforge: any lower factor is its own.
    const maxBurnRate = Rational.parse(100).div(Rational.parse(100).sub(Rational.parse(objectivePercent)));
    const threshold = Number(condition.threshold);
    const saturated = expected !== undefined && expected.cmp(maxBurnRate) >= 0 && threshold < maxBurnRate.toNumber();
    if (!tier || (!saturated && Math.abs(threshold - expected!.toNumber()) > expected!.toNumber() * 0.01)) {
      warnings.push(
        `${where}: the burn-rate condition ${condition.threshold}× over ${condition.lookbackWindow}/${condition.alertAfter} is not one of the Workbook tiers sloforge generates (14.4× 1h/5m, 6× 6h/30m, 3× 1d/2h, 1× 3d/6h for 30d, scaled to the period); sloforge keeps its tiers`,
      );
    }
    if (severity === 'page' || severity === 'critical') pages = true;
  }
  return { ...(conditions.length && !pages ? { alerting: 'ticket-only' } : {}), ...(noData === false ? { noData: 'off' } : {}) };
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
