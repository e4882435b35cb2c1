/**
 * YAML as every generated file writes it: block style, no line folding, no anchors, keys in
 * insertion order. The common shapes (maps, lists, plain strings, numbers) are written directly,
 * which is ~5× faster than building a document; every scalar that might need quoting or a block
 * goes through the `yaml` library (one-line quoted strings follow its rule directly), so the bytes
 * are the library's: a test compares them on every generated file and on 5,000 random strings.
 */
import { stringify } from 'yaml';

const OPTIONS = { lineWidth: 0, indent: 2, sortMapEntries: false, aliasDuplicateObjects: false } as const;

/** Strings that YAML 1.2's core schema would read as another type, or that need care. */
const NOT_A_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** Characters the library always writes double-quoted and escaped. */
// eslint-disable-next-line no-control-regex -- these are the characters it finds
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

/** A safe first character, then no tab, newline, control character or surrogate (one scan of the string). */
// eslint-disable-next-line no-control-regex -- it excludes them
const PLAIN_CHARS = /^[A-Za-z0-9_/.(+$][^\n\t\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]*$/;

/** A conservative test for a string the library also writes plain; anything else goes to the library. */
function isPlain(value: string): boolean {
  return (
    value !== '' &&
    PLAIN_CHARS.test(value) &&
    // ": " and " #" would start a mapping or a comment; a trailing ":" or space would be read back differently.
    !value.includes(': ') &&
    !value.includes(' #') &&
    !value.endsWith(':') &&
    !value.endsWith(' ') &&
    !value.startsWith('---') &&
    !value.startsWith('...') &&
    !NOT_A_STRING.test(value)
  );
}

/**
 * A scalar as the library writes it, continuation lines indented to `indent`. The library is
 * asked about a one-item list, so that it decides in the context of a nested value.
 */
function scalar(value: unknown, indent: string): string {
  if (typeof value === 'string' && value.length <= SHORT) {
    const known = shortScalars.get(value);
    if (known !== undefined) return known;
  }
  if (typeof value === 'string' && isPlain(value)) return remember(value, value);
  if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && mustQuoteOneLine(value)) return remember(value, quoted(value));
  return (typeof value === 'string' && literalBlock(value, indent)) || libraryScalar(value, indent);
}

/**
 * The library's literal block (`|-`) for multi-line printable ASCII (an alert's `and`-joined
 * windows): no line empty or with spaces at either end, none ending the string. Anything else
 * goes to the library.
 */
function literalBlock(value: string, indent: string): string | undefined {
  if (!value.includes('\n') || value.endsWith('\n') || !/^[\x20-\x7e\n]*$/.test(value)) return undefined;
  const lines = value.split('\n');
  if (lines.some((line) => line === '' || line.startsWith(' ') || line.endsWith(' '))) return undefined;
  return `|-${lines.map((line) => `\n${indent}${line}`).join('')}`;
}

/**
 * Short strings recur across files (alert names, durations, label values): each is judged once.
 * Only one-line results are kept, since a block's continuation lines depend on the indentation.
 */
const SHORT = 64;
const shortScalars = new Map<string, string>();
function remember(value: string, written: string): string {
  if (value.length <= SHORT && shortScalars.size < 100_000) shortScalars.set(value, written);
  return written;
}

/** Keys recur in every file: each is judged once. */
const keys = new Map<string, string>();
function keyOf(key: string): string {
  let written = keys.get(key);
  if (written === undefined) {
    written = isPlain(key) ? key : mapKey(key);
    if (keys.size < 100_000) keys.set(key, written);
  }
  return written;
}

/** The library's own rule for a string that cannot be plain (yaml 2.x stringifyString.js, plainString). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** One line the library must quote, with nothing to escape but quotes and backslashes (lineWidth 0: never folded). */
function mustQuoteOneLine(value: string): boolean {
  return !value.includes('\n') && NOT_PLAIN.test(value) && !CONTROL.test(value);
}

/** The library's choice of quotes: single when the text holds double quotes only, else JSON's double-quoted form. */
function quoted(value: string): string {
  return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
}

function libraryScalar(value: unknown, indent: string): string {
  const text = stringify([value], OPTIONS).replace(/\n$/, '').slice('- '.length);
  return text.replace(/\n {2}/g, `\n${indent}`);
}

/** A key as the library writes it: an implicit key, quoted where a value would not be (a newline). */
function mapKey(key: string): string {
  const text = stringify({ [key]: 0 }, OPTIONS);
  if (!text.endsWith(': 0\n') || text.startsWith('? ')) throw new Error(`cannot write the YAML key ${JSON.stringify(key)}`);
  return text.slice(0, -': 0\n'.length);
}

function isEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : isMap(value) && !hasKeys(value);
}

/** Whether a map has an own key, without listing them all (this runs for every map of every file). */
function hasKeys(map: Record<string, unknown>): boolean {
  for (const key in map) if (Object.hasOwn(map, key)) return true;
  return false;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlock(value: unknown): boolean {
  return (Array.isArray(value) || isMap(value)) && !isEmpty(value);
}

/** One indentation step deeper; each indentation is built once. */
const indents: string[] = [];
function deeper(indent: string): string {
  return (indents[indent.length] ??= `${indent}  `);
}

function writeMap(map: Record<string, unknown>, indent: string, out: string[], first: string): void {
  let prefix = first;
  for (const key in map) {
    const value = map[key];
    if (value === undefined || !Object.hasOwn(map, key)) continue;
    const k = keyOf(key);
    // Most values are strings, never a block or an empty collection: straight to the scalar.
    if (typeof value === 'string') {
      out.push(prefix, k, ': ', scalar(value, deeper(indent)), '\n');
      prefix = indent;
      continue;
    }
    // Pieces are pushed, not joined into a line first: the one join at the end copies each once (a line per push cost ~1 GB of short-lived strings at 10,000 SLOs).
    if (isBlock(value)) {
      out.push(prefix, k, ':\n');
      // Lists under a key sit at the key's indentation plus one step, as the library writes them.
      writeBlock(value, deeper(indent), out);
    } else out.push(prefix, k, ': ', isEmpty(value) ? (Array.isArray(value) ? '[]' : '{}') : scalar(value, deeper(indent)), '\n');
    prefix = indent;
  }
}

function writeList(list: unknown[], indent: string, out: string[], first: string): void {
  let prefix = first;
  for (const item of list) {
    if (typeof item === 'string') out.push(prefix, '- ', scalar(item, deeper(indent)), '\n');
    else if (isMap(item) && !isEmpty(item)) writeMap(item, deeper(indent), out, `${prefix}- `);
    else if (Array.isArray(item) && item.length > 0) writeList(item, deeper(indent), out, `${prefix}- `);
    else out.push(prefix, '- ', isEmpty(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item, deeper(indent)), '\n');
    prefix = indent;
  }
}

function writeBlock(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) writeList(value, indent, out, indent);
  else writeMap(value as Record<string, unknown>, indent, out, indent);
}

export function toYaml(document: unknown): string {
  if (!isBlock(document)) return stringify(document, OPTIONS);
  const out: string[] = [];
  writeBlock(document, '', out);
  return out.join('');
}
