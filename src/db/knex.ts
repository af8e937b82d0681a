import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// Counts and ids come back from PostgreSQL as int8; every value Sigma stores fits a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// A calendar date is a date, not a midnight in the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = Knex;

export function createDb(connectionString: string, poolMax = 10): Db {
  return knexFactory({
    client: 'pg',
    // UTC sessions: timestamps print as "...+00", which the API formats without Date objects.
    connection: { connectionString, application_name: 'sigma', options: '-c TimeZone=UTC' },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 30_000,
  });
}

/** Round-trip time of a trivial query, for /health. */
export async function pingDb(db: Db): Promise<number> {
  const started = performance.now();
  await db.raw('select 1');
  return Math.round((performance.now() - started) * 100) / 100;
}
