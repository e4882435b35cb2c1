/** The built-in engine takes only patterns where it agrees with RE2: checked against re2js itself. */
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileAnchored } from '../src/core/re2.js';

const PATTERNS = [
  '5..',
  '4..|5..',
  '[1-4]..',
  '[^5]..',
  'error|fail(ed)?',
  'a+b*c?',
  '(get|post)/api',
  '/health',
  'x.y:z',
  'a\'b"c',
  '[]',
  '[^]',
  'a{2}',
  '\\d+',
  '(?i)err',
];
const VALUES = ['500', '404', '200', 'error', 'failed', 'aab', 'get/api', '/health', 'x.y:z', 'a\'b"c', '', ']', 'aa', '42', 'ERR'];

describe('label regexes, anchored', () => {
  it.each(PATTERNS.map((p) => [p]))('%s is valid, and matches, exactly as in RE2', (pattern) => {
    let re2: ReturnType<typeof RE2JS.compile> | undefined;
    try {
      re2 = RE2JS.compile(`^(?:${pattern})$`);
    } catch {
      re2 = undefined;
    }
    if (!re2) {
      expect(() => compileAnchored(pattern)).toThrow();
      return;
    }
    const ours = compileAnchored(pattern);
    for (const value of VALUES) expect(ours.matches(value), `${pattern} ~ ${JSON.stringify(value)}`).toBe(re2.matches(value));
  });
});
