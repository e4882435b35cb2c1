/** The label matchers of a selector written in another tool's PromQL, as catalog data. */
import { UserError } from '../core/errors.js';

export interface ImportedMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;

/** `{a="1",b=~"2.."}` (or undefined: no matchers) to matchers; anything unreadable is an error naming where. */
export function parseMatchers(braces: string | undefined, query: string, where: string, field: string): ImportedMatcher[] {
  const matchers: ImportedMatcher[] = [];
  const body = (braces ?? '{}').slice(1, -1).trim();
  MATCHER.lastIndex = 0;
  while (MATCHER.lastIndex < body.length) {
    const m = MATCHER.exec(body);
    if (!m) throw new UserError(`${where}: field "${field}": cannot read the label matchers of "${query.trim()}"`);
    matchers.push({ label: m[1], op: m[2] as ImportedMatcher['op'], value: unquote(m[3]) });
  }
  return matchers;
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/**
 * The value of a double-quoted PromQL string's body: PromQL reads Go's escapes (\n, \t, \\, \",
 * \xHH, \uHHHH, \UHHHHHHHH, octal \NNN), so `"5..\n"` holds a newline, not the letter n.
 * An unknown escape (which Prometheus refuses) keeps its character.
 */
export function unquote(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|[\s\S])/g, (_, escape: string) => {
    if (escape.length === 1) return ESCAPES[escape] ?? escape;
    const code = escape[0] === 'x' || escape[0] === 'u' || escape[0] === 'U' ? parseInt(escape.slice(1), 16) : parseInt(escape, 8);
    return code <= 0x10ffff ? String.fromCodePoint(code) : escape;
  });
}
