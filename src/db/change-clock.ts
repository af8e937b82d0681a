import type { Knex } from 'knex';

/**
 * Takes the next change stamp for the caller's transaction from the single `change_clock` row.
 * Updating that row takes its lock until commit, so writers pass one at a time from here to their
 * commit, and each transaction gets a millisecond strictly after every earlier commit's: a poller
 * that follows `updatedSince` + `order=asc` (ties broken by id) can never skip a change.
 *
 * Take it right before the transaction's first write to `declarations` and use it as `updated_at`
 * of every row it changes (or call `stampChanges`, which does both).
 */
export async function takeChangeStamp(trx: Knex.Transaction): Promise<Date> {
  const { rows } = await trx.raw<{ rows: Array<{ stamp: Date }> }>(
    `update change_clock
        set last_change_at = greatest(date_trunc('milliseconds', clock_timestamp()),
                                      last_change_at + interval '1 millisecond')
      where id = 1
  returning last_change_at as stamp`,
  );
  return rows[0]!.stamp;
}

/** Stamps `updated_at` of changed declarations in the caller's transaction; returns the stamp. */
export async function stampChanges(trx: Knex.Transaction, declarationIds: readonly string[]): Promise<Date | null> {
  if (declarationIds.length === 0) return null;
  const stamp = await takeChangeStamp(trx);
  await trx.raw('update declarations set updated_at = ? where id = any(?)', [stamp, [...new Set(declarationIds)]]);
  return stamp;
}
