import type { Db } from './knex.js';

interface PgConnection {
  query(sql: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

const KEY = "hashtext('sigma:job:' || $1)::bigint";

/**
 * Runs `fn` while holding the session advisory lock `name` on a dedicated connection, so no other
 * process holding the same name runs at the same time (the lock dies with the connection if the
 * process does). With `wait: false`, returns `{ acquired: false }` at once when someone holds it.
 */
export async function withAdvisoryLock<T>(
  db: Db,
  name: string,
  options: { wait: boolean },
  fn: () => Promise<T>,
): Promise<{ acquired: true; value: T } | { acquired: false }> {
  const connection = (await db.client.acquireConnection()) as PgConnection;
  try {
    if (options.wait) {
      await connection.query(`select pg_advisory_lock(${KEY})`, [name]);
    } else {
      const { rows } = await connection.query(`select pg_try_advisory_lock(${KEY}) as locked`, [name]);
      if (!rows[0]?.locked) return { acquired: false };
    }
    try {
      return { acquired: true, value: await fn() };
    } finally {
      await connection.query(`select pg_advisory_unlock(${KEY})`, [name]);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}
