/** PromQL text from structured selectors, with label values escaped for double-quoted strings. */
/** A label matcher and a series selector, as the catalog declares them (structural: core imports no layer above it). */
/** A Prometheus metric name, which an alert name must be too. */
export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}
export interface Selector {
  metric: string;
  matchers: Matcher[];
}

/** Escapes a label value for a PromQL double-quoted string: backslash, quote, newline. */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function formatMatcher(matcher: Matcher): string {
  return `${matcher.label}${matcher.op}"${escapeLabelValue(matcher.value)}"`;
}

export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([label, value]) => formatMatcher({ label, op: '=', value }))
    .join(',');
}

export function formatSelector(selector: Selector): string {
  const matchers = selector.matchers.map(formatMatcher).join(',');
  return matchers ? `${selector.metric}{${matchers}}` : selector.metric;
}

/** Escapes text placed in alert annotations, which Prometheus renders as Go templates. */
export function escapeTemplateText(text: string): string {
  return text.replace(/\{\{|\}\}/g, (braces) => `{{ "${braces}" }}`);
}
