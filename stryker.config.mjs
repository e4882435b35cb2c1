// Mutation testing (make mutation): which mutants of the rule-making core the tests notice.
// Incremental: reports/stryker-incremental.json keeps the last results, so a run re-tests only the
// mutants of changed code and the tests that changed. Scores per folder: docs/testing.md.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: [
    'src/core/**/*.ts',
    'src/model/**/*.ts',
    'src/reports/**/*.ts',
    'src/emitters/prometheus/**/*.ts',
    // I/O and text around the rules, not their logic:
    '!src/core/html.ts',
    '!src/reports/html.ts',
  ],
  checkers: [],
  coverageAnalysis: 'perTest',
  // Module-level mutants (constants every test loads) would each rerun the whole selection: left out, and counted as such.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation.json' },
  concurrency: 2,
  // A mutant that loops forever (a `while` whose step is removed) is stopped after 10 s and counted as killed.
  timeoutMS: 10_000,
  thresholds: { high: 85, low: 75, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
