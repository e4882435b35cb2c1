import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant (make mutation): those that import the source and
 * spawn nothing. The CLI tests run dist/, which a mutant of src/ never reaches; the end-to-end
 * tests take minutes a run.
 */
export default defineConfig({
  resolve: { alias: { sloforge: fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: [
      'tests/{decimal,format,buckets,re2,yaml,burn-rate,window-tiles,boundaries,plan,gate,live-fuzz,kimberly-rules,incident-score}.test.ts',
      // In process too (a file's CLI tests cover no source here, so no mutant runs them):
      'tests/{model-tables,budget,batch-job,alertmanager-config,sample-encoding,grafana-dashboards,structural-panels,dashboard-thresholds,dashboard-readability}.test.ts',
      // The live commands' judgement on hand-written answers, and the catalog diff:
      'tests/{live-report,checklist,diff-report,core-text}.test.ts',
      'tests/emitters/*.test.ts',
    ],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
