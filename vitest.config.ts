import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure code: engine, parsers, validators; no database, no FerretDB process) and
// `integration` (HTTP, sockets, jobs and the browser against one real database server). `npm test` runs
// both; `npm run test:unit` runs the unit project alone in seconds. A unit test file is named *.unit.test.ts.
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.unit.test.ts'],
          pool: 'threads',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.unit.test.ts'],
          // One real database server for the run (FerretDB unless MONGODB_URI is set); each file gets its own database.
          globalSetup: ['test/setup/global-db.ts'],
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
