import type { Db } from '../db/knex.js';

/**
 * Reserves the next request slot for a host in PostgreSQL: one atomic upsert hands out slots
 * 1/rate apart to every process sharing the database, measured on the database's clock. Returns
 * how long the caller must wait before sending.
 */
export function sharedSlotReserver(db: Db): (host: string, perSecond: number) => Promise<number> {
  return async (host, perSecond) => {
    const intervalMs = 1000 / perSecond;
    const { rows } = await db.raw<{ rows: Array<{ wait_ms: number }> }>(
      `insert into outbound_rate_slots as s (host, next_slot)
            values (?, clock_timestamp() + make_interval(secs => ? / 1000.0))
       on conflict (host) do update
             set next_slot = greatest(clock_timestamp(), s.next_slot) + make_interval(secs => ? / 1000.0)
       returning greatest(0, extract(epoch from (s.next_slot - clock_timestamp())) * 1000 - ?) as wait_ms`,
      [host, intervalMs, intervalMs, intervalMs],
    );
    return Number(rows[0]?.wait_ms ?? 0);
  };
}
