import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDownOne, migrateLatest, migrateRollbackAll, migrateUpOne, migrationStatus } from '../../src/db/migrate.js';
import { createEmptyDatabase, type TestDatabase } from '../helpers/db.js';

interface Schema {
  columns: string[];
  indexes: string[];
  constraints: string[];
  functions: string[];
}

/**
 * Everything a migration creates in the public schema, as comparable text: columns (type,
 * nullability, default), index and constraint definitions, and our own functions (extension
 * members such as pg_trgm's are left out: migrations create the extension but never drop it).
 */
async function schema(t: TestDatabase): Promise<Schema> {
  const rows = async (sql: string) => ((await t.db.raw(sql)).rows as Array<{ item: string }>).map((r) => r.item);
  return {
    columns: await rows(`
      select concat_ws(' ', table_name || '.' || column_name, data_type, udt_name,
                       case when is_nullable = 'NO' then 'not null' end, 'default ' || coalesce(column_default, 'none')) as item
      from information_schema.columns
      where table_schema = 'public' and table_name not like 'knex\\_%'
      order by table_name, column_name`),
    indexes: await rows(`
      select indexdef as item from pg_indexes
      where schemaname = 'public' and tablename not like 'knex\\_%'
      order by indexname`),
    constraints: await rows(`
      select c.conrelid::regclass || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) as item
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = 'public' and c.conrelid::regclass::text not like 'knex\\_%'
      order by 1`),
    functions: await rows(`
      select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(pg_get_functiondef(p.oid)) as item
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public'
        and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      order by 1`),
  };
}

const EMPTY: Schema = { columns: [], indexes: [], constraints: [], functions: [] };

describe('migrations', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createEmptyDatabase();
  });
  afterEach(async () => t.drop());

  it('each one, undone right after it ran, leaves the schema exactly as it found it', async () => {
    const seen: string[] = [];
    for (;;) {
      const before = await schema(t);
      const name = await migrateUpOne(t.db);
      if (name === null) break;
      seen.push(name);
      const after = await schema(t);
      expect(await migrateDownOne(t.db)).toBe(name);
      expect(await schema(t), `${name} down`).toEqual(before);
      expect(await migrateUpOne(t.db)).toBe(name);
      expect(await schema(t), `${name} up again`).toEqual(after);
    }
    expect(seen).toEqual((await migrationStatus(t.db)).applied);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('go up, all the way down to an empty schema, and up again to the same schema', async () => {
    const applied = await migrateLatest(t.db);
    expect(applied.length).toBeGreaterThan(0);
    const after = await schema(t);
    expect(after.columns).toContain('declarations.id text text not null default none');
    expect(after.functions.length).toBeGreaterThan(0);
    expect((await migrationStatus(t.db)).pending).toEqual([]);

    const rolledBack = await migrateRollbackAll(t.db);
    expect(rolledBack.sort()).toEqual(applied.sort());
    expect(await schema(t)).toEqual(EMPTY);

    await migrateLatest(t.db);
    expect(await schema(t)).toEqual(after);
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
