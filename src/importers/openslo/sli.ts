/** An OpenSLO indicator (ratio or threshold metric, Prometheus queries) as a catalog SLI. */
import { toPromDuration } from '../../core/duration.js';
import { UserError } from '../../core/errors.js';
import { OPENSLO_ANNOTATION } from '../../core/openslo-annotations.js';
import { plainSelector, sameMatchers, sumRateSelector } from '../query-shapes.js';
import { type Index, type Json, type Selector } from './documents.js';

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

export function sliFields(indicator: Json, budgeting: string, objective: Json, index: Index, where: string, extra: Json, warnings: string[]): Json {
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
