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
    matchers.push({ label: m[1], op: m[2] as ImportedMatcher['op'], value: m[3].replace(/\\(.)/g, '$1') });
  }
  return matchers;
}
