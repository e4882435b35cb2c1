/**
 * Small core modules the CLI leans on, in process (their use is tested through the CLI, which a
 * mutant of src/ does not reach): "did you mean", the report tables, and which errors are the
 * system's. Expected values are worked out by hand: edit distances counted letter by letter,
 * tables padded by counting characters.
 */
import { describe, expect, it } from 'vitest';
import { isSystemError } from '../src/core/errors.js';
import { didYouMean } from '../src/core/suggest.js';
import { renderMarkdown, renderTable } from '../src/core/table.js';

describe('didYouMean', () => {
  const OPTIONS = ['objective', 'period', 'alerting', 'groupBy', 'lowTrafficGuard'];
  it.each([
    // One letter swapped: objetcive → objective is 2 edits (a transposition is two substitutions).
    ['objetcive', OPTIONS, ' (did you mean "objective"?)'],
    // Case is not an edit.
    ['Period', OPTIONS, ' (did you mean "period"?)'],
    ['GROUPBY', OPTIONS, ' (did you mean "groupBy"?)'],
    // One letter missing, one extra.
    ['alertng', OPTIONS, ' (did you mean "alerting"?)'],
    ['periods', OPTIONS, ' (did you mean "period"?)'],
    // 3 edits from "period" (6 letters: the limit is max(2, 6/3 = 2) = 2): nothing.
    ['perXYZ', OPTIONS, ''],
    // 15 letters allow 15/3 = 5 edits: lowTrafficGuard from lowTraficGard (2 missing letters) and from "lowTrafficXXXXX" (5 changed).
    ['lowTraficGard', OPTIONS, ' (did you mean "lowTrafficGuard"?)'],
    ['lowTrafficXXXXX', OPTIONS, ' (did you mean "lowTrafficGuard"?)'],
    ['lowTrafficXXXXXX', OPTIONS, ''],
    // Nothing close at all, and nothing known.
    ['zzz', OPTIONS, ''],
    ['objective', [], ''],
    // The empty name is 2 edits from a 2-letter one, 3 from a 3-letter one.
    ['', ['ab'], ' (did you mean "ab"?)'],
    ['', ['abc'], ''],
  ] as const)('%j among %j gives %j', (name, known, text) => {
    expect(didYouMean(name, known)).toBe(text);
  });

  it('the closest wins; of two equally close, the first', () => {
    // "prod": 1 edit from "proud" (an inserted u) and from "prods"; "product" is 3 away: the first of the two wins.
    expect(didYouMean('prod', ['product', 'proud', 'prods'])).toBe(' (did you mean "proud"?)');
    expect(didYouMean('prod', ['product', 'prods', 'proud'])).toBe(' (did you mean "prods"?)');
    expect(didYouMean('prodxct', ['product', 'prods'])).toBe(' (did you mean "product"?)');
    expect(didYouMean('cat', ['bat', 'hat'])).toBe(' (did you mean "bat"?)');
    expect(didYouMean('cat', ['hat', 'bat'])).toBe(' (did you mean "hat"?)');
    // Distance counts every insertion: "ab" → "abcd" is 2, "ab" → "xy" is 2 substitutions; the first stays.
    expect(didYouMean('ab', ['abcd', 'xy'])).toBe(' (did you mean "abcd"?)');
    expect(didYouMean('ab', ['xyz', 'abc'])).toBe(' (did you mean "abc"?)');
  });
});

describe('report tables', () => {
  const rows = [
    { slo: 'api-errors', sli: '99.9%' },
    { slo: 'up', sli: 'no data' },
  ];
  const columns = [
    { header: 'slo', value: (r: (typeof rows)[number]) => r.slo },
    { header: 'SLI', value: (r: (typeof rows)[number]) => r.sli },
  ];

  it('a terminal table: columns as wide as their widest cell, two spaces apart, no trailing space', () => {
    expect(renderTable(rows, columns)).toBe('slo         SLI\napi-errors  99.9%\nup          no data\n');
  });

  it('a header wider than its cells sets the width', () => {
    expect(renderTable([{ slo: 'a', sli: 'b' }], [{ header: 'service level objective', value: (r) => r.slo }, columns[1]])).toBe(
      'service level objective  SLI\na                        b\n',
    );
  });

  it('no rows: the header alone', () => {
    expect(renderTable([], columns)).toBe('slo  SLI\n');
    expect(renderMarkdown([], columns)).toBe('| slo | SLI |\n|---|---|\n');
  });

  it('Markdown: one line a row, pipes escaped and line breaks made spaces', () => {
    expect(renderMarkdown([...rows, { slo: 'a|b', sli: 'x\r\ny\nz' }], columns)).toBe(
      '| slo | SLI |\n|---|---|\n| api-errors | 99.9% |\n| up | no data |\n| a\\|b | x y z |\n',
    );
  });
});

describe('isSystemError', () => {
  it.each([
    [Object.assign(new Error('denied'), { code: 'EACCES' }), true],
    [Object.assign(new Error('full'), { code: 'ENOSPC' }), true],
    [Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }), false],
    [Object.assign(new Error('x'), { code: 'eacces' }), false],
    [Object.assign(new Error('x'), { code: 'E' }), false],
    [Object.assign(new Error('x'), { code: 13 }), false],
    [new Error('no code'), false],
    [undefined, false],
    [null, false],
  ])('%o: %s', (error, expected) => {
    expect(isSystemError(error)).toBe(expected);
  });
});
