/** The fast YAML writer gives the `yaml` library's bytes, on every generated document and on hostile strings. */
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toYaml } from '../src/core/yaml.js';
import { compiled } from './helpers/kimberly.js';

const library = (doc: unknown) => stringify(doc, { lineWidth: 0, indent: 2, sortMapEntries: false, aliasDuplicateObjects: false });

const HOSTILE = [
  '',
  ' ',
  'true',
  'null',
  '~',
  '0x120',
  '1e3',
  '.inf',
  '- item',
  '-x',
  '? key',
  'a: b',
  'ends:',
  'a #comment',
  '#start',
  '---',
  '...',
  "it's",
  'say "hi"',
  `both ' and "`,
  'line one\nline two',
  'trailing newline\n',
  'two\n lines, the second indented',
  'a line ending in a space \nthen another',
  'an empty line\n\nbetween',
  'sum(x)\nand\nsum(y)',
  '  leading spaces',
  'tab\there',
  '{{ $labels.slo }}',
  '[list]',
  '{env="staging"}',
  '*alias',
  '&anchor',
  '!tag',
  '|block',
  '>folded',
  '%directive',
  '@at',
  '`tick`',
  'ünïcödé ✓',
  'C:\\path\\"quoted"',
  'sum(rate(x[5m])) > 0.5\nor\nvector(0)',
  'a: "b"',
  "a: it's",
  `a: "b" and it's`,
  'a: back\\slash "q"',
  'a: control \u0085 char',
  '#"quoted"',
  'a: ünïcödé ✓',
];

/** Strings of up to 5 characters from an alphabet of YAML's troublemakers, drawn with a fixed seed. */
function troublemakers(count: number): string[] {
  const alphabet = ['a', ' ', ':', '#', '"', "'", '\\', '-', '?', '{', '\t', '\n', 'é', '\u0085', '0', '.'];
  let seed = 12345;
  // The high bits of a linear congruential generator: its low bits repeat with a short period.
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >>> 16;
  return Array.from({ length: count }, () => Array.from({ length: next() % 6 }, () => alphabet[next() % alphabet.length]).join(''));
}

describe('toYaml', () => {
  it('writes every generated document exactly as the yaml library does', () => {
    const documents = compiled.files.filter((f) => f.path.endsWith('.yml')).map((f) => parse(f.content) as unknown);
    expect(documents.length).toBeGreaterThan(100);
    for (const doc of documents) expect(toYaml(doc)).toBe(library(doc));
  });

  it.each(HOSTILE.map((s) => [s]))('keeps %j a string, byte for byte as the library', (value) => {
    const doc = { groups: [{ name: value, rules: [{ expr: value, labels: { [`k`]: value }, list: [value, 1, [], {}] }] }], top: value };
    expect(toYaml(doc)).toBe(library(doc));
    expect(parse(toYaml(doc))).toEqual(doc);
  });

  it('quotes 5,000 random strings of quotes, colons, hashes and escapes as the library does', () => {
    const strings = troublemakers(5000);
    expect(new Set(strings).size).toBeGreaterThan(2000);
    for (const value of strings) {
      const doc = { name: value, list: [value], nested: { [value || 'k']: value } };
      expect(toYaml(doc), JSON.stringify(value)).toBe(library(doc));
    }
  });

  it('writes numbers, booleans, empty collections and nested lists', () => {
    const doc = { a: 0, b: -1.5, c: 1e-9, d: true, e: [], f: {}, g: [[1, 2], [{ x: 1 }]], h: [{ y: [] }] };
    expect(toYaml(doc)).toBe(library(doc));
  });
});
