import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from './knex.js';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[]; types?: unknown; rowMode?: 'array' }): Promise<{ rows: unknown[] }>;
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
  /** `rowMode: 'array'`: each row as an array of its values (no object per row, for large reads). */
  options: { types?: unknown; rowMode?: 'array' } = {},
): Promise<T[]> {
  const { sql, bindings } = query.toSQL().toNative();
  const name = `sigma_${createHash('sha1').update(sql).digest('base64url').slice(0, 24)}`;
  // What knex's own runner announces, so `db.on('query')` listeners see prepared statements too.
  db.client.emit('query', { method: 'raw', sql, bindings, name });
  const connection = (await db.client.acquireConnection()) as PgClient;
  try {
    const result = await connection.query({
      name,
      text: sql,
      values: bindings as unknown[],
      ...(options.types ? { types: options.types } : {}),
      ...(options.rowMode ? { rowMode: options.rowMode } : {}),
    });
    return result.rows as T[];
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/**
 * LIMIT written into the statement text, OFFSET left out when 0 and bound otherwise. PostgreSQL
 * reuses one generic plan for a prepared statement only when it costs no more than planning each
 * call; a bound LIMIT is costed as if a tenth of the matches were read, which rules out walking an
 * index for one page, so every call was planned again (half of a listing's database time). Limits
 * are validated small integers, so the statement texts per query shape stay few.
 */
export function pageWindow(q: Knex.QueryBuilder, page: { limit: number; offset?: number }): Knex.QueryBuilder {
  if (!Number.isSafeInteger(page.limit) || page.limit < 0) throw new Error(`pageWindow: limit must be a non-negative integer, got ${page.limit}`);
  q.limit(page.limit, { skipBinding: true });
  if (page.offset) q.offset(page.offset);
  return q;
}
