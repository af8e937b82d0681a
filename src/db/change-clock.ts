import type { Knex } from 'knex';

/**
 * Stamps `updated_at` on changed declarations inside the caller's transaction, from the single
 * `change_clock` row. Updating that row takes its lock until commit, so writers pass here one at a
 * time and each transaction gets a millisecond strictly after every earlier commit's: a poller
 * that follows `updatedSince` + `order=asc` (ties broken by id) can never skip a change.
 *
 * Call it last in a writing transaction (it serializes commits) with every declaration id whose
 * content, score, amounts or links changed. Returns the stamp used.
 */
export async function stampChanges(trx: Knex.Transaction, declarationIds: readonly string[]): Promise<Date | null> {
  if (declarationIds.length === 0) return null;
  const { rows } = await trx.raw<{ rows: Array<{ stamp: Date }> }>(
    `update change_clock
        set last_change_at = greatest(date_trunc('milliseconds', clock_timestamp()),
                                      last_change_at + interval '1 millisecond')
      where id = 1
  returning last_change_at as stamp`,
  );
  const stamp = rows[0]!.stamp;
  await trx.raw('update declarations set updated_at = ? where id = any(?)', [stamp, [...new Set(declarationIds)]]);
  return stamp;
}
