/**
 * The documentation's catalogs compile: every TypeScript block of the README and docs/ that is a
 * whole catalog (it has `export default catalog(`) is written to a temporary folder as a user would
 * save it and generated with the CLI. The other blocks are fragments of a catalog (one option, one
 * SLO), named in the prose around them.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, sloforge, tempDir } from './helpers/tools.js';

const PAGES = [
  'README.md',
  ...readdirSync(path.join(PROJECT_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const CATALOGS = PAGES.flatMap((page) =>
  [...readFileSync(path.join(PROJECT_ROOT, page), 'utf8').matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```/gm)]
    .map((m) => m[1])
    .filter((code) => code.includes('export default catalog('))
    .map((code, index) => ({ name: `${page} #${index + 1}`, code })),
);

describe('catalogs in the documentation', () => {
  it('there is at least one whole catalog to check', () => {
    expect(CATALOGS.length).toBeGreaterThan(0);
  });

  it.each(CATALOGS.map((c) => [c.name, c.code]))('%s generates', (_, code) => {
    const dir = tempDir('sloforge-docs-example-');
    writeFileSync(path.join(dir, 'catalog.ts'), code);
    const generated = sloforge(['generate', '--catalog', 'catalog.ts', '--out', 'out'], dir);
    expect(generated.status, generated.stderr).toBe(0);
    expect(generated.stdout + generated.stderr).toMatch(/generated \d+ files/);
  });
});
