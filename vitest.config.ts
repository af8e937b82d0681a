import { defineConfig } from 'vitest/config';

const shared = ['node_modules/**', '.test-data/**', 'data/**'];

/**
 * Three projects: `unit` (no network, no database), `db` (real PostgreSQL: embedded by default,
 * TEST_DATABASE_URL when set) and `e2e` (a real headless browser). File names say which:
 * `*.test.ts`, `*.db.test.ts`, `*.e2e.test.ts`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...shared, '**/*.db.test.ts', '**/*.e2e.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'db',
          include: ['**/*.db.test.ts'],
          exclude: shared,
          globalSetup: ['test/helpers/db-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['**/*.e2e.test.ts'],
          exclude: shared,
          // Browser tests serve pages backed by a real database, like the db project.
          globalSetup: ['test/helpers/db-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
