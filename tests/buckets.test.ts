import { describe, expect, it } from 'vitest';
import { boundRegex, boundSpellings } from '../src/core/buckets.js';

const matchesLe = (bound: number, le: string) => new RegExp(`^(?:${boundRegex(bound)})$`).test(le);

describe('histogram bucket bounds', () => {
  it('matches both the Go (le="1") and the Python (le="1.0") spelling', () => {
    expect(boundSpellings(1)).toEqual(['1', '1.0']);
    expect(matchesLe(1, '1')).toBe(true);
    expect(matchesLe(1, '1.0')).toBe(true);
    expect(matchesLe(30, '30.0')).toBe(true);
    expect(matchesLe(0.5, '0.5')).toBe(true);
  });

  it('matches no other bound', () => {
    expect(matchesLe(1, '10')).toBe(false);
    expect(matchesLe(1, '1.5')).toBe(false);
    expect(matchesLe(0.5, '0x5')).toBe(false); // the dot is escaped
    expect(matchesLe(0.5, '0.50')).toBe(false);
  });
});
