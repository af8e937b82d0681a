import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../../src/db/knex.js';

export interface TestDatabase {
  db: Db;
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('pgServerUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const u = new URL(inject('pgServerUrl'));
  u.pathname = `/${name}`;
  return u.toString();
}

async function createDatabase(template: string | null, poolMax: number): Promise<TestDatabase> {
  const pid = inject('pgTemplateDatabase').split('_')[2];
  const name = `sigma_t_${pid}_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(template ? `create database ${name} template ${template}` : `create database ${name}`));
  const url = databaseUrl(name);
  const db = createDb(url, poolMax);
  return {
    db,
    url,
    name,
    async drop() {
      await db.destroy();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * A fresh, fully migrated database of its own for one test file (cloned from the run's template),
 * so test files run in parallel without seeing each other's rows.
 */
export function createTestDatabase(poolMax = 5): Promise<TestDatabase> {
  return createDatabase(inject('pgTemplateDatabase'), poolMax);
}

/** An empty database (no migrations), for testing the migrations themselves. */
export function createEmptyDatabase(): Promise<TestDatabase> {
  return createDatabase(null, 2);
}
