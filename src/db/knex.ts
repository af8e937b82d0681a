import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// Counts and ids come back from PostgreSQL as int8; every value Sigma stores fits a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// A calendar date is a date, not a midnight in the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = Knex;

/**
 * How long an unused pooled connection stays open. A connection carries what makes the API fast:
 * its server process's warmed catalogue caches and the prepared statements with their generic
 * plans (see queryPrepared); a new one plans each statement afresh for its first five runs. With
 * tarn's default of 30 s, a client polling once a minute met new connections on every call: a
 * company's flow took ~110 ms instead of ~40. Idle connections are still closed after this, and
 * never exceed the pool's maximum.
 */
export const POOL_IDLE_TIMEOUT_MS = 10 * 60_000;

export function createDb(connectionString: string, poolMax = 10): Db {
  return knexFactory({
    client: 'pg',
    // UTC sessions: timestamps print as "...+00", which the API formats without Date objects.
    connection: { connectionString, application_name: 'sigma', options: '-c TimeZone=UTC' },
    pool: { min: 0, max: poolMax, idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS },
    acquireConnectionTimeout: 30_000,
  });
}

/** Round-trip time of a trivial query, for /health. */
export async function pingDb(db: Db): Promise<number> {
  const started = performance.now();
  await db.raw('select 1');
  return Math.round((performance.now() - started) * 100) / 100;
}
