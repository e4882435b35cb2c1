/**
 * Concrete label values for synthetic test series: a value that a matcher accepts,
 * and one that it rejects. Enough of RE2 for the selectors SLO catalogs use.
 */
import { compileAnchored } from '../../core/re2.js';
import type { MatcherSpec } from '../../model/types.js';

/** Label regexes match as Prometheus matches them: RE2, anchored. */
const fullMatch = (pattern: string, value: string) => compileAnchored(pattern).matches(value);

const REJECT_CANDIDATES = ['200', 'success', 'ok', '0', 'other', 'x', 'none', 'GET', '/'];

function matches(matcher: MatcherSpec, value: string): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return fullMatch(matcher.value, value);
    case '!~':
      return !fullMatch(matcher.value, value);
  }
}

/** A value accepted by every matcher on one label, or undefined if none was found. */
export function acceptedValue(sameLabel: MatcherSpec[]): string | undefined {
  const candidates = [
    ...sameLabel.filter((m) => m.op === '=').map((m) => m.value),
    ...sameLabel.filter((m) => m.op === '=~').map((m) => sampleRegex(m.value)),
    '',
    ...REJECT_CANDIDATES,
  ];
  return candidates.find((value) => value !== undefined && sameLabel.every((m) => matches(m, value)));
}

/** A value that `reject` does not accept but every matcher in `keep` does. */
export function rejectedValue(reject: MatcherSpec, keep: MatcherSpec[]): string | undefined {
  const candidates = [...REJECT_CANDIDATES, ...keep.filter((m) => m.op === '=' || m.op === '=~').map((m) => (m.op === '=' ? m.value : sampleRegex(m.value)))];
  if (reject.op === '!=') candidates.unshift(reject.value);
  if (reject.op === '!~') candidates.unshift(sampleRegex(reject.value) ?? '');
  return candidates.find((value) => value !== undefined && !matches(reject, value) && keep.every((m) => matches(m, value)));
}

/** Shortest-ish string for a simple regex: first alternative, '.' → '0', classes → first member. */
function sampleRegex(source: string): string | undefined {
  let out = '';
  let i = 0;
  const firstAlternative = splitTopLevel(source)[0];
  const src = firstAlternative;
  while (i < src.length) {
    const c = src[i];
    let piece = '';
    if (c === '\\') {
      const next = src[i + 1] ?? '';
      piece = next === 'd' ? '0' : next === 'w' ? 'a' : next === 's' ? ' ' : next;
      i += 2;
    } else if (c === '.') {
      piece = '0';
      i += 1;
    } else if (c === '[') {
      const end = src.indexOf(']', i + 2);
      if (end < 0) return undefined;
      const body = src.slice(i + 1, end);
      piece = body.startsWith('^') ? 'x' : body[0] === '\\' ? body[1] : body[0];
      i = end + 1;
    } else if (/^\(\?[imsU-]+\)/.test(src.slice(i))) {
      // An inline flag group such as (?i) matches nothing itself.
      i += /^\(\?[imsU-]+\)/.exec(src.slice(i))![0].length;
      continue;
    } else if (c === '(') {
      let depth = 1;
      let j = i + 1;
      while (j < src.length && depth > 0) {
        if (src[j] === '\\') j += 1;
        else if (src[j] === '(') depth += 1;
        else if (src[j] === ')') depth -= 1;
        j += 1;
      }
      const inner = src.slice(i + 1, j - 1).replace(/^\?(?:[imsU-]*:|P<\w+>)/, '');
      const sampled = sampleRegex(inner);
      if (sampled === undefined) return undefined;
      piece = sampled;
      i = j;
    } else if (c === '^' || c === '$') {
      i += 1;
      continue;
    } else {
      piece = c;
      i += 1;
    }
    const quantifier = /^(\*|\+|\?|\{(\d+)(?:,\d*)?\})\??/.exec(src.slice(i));
    if (quantifier) {
      i += quantifier[0].length;
      const q = quantifier[1];
      piece = q === '*' || q === '?' ? '' : q === '+' ? piece : piece.repeat(Number(quantifier[2]));
    }
    out += piece;
  }
  try {
    return fullMatch(source, out) ? out : undefined;
  } catch {
    return undefined;
  }
}

function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\\') i += 1;
    else if (c === '(' || c === '[') depth += 1;
    else if (c === ')' || c === ']') depth -= 1;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}
