import type { Db } from '../db/knex.js';

export interface KeyUsage {
  keyId: number;
  keyName: string;
  prefix: string;
  accountId: number;
  accountName: string;
  revoked: boolean;
  today: number;
  total: number;
  lastUsedAt: Date | null;
}

/** The keys that made the most requests, today (UTC) or over all time. */
export async function topConsumers(db: Db, options: { limit: number; period: 'today' | 'total' }): Promise<KeyUsage[]> {
  const rows = await db('api_key_usage as u')
    .join('api_keys as k', 'k.id', 'u.key_id')
    .join('accounts as a', 'a.id', 'k.account_id')
    .groupBy('k.id', 'a.id')
    .select(
      'k.id',
      'k.name',
      'k.prefix',
      'k.revoked_at',
      'a.id as account_id',
      'a.name as account_name',
      db.raw("coalesce(sum(u.requests) filter (where u.day = (now() at time zone 'UTC')::date), 0) as today"),
      db.raw('sum(u.requests) as total'),
      db.raw('max(u.last_used_at) as last_used_at'),
    )
    .havingRaw(
      options.period === 'today'
        ? "sum(u.requests) filter (where u.day = (now() at time zone 'UTC')::date) > 0"
        : 'sum(u.requests) > 0',
    )
    .orderBy(options.period, 'desc')
    .orderBy('k.id')
    .limit(options.limit);
  return rows
    .map((r) => ({
      keyId: Number(r.id),
      keyName: r.name,
      prefix: r.prefix,
      accountId: Number(r.account_id),
      accountName: r.account_name,
      revoked: r.revoked_at !== null,
      today: Number(r.today),
      total: Number(r.total),
      lastUsedAt: r.last_used_at ?? null,
    }));
}

/** Requests of one key today and in total, and its account's count against the daily quota. */
export async function keyUsage(
  db: Db,
  keyId: number,
  accountId: number,
): Promise<{ today: number; total: number; accountToday: number; lastUsedAt: Date | null }> {
  const [key, account] = await Promise.all([
    db('api_key_usage')
      .where({ key_id: keyId })
      .first(
        db.raw("coalesce(sum(requests) filter (where day = (now() at time zone 'UTC')::date), 0) as today"),
        db.raw('coalesce(sum(requests), 0) as total'),
        db.raw('max(last_used_at) as last_used_at'),
      ),
    db('account_usage')
      .where({ account_id: accountId })
      .whereRaw("day = (now() at time zone 'UTC')::date")
      .first('requests'),
  ]);
  return {
    today: Number(key?.today ?? 0),
    total: Number(key?.total ?? 0),
    accountToday: Number(account?.requests ?? 0),
    lastUsedAt: key?.last_used_at ?? null,
  };
}
