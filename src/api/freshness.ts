import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import { RawJson } from './raw-json.js';

/** The blocks besides sources whose last successful refresh is recorded in `data_freshness`. */
export const FRESHNESS_BLOCKS = ['prices', 'fx', 'scoring', 'backtest'] as const;

/**
 * When each block of data was last refreshed successfully: one key per enabled source (from
 * `sources.last_success_at`) plus prices, fx, scoring and backtest (`data_freshness`); null when it
 * never was. Keyed requests get it from the same call that admits them (sigma_api_admit).
 */
export async function loadDataFreshness(db: Db, config: Config): Promise<RawJson> {
  const { rows } = await db.raw<{ rows: Array<{ doc: string }> }>('select sigma_data_freshness(?) as doc', [[...config.enabledSources]]);
  return new RawJson(rows[0]!.doc);
}
