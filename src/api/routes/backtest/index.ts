import { z } from 'zod';
import type { Db } from '../../../db/knex.js';
import { aggregateBacktest } from '../../../signals/index.js';
import { directionParam, marketsParam, numberParam, timeBoundParam, type TimeBound } from '../../params.js';
import { BacktestReportSchema } from '../../responses.js';
import { defineRoute } from '../../types.js';

export const BacktestQuery = z
  .strictObject({
    direction: directionParam.optional(),
    market: marketsParam.optional(),
    from: timeBoundParam.optional().describe('declarations published on or after'),
    to: timeBoundParam.optional().describe('declarations published on or before'),
    minScore: numberParam(0, 100).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from.at > q.to.at) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });

interface BacktestQueryInput {
  direction?: 'BUY' | 'SELL';
  market?: string[];
  from?: TimeBound;
  to?: TimeBound;
  minScore?: number;
}

const isoDay = (bound: TimeBound) => bound.at.toISOString().slice(0, 10);

/**
 * The score's report card, as the signals module aggregates it from matured backtest rows: per
 * score bucket, market (and all markets together, `market: null`) and direction.
 */
export async function backtestReport(db: Db, q: BacktestQueryInput) {
  const report = await aggregateBacktest(db, {
    ...(q.direction ? { direction: q.direction } : {}),
    ...(q.market ? { market: q.market } : {}),
    ...(q.from ? { from: isoDay(q.from) } : {}),
    ...(q.to ? { to: isoDay(q.to) } : {}),
    ...(q.minScore !== undefined ? { minScore: q.minScore } : {}),
  });
  return {
    filters: {
      direction: q.direction ?? null,
      market: q.market ?? null,
      from: q.from ? isoDay(q.from) : null,
      to: q.to ? isoDay(q.to) : null,
      minScore: q.minScore ?? null,
    },
    horizons: report.horizons,
    buckets: report.buckets.map((b) => ({
      bucket: b.bucket,
      scoreFrom: b.minScore,
      scoreTo: b.maxScore,
      market: b.market,
      direction: b.direction,
      horizons: b.horizons,
    })),
  };
}

export const backtestRoutes = [
  defineRoute({
    name: 'getBacktest',
    path: '/backtest',
    tag: 'Signals',
    summary: "The score's report card: returns after publication per score bucket, market and direction",
    description: 'Only matured horizons are counted (returns from the first close after publication, split-adjusted; excess over the market benchmark). Each bucket appears per market and once for all markets together (`market: null`). Empty until backtests have been computed.',
    query: BacktestQuery,
    response: BacktestReportSchema,
    listing: false,
    sandbox: true,
    handler: ({ db, query }) => backtestReport(db, query),
  }),
];
