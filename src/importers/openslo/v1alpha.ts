/** openslo/v1alpha (the form Sloth reads) converted to openslo/v1 documents: several objectives with different queries become one SLO each. */
import { createHash } from 'node:crypto';
import { UserError } from '../../core/errors.js';
import { kebab } from '../imported-id.js';

/** A parsed YAML object (documents.ts has the same alias: it imports this module, so this one does not import it back). */
type Json = Record<string, unknown>;

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
export function fromV1alpha(raw: Json, where: string): Json[] {
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
