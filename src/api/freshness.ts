import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import type { DataFreshness } from './types.js';

/** The blocks besides sources whose last successful refresh is recorded in `data_freshness`. */
export const FRESHNESS_BLOCKS = ['prices', 'fx', 'scoring', 'backtest'] as const;

/**
 * When each block of data was last refreshed successfully: one key per enabled source (from
 * `sources.last_success_at`) plus prices, fx, scoring and backtest; null when it never was.
 */
export async function loadDataFreshness(db: Db, config: Config): Promise<DataFreshness> {
  const sources = [...config.enabledSources];
  const { rows } = await db.raw<{ rows: Array<{ block: string; at: Date | null }> }>(
    `select source as block, last_success_at as at from sources where source = any(?)
     union all
     select block, updated_at as at from data_freshness where block = any(?)`,
    [sources, [...FRESHNESS_BLOCKS]],
  );
  const found = new Map(rows.map((r) => [r.block, r.at]));
  const result: DataFreshness = {};
  for (const block of [...sources, ...FRESHNESS_BLOCKS]) {
    const at = found.get(block);
    result[block] = at ? at.toISOString() : null;
  }
  return result;
}
