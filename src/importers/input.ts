/**
 * Reading another tool's files as data: bytes that must be UTF-8, YAML documents that must be
 * plain data (no alias bombs, no binary), and shapes checked by a schema, every failure an error
 * that names the file, the document, the object and the field.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../core/errors.js';

/** The longest input file an import reads: far above any real spec, far below what hurts. */
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** The byte offset of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    const second = bytes[i + 1];
    // The second byte's range excludes overlong forms and surrogates (RFC 3629, table 3-7 of Unicode).
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return -1;
}

/** A file's text; input that is not UTF-8 is refused with the offset of the first bad byte. */
export function decodeInput(bytes: Uint8Array, path: string): string {
  if (bytes.length > MAX_INPUT_BYTES) throw new UserError(`${path}: ${bytes.length} bytes; sloforge imports files of at most ${MAX_INPUT_BYTES} bytes`);
  const bad = firstInvalidUtf8Byte(bytes);
  if (bad >= 0)
    throw new UserError(
      `${path}: not UTF-8: byte ${bad} is 0x${bytes[bad].toString(16).padStart(2, '0')} (Latin-1 or another encoding?); convert the file to UTF-8 (iconv -f latin1 -t utf-8)`,
    );
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** The most aliases one document may use: real specs use a few, an alias bomb millions. */
const MAX_ALIASES = 100;

/** A file's YAML documents as plain data (strings, numbers, booleans, null, lists, maps), in order. */
export function yamlDocuments(text: string, file: string): Array<{ value: unknown; where: string }> {
  const lines = new LineCounter();
  return parseAllDocuments(text, { uniqueKeys: true, lineCounter: lines }).flatMap((document, index) => {
    const where = `${file}: document ${index + 1}`;
    if (document.errors.length > 0) throw new UserError(`${where}: not YAML: ${document.errors[0].message.split('\n')[0]}`);
    let problem: string | undefined;
    visit(document, (_, node) => {
      if ((isScalar(node) || isMap(node) || isSeq(node)) && node.tag && !PLAIN_TAGS.has(node.tag))
        problem ??= `the tag ${node.tag} is not plain data (strings, numbers, booleans, lists and maps)`;
      // A map's toJS assigns keys: "__proto__" would set the prototype and the entry would vanish.
      if (isPair(node) && isScalar(node.key) && node.key.value === '__proto__')
        problem ??= `line ${node.key.range ? lines.linePos(node.key.range[0]).line : '?'}: the key "__proto__" is refused: it is no Prometheus label name (names beginning with __ are reserved), and JavaScript reads it as an object's prototype`;
    });
    if (problem) throw new UserError(`${where}: ${problem}`);
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (error) {
      // The yaml library stops an alias bomb (maxAliasCount) with a ReferenceError.
      throw new UserError(`${where}: cannot read it: ${(error as Error).message.split('\n')[0]}`);
    }
    return value === null || value === undefined ? [] : [{ value, where }];
  });
}

const PLAIN_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);

/** A zod path as the field names of the input: `slos[2].sli.events.error_query`. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

/** The value, checked by the schema; else an error naming where, the field and what is wrong. */
export function parseShape<T>(schema: z.ZodType<T>, value: unknown, where: (path: ReadonlyArray<PropertyKey>) => string, fieldPrefix: PropertyKey[] = []): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new UserError(`${where(issue.path)}: field "${fieldPath([...fieldPrefix, ...issue.path])}": ${issue.message}`);
}

/** Prometheus label names; names beginning with __ are Prometheus's own (and `__proto__` is JavaScript's). */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Why a label name cannot be imported, or undefined when it can. */
export function labelNameProblem(name: string): string | undefined {
  if (!LABEL_NAME.test(name)) return `${JSON.stringify(name)} is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)`;
  if (name.startsWith('__')) return `${JSON.stringify(name)}: label names beginning with __ are reserved for Prometheus's internal use`;
  return undefined;
}
