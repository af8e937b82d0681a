import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import type { ScheduledJob } from '../ingest/scheduler.js';
import type { Logger } from '../log.js';
import { refreshPrices } from './refresh.js';
import { nextRunAt } from './schedule.js';

/**
 * The daily market-data refresh (bars, quotes, FX, then declaration amounts) at
 * SIGMA_PRICES_REFRESH_UTC; it never throws for a missing quote, so a failure here means the
 * whole run could not proceed.
 */
export function pricesRefreshJob(deps: { db: Db; config: Config; log: Logger }): ScheduledJob {
  return {
    name: 'prices',
    retryBaseMs: 10 * 60_000,
    nextRunAfterSuccess: (start) => nextRunAt(start, deps.config.prices.refreshUtc),
    async run(signal) {
      const summary = await refreshPrices(deps.db, { config: deps.config, log: deps.log, signal });
      deps.log.info('prices refreshed', {
        symbols: summary.bars.symbols,
        barsFailed: summary.bars.failed.length,
        fxPairs: summary.fx.succeeded,
        errors: summary.errors.length,
      });
      if (summary.errors.length) throw new Error(`prices refresh steps failed: ${summary.errors.join('; ')}`);
    },
  };
}
