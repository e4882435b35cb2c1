/** PromQL text from structured selectors, with label values escaped for double-quoted strings. */
import type { MatcherSpec, SelectorSpec } from '../../model/types.js';

/** Escapes a label value for a PromQL double-quoted string: backslash, quote, newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function formatMatcher(matcher: MatcherSpec): string {
  return `${matcher.label}${matcher.op}"${escapeLabelValue(matcher.value)}"`;
}

export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([label, value]) => formatMatcher({ label, op: '=', value }))
    .join(',');
}

export function formatSelector(selector: SelectorSpec): string {
  const matchers = selector.matchers.map(formatMatcher).join(',');
  return matchers ? `${selector.metric}{${matchers}}` : selector.metric;
}

/** A recorded series of one SLO instance: name{service,slo,env}. */
export function instanceSeries(metric: string, labels: Record<string, string>): string {
  return `${metric}{${formatLabels(labels)}}`;
}

/** Escapes text placed in alert annotations, which Prometheus renders as Go templates. */
export function escapeTemplateText(text: string): string {
  return text.replace(/\{\{|\}\}/g, (braces) => `{{ "${braces}" }}`);
}
