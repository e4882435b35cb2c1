/**
 * The depth of the generated promtool tests (issue "Scale"): full writes every scenario, smoke one
 * detection test per SLO instance, none no test file; `generate --tests` overrides the catalog.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import { fivexx, smallService } from './helpers/catalogs.js';
import { promtool, sloforge, tempDir, writeFiles } from './helpers/tools.js';

const catalog = (tests?: 'full' | 'smoke' | 'none') =>
  validateCatalog({ services: [smallService([fivexx('a'), fivexx('b', '0.1%')])], ...(tests ? { tests } : {}) }, 'depth.ts');
const testFiles = (tests?: 'full' | 'smoke' | 'none') =>
  compileCatalog(catalog(tests))
    .files.filter((f) => f.path.endsWith('.test.yml'))
    .map((f) => f);

describe('generated promtool test depth', () => {
  it('full (the default): the scenario, detection and low-traffic guard suites of each SLO', () => {
    expect(testFiles().map((f) => path.basename(f.path))).toEqual([
      'a.detection.test.yml',
      'a.guard.test.yml',
      'a.test.yml',
      'b.detection.test.yml',
      'b.guard.test.yml',
      'b.test.yml',
    ]);
    expect(testFiles('full').map((f) => f.path)).toEqual(testFiles().map((f) => f.path));
  });

  it('smoke: one test per SLO, the full outage that must page, and it passes promtool', () => {
    const files = testFiles('smoke');
    expect(files.map((f) => path.basename(f.path))).toEqual(['a.detection.test.yml', 'b.detection.test.yml']);
    for (const f of files) expect(f.content.match(/^ {2}- name: /gm)).toHaveLength(1);
    expect(files[0].content).toContain('a full outage pages within');
    const dir = tempDir();
    writeFiles(dir, compileCatalog(catalog('smoke')).files);
    const result = promtool(['test', 'rules', ...files.map((f) => path.join(dir, f.path))]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('none: no test file, the rules still generated', () => {
    expect(testFiles('none')).toEqual([]);
    expect(compileCatalog(catalog('none')).files.some((f) => f.path.endsWith('a.rules.yml'))).toBe(true);
  });

  it('generate --tests smoke overrides the catalog and removes the test files it no longer writes', () => {
    const dir = tempDir();
    const first = sloforge(['generate', '--catalog', 'examples/shop/slos/index.ts', '--out', dir]);
    expect(first.status, first.stderr).toBe(0);
    const count = () => readdirSync(path.join(dir, 'alerts/storefront/live')).filter((f) => f.endsWith('.test.yml')).length;
    const full = count();
    const smoke = sloforge(['generate', '--catalog', 'examples/shop/slos/index.ts', '--out', dir, '--tests', 'smoke']);
    expect(smoke.status, smoke.stderr).toBe(0);
    expect(count()).toBeLessThan(full);
    expect(sloforge(['generate', '--catalog', 'examples/shop/slos/index.ts', '--out', dir, '--tests', 'deep']).status).not.toBe(0);
  });
});
