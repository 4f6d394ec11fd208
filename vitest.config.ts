import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take minutes, started first. Two workers share the files; a long one picked up
 * late keeps one core busy after the other has run out of work. Without a results cache (a fresh
 * clone: CI) vitest would order by file size, which puts the slow CLI lifecycle files (few lines,
 * many processes started) near the end. Figures: seconds alone on a quiet 2-core machine.
 */
const LONG_FILES_FIRST = [
  'packages/server/src/processes/paths.http.a.test.ts', // ~90 s (the two halves of every process path)
  'packages/server/src/processes/paths.http.b.test.ts', // ~90 s
  'packages/cli/src/backup.test.ts', // 43 s
  'packages/cli/src/gateway.test.ts', // 37 s
  'packages/cli/src/operations.test.ts', // 29 s
  'packages/cli/src/package-trust.test.ts', // 28 s
  'packages/cli/src/serve.test.ts', // 26 s
  'packages/cli/src/bundle.test.ts', // 23 s
];

class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => LONG_FILES_FIRST.indexOf(path.relative(import.meta.dirname, f.moduleId).split(path.sep).join('/'));
    return [...sorted.filter((f) => rank(f) >= 0).sort((a, b) => rank(a) - rank(b)), ...sorted.filter((f) => rank(f) < 0)];
  }
}

// Three projects: `core` is pure (no I/O, no database); `server` runs against a real
// PostgreSQL started once per run by the global setup (embedded by default, external
// when TEST_DATABASE_URL is set); `e2e` drives Debian's Chromium against the built web app
// served by a real server on its own database (packages/web/README.md).
export default defineConfig({
  test: {
    // two test files at a time: a server test file mostly waits on PostgreSQL, so two keep a 2-core
    // machine busy (vitest's default there is one worker, which left the server suite at ~17 minutes;
    // measured since: 93% of both cores busy through the phase); e2e runs on its own afterwards
    // (`npm test`), also two files at a time (a browser and a server each)
    maxWorkers: 2,
    minWorkers: 1,
    // Files share a worker's module cache (isolation off; vitest decides it for the whole pool, not
    // per project): the server's modules are loaded and compiled once per worker, not once per file,
    // and font parses and compiled code stay warm (a 6-file sample: 41 s → 20 s). Each file still
    // gets its own database; module state that outlives a file must be keyed by database (the
    // caches are: db/cache-bus.ts) or reset in the file's beforeAll (processes/paths-http-suite.ts).
    poolOptions: { forks: { isolate: false } },
    sequence: { sequencer: LongFilesFirst },
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
          // One browser and one server per file. (A project's fileParallelism is not honoured: vitest
          // sizes its one pool from the root options, so the e2e files have always run two at a time.)
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // No retries: a flaky browser test is a bug to fix, not to hide (STYLE.md §4).
          retry: 0,
        },
      },
    ],
  },
});
