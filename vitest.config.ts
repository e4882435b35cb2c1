import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { measureSlowdown } from './tests/setup/slowdown.js';

// Time limits scale with how busy the machine is: measured once per run (or SLOFORGE_TEST_SLOWDOWN),
// then handed to the workers through the environment (tests/helpers/slowdown.ts reads it).
process.env.SLOFORGE_TEST_SLOWDOWN ||= String(measureSlowdown());
const slowdown = Number(process.env.SLOFORGE_TEST_SLOWDOWN);

export default defineConfig({
  // Catalogs import the package by name; in this repository the tests read its source.
  resolve: { alias: { sloforge: fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['tests/**/*.test.ts'],
    // The CLI tests run dist/: it is rebuilt first when a source is newer (and before each watch rerun).
    globalSetup: ['tests/setup/fresh-dist.ts'],
    testTimeout: Math.round(120_000 * slowdown),
    hookTimeout: Math.round(120_000 * slowdown),
    pool: 'forks',
    // Two files at a time on two cores: the end-to-end suites spend much of their time waiting on
    // servers (startup, scrapes, remote writes), which the other file's CPU work fills.
    maxWorkers: 2,
  },
});
