import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import type { Db } from './knex.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Loads the TypeScript migrations through our own `import()`, so whichever loader runs Sigma
 * (tsx in production, Vite in tests) compiles them; knex's own loader would not.
 */
const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{14}_.+\.ts$/.test(f))
      .sort();
  },
  getMigrationName(file) {
    return file;
  },
  async getMigration(file) {
    const mod = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as MigrationModule;
    return { up: mod.up, down: mod.down };
  },
};

const migrationConfig: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
  return applied;
}

export async function migrateRollbackAll(db: Db): Promise<string[]> {
  const [, rolledBack] = (await db.migrate.rollback(migrationConfig, true)) as [number, string[]];
  return rolledBack;
}

/** Applies the next pending migration alone; returns its name, or null when none is pending. */
export async function migrateUpOne(db: Db): Promise<string | null> {
  const [, applied] = (await db.migrate.up(migrationConfig)) as [number, string[]];
  return applied[0] ?? null;
}

/** Undoes the last applied migration alone; returns its name, or null when none is applied. */
export async function migrateDownOne(db: Db): Promise<string | null> {
  const [, undone] = (await db.migrate.down(migrationConfig)) as [number, string[]];
  return undone[0] ?? null;
}

export async function migrationStatus(db: Db): Promise<{ applied: string[]; pending: string[] }> {
  const [applied, pending] = (await db.migrate.list(migrationConfig)) as [
    Array<{ name: string }>,
    Array<{ file: string } | string>,
  ];
  return {
    applied: applied.map((m) => m.name),
    pending: pending.map((m) => (typeof m === 'string' ? m : m.file)),
  };
}
