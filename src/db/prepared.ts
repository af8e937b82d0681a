import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from './knex.js';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[]; types?: unknown }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a read query as a named prepared statement on a pooled connection. The API's statements
 * are few (one per combination of filters) and run thousands of times; planning them once per
 * connection instead of per request removes most of their cost (their planning took longer than
 * their execution). The name is a hash of the SQL text, so equal texts share a statement.
 */
export async function queryPrepared<T>(
  db: Db,
  query: Knex.QueryBuilder | Knex.Raw,
  options: { types?: unknown } = {},
): Promise<T[]> {
  const { sql, bindings } = query.toSQL().toNative();
  const name = `sigma_${createHash('sha1').update(sql).digest('base64url').slice(0, 24)}`;
  const connection = (await db.client.acquireConnection()) as PgClient;
  try {
    const result = await connection.query({ name, text: sql, values: bindings as unknown[], ...(options.types ? { types: options.types } : {}) });
    return result.rows as T[];
  } finally {
    await db.client.releaseConnection(connection);
  }
}
