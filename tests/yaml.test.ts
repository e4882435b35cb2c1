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
];

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

  it('writes numbers, booleans, empty collections and nested lists', () => {
    const doc = { a: 0, b: -1.5, c: 1e-9, d: true, e: [], f: {}, g: [[1, 2], [{ x: 1 }]], h: [{ y: [] }] };
    expect(toYaml(doc)).toBe(library(doc));
  });
});
