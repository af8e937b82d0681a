import { z } from 'zod';
import type { Db } from '../../../db/knex.js';
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

/** Score buckets of the report card: [0,20), [20,40), … [80,100]. */
export const SCORE_BUCKET_WIDTH = 20;

interface BacktestQueryInput {
  direction?: 'BUY' | 'SELL';
  market?: string[];
  from?: TimeBound;
  to?: TimeBound;
  minScore?: number;
}

interface AggregateRow {
  bucket: number;
  market: string;
  direction: 'BUY' | 'SELL';
  horizon: number;
  count: string | number;
  mean_raw: number | null;
  median_raw: number | null;
  mean_excess: number | null;
  median_excess: number | null;
  hit_rate: number | null;
}

const num = (v: number | null) => (v === null ? null : Number(v));

/**
 * The score's report card from `backtest_returns` (rows exist only for matured horizons): per score
 * bucket, market and direction, count, mean/median raw and excess return and hit rate per horizon.
 * A hit is an excess return (raw when no benchmark) in the declaration's direction.
 */
export async function backtestReport(db: Db, q: BacktestQueryInput) {
  const rows = (await db('backtest_returns as b')
    .join('declarations as d', 'd.id', 'b.declaration_id')
    .where('d.is_canonical', true)
    .whereNotNull('d.signal_score')
    .whereIn('d.direction', q.direction ? [q.direction] : ['BUY', 'SELL'])
    .modify((x) => {
      if (q.market) x.whereIn('d.market', q.market);
      if (q.from) x.where('d.pub_date', '>=', q.from.at);
      if (q.to) x.where('d.pub_date', q.to.dateOnly ? '<' : '<=', q.to.dateOnly ? new Date(q.to.at.getTime() + 86_400_000) : q.to.at);
      if (q.minScore !== undefined) x.where('d.signal_score', '>=', q.minScore);
    })
    .groupByRaw('1, 2, 3, 4')
    .orderByRaw('1, 2, 3, 4')
    .select(
      db.raw('least(floor(d.signal_score / ?)::int, ?) as bucket', [SCORE_BUCKET_WIDTH, 100 / SCORE_BUCKET_WIDTH - 1]),
      'd.market',
      'd.direction',
      'b.horizon',
      db.raw('count(*) as count'),
      db.raw('avg(b.raw_return) as mean_raw'),
      db.raw('percentile_cont(0.5) within group (order by b.raw_return) as median_raw'),
      db.raw('avg(b.excess_return) as mean_excess'),
      db.raw('percentile_cont(0.5) within group (order by b.excess_return) as median_excess'),
      db.raw(
        "avg(case when (d.direction = 'BUY') = (coalesce(b.excess_return, b.raw_return) > 0) then 1 else 0 end) as hit_rate",
      ),
    )) as AggregateRow[];

  const buckets = new Map<string, { scoreFrom: number; scoreTo: number; market: string; direction: 'BUY' | 'SELL'; horizons: unknown[] }>();
  for (const r of rows) {
    const key = `${r.bucket}|${r.market}|${r.direction}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { scoreFrom: r.bucket * SCORE_BUCKET_WIDTH, scoreTo: (r.bucket + 1) * SCORE_BUCKET_WIDTH, market: r.market, direction: r.direction, horizons: [] };
      buckets.set(key, bucket);
    }
    bucket.horizons.push({
      horizon: r.horizon,
      count: Number(r.count),
      meanRawReturn: num(r.mean_raw),
      medianRawReturn: num(r.median_raw),
      meanExcessReturn: num(r.mean_excess),
      medianExcessReturn: num(r.median_excess),
      hitRate: num(r.hit_rate),
    });
  }
  return {
    filters: {
      direction: q.direction ?? null,
      market: q.market ?? null,
      from: q.from ? q.from.at.toISOString() : null,
      to: q.to ? q.to.at.toISOString() : null,
      minScore: q.minScore ?? null,
    },
    buckets: [...buckets.values()],
  };
}

export const backtestRoutes = [
  defineRoute({
    name: 'getBacktest',
    path: '/backtest',
    tag: 'Signals',
    summary: "The score's report card: returns after publication per score bucket, market and direction",
    description: 'Only matured horizons are counted. Buckets are empty until backtests have been computed.',
    query: BacktestQuery,
    response: BacktestReportSchema,
    listing: false,
    sandbox: true,
    handler: ({ db, query }) => backtestReport(db, query),
  }),
];
