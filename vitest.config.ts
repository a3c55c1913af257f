import { defineConfig } from 'vitest/config';

// Three projects so each kind of test gets the set-up it needs:
// - unit: pure TypeScript (engine, markdown plugins, widget cores), fast;
// - site: builds fixture sites with Astro and asserts on their dist/;
// - e2e: builds the real site once, serves it, and drives Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/site/**', 'tests/e2e/**', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'site',
          include: ['tests/site/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // Astro builds are CPU-heavy; on two cores running them one at a time is faster.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
