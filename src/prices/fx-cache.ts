import type { Knex } from 'knex';
import { loadFxTable, type FxTable } from './fx.js';

/**
 * The FX table for converting freshly ingested declarations, reloaded only when the FX block's
 * freshness stamp moves (one cheap query per batch instead of the whole table).
 */
export function createFxCache() {
  let table: FxTable | null = null;
  let loadedFor: number | null = null;
  return async function current(db: Knex): Promise<FxTable> {
    const row = (await db('data_freshness').select('updated_at').where({ block: 'fx' }).first()) as
      | { updated_at: Date }
      | undefined;
    const stamp = row?.updated_at.getTime() ?? 0;
    if (!table || stamp !== loadedFor) {
      table = await loadFxTable(db);
      loadedFor = stamp;
    }
    return table;
  };
}
