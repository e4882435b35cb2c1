import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Catalogs import the package by name; in this repository the tests read its source.
  resolve: { alias: { sloforge: fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['tests/**/*.test.ts'],
    // The CLI tests run dist/: it is rebuilt first when a source is newer (and before each watch rerun).
    globalSetup: ['tests/setup/fresh-dist.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time on two cores: the end-to-end suites spend much of their time waiting on
    // servers (startup, scrapes, remote writes), which the other file's CPU work fills.
    maxWorkers: 2,
  },
});
