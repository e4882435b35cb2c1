// ESLint (typescript-eslint) for every TypeScript file, and the layering of src/ as import rules:
// core ← catalog ← model ← emitters ← compile ← cli, with reports, output and the Prometheus client beside.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layers a folder of src/ (or the compile entry points) must not import, by the name as it appears in
 * an import path. Every folder has a row (tests/layering.test.ts checks it, and that a forbidden
 * import fails lint): the higher layers (cli on top; importers, exporters, history and scaffold
 * beside the compiler) are never imported from below.
 */
const HIGH = ['cli', 'bench', 'compile', 'importers', 'exporters', 'history', 'scaffold'];
export const FORBIDDEN = {
  core: ['catalog', 'model', 'emitters', 'reports', 'output', 'prometheus-api', ...HIGH],
  catalog: ['model', 'emitters', 'reports', 'output', 'prometheus-api', ...HIGH],
  model: ['emitters', 'reports', 'output', 'prometheus-api', ...HIGH],
  emitters: ['reports', 'output', 'prometheus-api', ...HIGH],
  reports: ['emitters', 'output', ...HIGH],
  output: ['catalog', 'model', 'emitters', 'reports', 'prometheus-api', ...HIGH],
  'prometheus-api': ['catalog', 'model', 'emitters', 'reports', 'output', ...HIGH],
  bench: ['model', 'emitters', 'reports', 'output', 'prometheus-api', ...HIGH.filter((l) => l !== 'bench')],
  history: ['catalog', 'output', 'reports', ...HIGH.filter((l) => l !== 'history')],
  exporters: ['emitters', 'reports', 'output', 'prometheus-api', ...HIGH.filter((l) => l !== 'exporters')],
  importers: ['catalog', 'model', 'emitters', 'reports', 'output', 'prometheus-api', ...HIGH.filter((l) => l !== 'importers')],
  scaffold: ['catalog', 'model', 'emitters', 'reports', 'output', 'prometheus-api', ...HIGH.filter((l) => l !== 'scaffold')],
  // The compile entry points (src/compile.ts, src/compile-checked.ts): catalog, model, emitters and output only.
  compile: ['reports', 'prometheus-api', ...HIGH.filter((l) => l !== 'compile')],
  // The top: the CLI may import every layer, and nothing imports it.
  cli: [],
};

const layering = Object.entries(FORBIDDEN)
  .filter(([, forbidden]) => forbidden.length > 0)
  .map(([layer, forbidden]) => ({
    files: layer === 'compile' ? ['src/compile.ts', 'src/compile-checked.ts'] : [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map((name) => ({
            group: [`**/${name}/*`, `**/${name}.js`, ...(name === 'compile' ? ['**/compile-checked.js'] : [])],
            message: `src/${layer} must not import src/${name}: imports run core ← catalog ← model ← emitters ← compile ← cli (see docs/reference.md, "Layout").`,
          })),
        },
      ],
    },
  }));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'alerts/', 'generated/', 'tests/fixtures/', '.stryker-tmp/', 'reports/', 'site/', 'bench/scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  ...layering,
);
