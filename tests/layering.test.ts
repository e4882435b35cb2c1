/**
 * The layering of src/ cannot be broken quietly: every folder of src/ has a row of forbidden
 * imports in eslint.config.js, and lint refuses a forbidden import (linted as text at a path inside
 * the layer, nothing written) while it accepts an allowed one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/tools.js';

const { FORBIDDEN } = (await import(path.join(PROJECT_ROOT, 'eslint.config.js'))) as { FORBIDDEN: Record<string, string[]> };
const eslint = new ESLint({ cwd: PROJECT_ROOT });

async function lintAt(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(PROJECT_ROOT, filePath) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering', () => {
  it('every folder of src/ has a row, and the compile entry points one of their own', () => {
    const folders = readdirSync(path.join(PROJECT_ROOT, 'src')).filter((f) => statSync(path.join(PROJECT_ROOT, 'src', f)).isDirectory());
    expect(folders.filter((f) => !(f in FORBIDDEN))).toEqual([]);
    expect(FORBIDDEN).toHaveProperty('compile');
  });

  it.each([
    ['src/core/probe.ts', "import { compileCatalog } from '../compile.js';", 'src/core must not import src/compile'],
    ['src/core/probe.ts', "import { importSloth } from '../importers/sloth.js';", 'src/core must not import src/importers'],
    ['src/model/probe.ts', "import { backtest } from '../history/backtest.js';", 'src/model must not import src/history'],
    ['src/emitters/probe.ts', "import { initCommand } from '../cli/init.js';", 'src/emitters must not import src/cli'],
    ['src/importers/probe.ts', "import { resolveCatalog } from '../model/resolve.js';", 'src/importers must not import src/model'],
    ['src/compile.ts', "import { evaluateGate } from './reports/gate.js';", 'src/compile must not import src/reports'],
    ['src/scaffold/probe.ts', "import { validateCatalog } from '../catalog/validate.js';", 'src/scaffold must not import src/catalog'],
  ])('%s: %s fails lint', async (file, code, message) => {
    expect((await lintAt(file, `${code}\nexport const probe = 1;\n`)).join('\n')).toContain(message);
  });

  it('src/ has no import cycle, type-only imports included', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const file = path.join(dir, name);
        return statSync(file).isDirectory() ? files(file) : file.endsWith('.ts') ? [file] : [];
      });
    const graph = new Map(
      files(path.join(PROJECT_ROOT, 'src')).map((file) => [
        file,
        [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^;]*?from '(\.[^']+)'/g)].map((m) =>
          path.resolve(path.dirname(file), m[1]).replace(/\.js$/, '.ts'),
        ),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, stack: string[]): void => {
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), file, next].map((f) => path.relative(PROJECT_ROOT, f)).join(' -> '));
        else if (!state.has(next)) visit(next, [...stack, file]);
      }
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('an allowed import passes', async () => {
    expect(await lintAt('src/model/probe.ts', "import { Rational } from '../core/decimal.js';\nexport const probe = Rational;\n")).toEqual([]);
  });
});
