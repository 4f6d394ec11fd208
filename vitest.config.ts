import { defineConfig } from 'vitest/config';

// Three projects: `core` is pure (no I/O, no database); `server` runs against a real
// PostgreSQL started once per run by the global setup (embedded by default, external
// when TEST_DATABASE_URL is set); `e2e` drives Debian's Chromium against the built web app
// served by a real server on its own database (packages/web/README.md).
export default defineConfig({
  test: {
    // two test files at a time: a server test file mostly waits on PostgreSQL, so two keep a 2-core
    // machine busy (vitest's default there is one worker, which left the server suite at ~17 minutes);
    // e2e runs on its own afterwards (`npm test`), its files one after another (fileParallelism: false below)
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      {
        test: {
          name: 'core',
          // the web's pure tests (the locales' keys) run here: no browser, no database
          include: ['packages/core/src/**/*.test.ts', 'packages/web/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          include: ['packages/server/src/**/*.test.ts', 'packages/cli/src/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['packages/server/src/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['packages/web/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['packages/web/e2e/global-setup.ts', 'packages/server/src/test/global-setup.ts'],
          // One browser and one server per file; files run one after another (2-core machines).
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // No retries: a flaky browser test is a bug to fix, not to hide (STYLE.md §4).
          retry: 0,
        },
      },
    ],
  },
});
