import type { Db } from '../db/knex.js';
import type { ScheduledJob } from '../ingest/scheduler.js';
import type { Logger } from '../log.js';
import { computeBacktests } from './backtest.js';
import { scoreDeclarations } from './score.js';

/**
 * Scores whatever is stale (never scored, new score version, changed content, EUR amount or market
 * data arrived since) every minute; fresh ingests are also scored right after their batch commits.
 */
export function scoringJob(deps: { db: Db; log: Logger }): ScheduledJob {
  return {
    name: 'scoring',
    retryBaseMs: 60_000,
    nextRunAfterSuccess: (start) => new Date(start.getTime() + 60_000),
    async run() {
      const report = await scoreDeclarations(deps.db, { staleOnly: true, log: deps.log });
      if (report.written > 0) deps.log.info('scored stale declarations', { scored: report.scored, written: report.written });
    },
  };
}

/** Computes the backtest horizons that have matured since the last run, every six hours. */
export function backtestJob(deps: { db: Db; log: Logger }): ScheduledJob {
  return {
    name: 'backtests',
    retryBaseMs: 10 * 60_000,
    nextRunAfterSuccess: (start) => new Date(start.getTime() + 6 * 3600_000),
    async run() {
      const report = await computeBacktests(deps.db, { staleOnly: true });
      if (report.rowsWritten > 0) deps.log.info('backtests updated', { declarations: report.declarations, rows: report.rowsWritten });
    },
  };
}

/** Scores the declarations a committed ingest batch inserted or changed (and those they affect). */
export function scoreAfterIngest(deps: { db: Db; log: Logger }): (changedIds: string[]) => Promise<void> {
  return async (changedIds) => {
    await scoreDeclarations(deps.db, { ids: changedIds, log: deps.log });
  };
}
