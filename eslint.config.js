// ESLint (typescript-eslint) for every TypeScript file, and the layering of src/ as import rules:
// core ← catalog ← model ← emitters ← compile ← cli, with reports, output and the Prometheus client beside.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layers a folder of src/ must not import, by the folder's name as it appears in an import path. */
const FORBIDDEN = {
  core: ['catalog', 'model', 'emitters', 'reports', 'output', 'cli', 'bench', 'prometheus-api', 'compile', 'history'],
  catalog: ['model', 'emitters', 'reports', 'output', 'cli', 'bench', 'prometheus-api', 'compile'],
  model: ['emitters', 'reports', 'output', 'cli', 'bench', 'prometheus-api', 'compile'],
  emitters: ['reports', 'output', 'cli', 'bench', 'prometheus-api', 'compile'],
  reports: ['emitters', 'output', 'cli', 'bench', 'compile'],
  output: ['catalog', 'model', 'emitters', 'reports', 'cli', 'bench', 'prometheus-api', 'compile'],
  'prometheus-api': ['catalog', 'model', 'emitters', 'reports', 'output', 'cli', 'bench', 'compile'],
  bench: ['model', 'emitters', 'reports', 'output', 'cli', 'prometheus-api', 'compile'],
  history: ['catalog', 'output', 'cli', 'bench', 'compile', 'reports'],
  exporters: ['emitters', 'reports', 'output', 'cli', 'bench', 'prometheus-api', 'compile', 'history', 'importers'],
  importers: ['catalog', 'model', 'emitters', 'reports', 'output', 'cli', 'bench', 'prometheus-api', 'compile'],
};

const layering = Object.entries(FORBIDDEN).map(([layer, forbidden]) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((name) => ({
          group: [`**/${name}/*`, `**/${name}.js`],
          message: `src/${layer} must not import src/${name}: imports run core ← catalog ← model ← emitters ← compile ← cli (see README, "Layout").`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'alerts/', 'generated/', 'tests/fixtures/', '.stryker-tmp/', 'reports/'] },
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
