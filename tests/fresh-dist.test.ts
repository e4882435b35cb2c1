/**
 * Tests run what they test (issue "Tests that test the source"): the tests' global setup rebuilds
 * dist/ when a source is newer than the last build. Shown on a copy of the project: a source edited
 * without a build is what the CLI runs next, and an unchanged source builds nothing.
 */
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureFreshDist } from './setup/fresh-dist.js';
import { PROJECT_ROOT, run, tempDir } from './helpers/tools.js';
import { scaled } from './helpers/slowdown.js';

describe('dist/ follows src/ in tests', () => {
  it(
    'rebuilds after a source edit, and only then; the CLI runs the edit',
    () => {
      const copy = tempDir('sloforge-fresh-dist-');
      for (const entry of ['src', 'scripts', 'bin', 'package.json', 'tsconfig.json', 'tsconfig.build.json'])
        cpSync(path.join(PROJECT_ROOT, entry), path.join(copy, entry), { recursive: true });
      symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
      const help = () => run(process.execPath, [path.join(copy, 'bin/sloforge.mjs'), '--help'], copy).stdout;

      expect(ensureFreshDist(copy)).toBe(true); // never built
      expect(help()).toContain('SLO-as-code: compile a typed TypeScript SLO catalog');
      expect(ensureFreshDist(copy)).toBe(false); // nothing changed

      const main = path.join(copy, 'src/cli/main.ts');
      writeFileSync(main, readFileSync(main, 'utf8').replace('SLO-as-code: compile a typed', 'SLO-as-code (edited without a build): compile a typed'));
      expect(ensureFreshDist(copy)).toBe(true);
      expect(help()).toContain('SLO-as-code (edited without a build): compile a typed');
    },
    scaled(180_000),
  );
});
