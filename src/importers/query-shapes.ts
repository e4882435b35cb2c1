/**
 * The PromQL shapes importers read as one counter: Sloth's `sum(rate(metric{...}[{{.window}}]))`
 * (also `increase`, which has the same ratio), as its docs, OpenSLO v1alpha and many v1 specs write
 * a counter's events. Anything else is not a counter selector, and importers fall back to raw SLIs.
 */
import { parseMatchers, type ImportedMatcher } from './label-matchers.js';

export interface CounterSelector {
  metric: string;
  matchers: ImportedMatcher[];
}

const SUM_RATE =
  /^sum\s*\(\s*(?:rate|increase)\s*\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{(?:[^}"]|"(?:[^"\\]|\\[\s\S])*")*\})?\s*\[\s*\{\{\s*\.window\s*\}\}\s*\]\s*\)\s*\)$/;

/** One counter's `sum(rate(metric{matchers}[{{.window}}]))`, or undefined for any other shape. */
export function sumRateSelector(query: string, where: string, field: string): CounterSelector | undefined {
  const match = SUM_RATE.exec(query.trim());
  if (!match) return undefined;
  return { metric: match[1], matchers: parseMatchers(match[2], query, where, field) };
}

const PLAIN_SELECTOR = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{(?:[^}"]|"(?:[^"\\]|\\[\s\S])*")*\})?\s*$/;

/** A plain selector, `metric{label="value",...}`, or undefined for any other shape. */
export function plainSelector(query: string, where: string, field: string): CounterSelector | undefined {
  const match = PLAIN_SELECTOR.exec(query);
  return match ? { metric: match[1], matchers: parseMatchers(match[2], query, where, field) } : undefined;
}

/** The same matchers, in any order. */
export function sameMatchers(a: readonly ImportedMatcher[], b: readonly ImportedMatcher[]): boolean {
  const key = (matchers: readonly ImportedMatcher[]) =>
    matchers
      .map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

/** The same series: one metric, and the same matchers in any order. */
export function sameSeries(a: CounterSelector, b: CounterSelector): boolean {
  return a.metric === b.metric && sameMatchers(a.matchers, b.matchers);
}
