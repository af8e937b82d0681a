import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateLatest, migrateRollbackAll, migrationStatus } from '../../src/db/migrate.js';
import { createEmptyDatabase, type TestDatabase } from '../helpers/db.js';

async function tables(t: TestDatabase): Promise<string[]> {
  const rows = await t.db('information_schema.tables')
    .where({ table_schema: 'public' })
    .whereNot('table_name', 'like', 'knex_%')
    .pluck('table_name');
  return (rows as string[]).sort();
}

describe('migrations', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createEmptyDatabase();
  });
  afterAll(async () => t.drop());

  it('go up, all the way down, and up again to the same schema', async () => {
    const applied = await migrateLatest(t.db);
    expect(applied.length).toBeGreaterThan(0);
    const after = await tables(t);
    expect(after).toContain('declarations');
    expect((await migrationStatus(t.db)).pending).toEqual([]);

    const rolledBack = await migrateRollbackAll(t.db);
    expect(rolledBack.sort()).toEqual(applied.sort());
    expect(await tables(t)).toEqual([]);

    await migrateLatest(t.db);
    expect(await tables(t)).toEqual(after);
  });

  it('are named YYYYMMDDHHMMSS_<verb>_<thing> and export up and down', async () => {
    const { readdir } = await import('node:fs/promises');
    const { MIGRATIONS_DIR } = await import('../../src/db/migrate.js');
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(file).toMatch(/^\d{14}_[a-z]+_[a-z0-9_]+\.ts$/);
      const mod = await import(`${MIGRATIONS_DIR}/${file}`);
      expect(typeof mod.up, file).toBe('function');
      expect(typeof mod.down, file).toBe('function');
    }
  });
});
