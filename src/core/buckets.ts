/**
 * Histogram bucket bounds as Prometheus clients write them in the `le` label.
 * Go clients write 1 as "1", Python's prometheus_client as "1.0": a selector must match both.
 */

/** Go's shortest form (strconv 'g'-like for the values used as bounds). */
export function canonicalBound(bound: number): string {
  if (bound === Infinity) return '+Inf';
  return String(bound);
}

/** Every spelling of a bound that common clients emit. */
export function boundSpellings(bound: number): string[] {
  const go = canonicalBound(bound);
  if (bound === Infinity) return [go];
  const spellings = [go];
  if (Number.isInteger(bound) && !go.includes('e')) spellings.push(`${go}.0`);
  return spellings;
}

/** An RE2 alternation matching every spelling, dots escaped: 1|1\.0 */
export function boundRegex(bound: number): string {
  return boundSpellings(bound)
    .map((spelling) => spelling.replace(/[.+]/g, (c) => `\\${c}`))
    .join('|');
}
