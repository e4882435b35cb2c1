/**
 * Label regexes as Prometheus reads them: RE2, anchored. Plain patterns (letters, digits,
 * punctuation, groups, alternation, repetition, simple classes such as [1-4]) are valid and match
 * alike in JavaScript and RE2, so they take the built-in engine; anything else (escapes, (?…),
 * {n}, POSIX classes) goes to re2js, a port of RE2 loaded only then (it costs ~25 ms of start-up).
 */
import { createRequire } from 'node:module';
import type * as Re2js from 're2js';

function isPlainPattern(pattern: string): boolean {
  // A class is plain when non-empty and free of escapes, POSIX names and nested brackets ([^] and [] are not).
  const withoutClasses = pattern.replace(/\[\^?[^\][\\:^][^\][\\:]*\]/g, 'x');
  return !withoutClasses.includes('(?') && /^[A-Za-z0-9_.|*+?()^$ \-/:%@#=,;!~'"&<>]*$/.test(withoutClasses);
}

let re2: typeof Re2js.RE2JS | undefined;
function loadRe2(): typeof Re2js.RE2JS {
  re2 ??= (createRequire(import.meta.url)('re2js') as typeof Re2js).RE2JS;
  return re2;
}

export interface AnchoredRegex {
  matches(value: string): boolean;
}

/** Compiles ^(?:pattern)$; throws with RE2's (or the built-in engine's) reason when it is invalid. */
export function compileAnchored(pattern: string): AnchoredRegex {
  const anchored = `^(?:${pattern})$`;
  if (isPlainPattern(pattern)) {
    const regex = new RegExp(anchored);
    return { matches: (value) => regex.test(value) };
  }
  const compiled = loadRe2().compile(anchored);
  return { matches: (value) => compiled.matches(value) };
}
