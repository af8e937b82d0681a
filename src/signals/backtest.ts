import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { marketCalendar } from '../../scoring/markets.js';
import type { Direction } from '../model/index.js';
import { daysBetween, lastIndexBefore, localDate } from './market-data.js';
import { markFresh } from './persist.js';
import { queryPrepared } from '../db/prepared.js';

/** Horizons in trading days of the stock's own bars, counted from the entry close. */
export const BACKTEST_HORIZONS = [1, 5, 21, 63, 126, 252] as const;

/** Score buckets of the report card (scores are integers; `max` is inclusive). */
export const SCORE_BUCKETS: ReadonlyArray<{ label: string; min: number; max: number }> = Object.freeze([
  { label: '0-19', min: 0, max: 19 },
  { label: '20-39', min: 20, max: 39 },
  { label: '40-59', min: 40, max: 59 },
  { label: '60-79', min: 60, max: 79 },
  { label: '80-100', min: 80, max: 100 },
]);

/** The first close after publication must come within this many days, or the entry is unknown. */
const MAX_ENTRY_GAP_DAYS = 10;
/** A benchmark close may lag the stock's date by this much (different holidays). */
const MAX_BENCHMARK_GAP_DAYS = 5;

interface AdjBar {
  date: string;
  adjClose: number;
}

export interface BacktestRow {
  declarationId: string;
  horizon: number;
  symbol: string;
  entryDate: string;
  entryPrice: number;
  exitDate: string;
  exitPrice: number;
  rawReturn: number;
  benchmarkSymbol: string | null;
  benchmarkReturn: number | null;
  excessReturn: number | null;
}

export interface BacktestSubject {
  declarationId: string;
  market: string;
  pubDate: Date;
  symbol: string | null;
}

/**
 * The first close a reader could trade at: the publication day's own close when the filing came
 * out before that market's close, else the next bar's.
 */
export function entryIndex(bars: readonly AdjBar[], pubDate: Date, market: string): number {
  const calendar = marketCalendar(market);
  const local = DateTime.fromJSDate(pubDate, { zone: calendar.timeZone });
  const day = localDate(pubDate, calendar.timeZone);
  const beforeClose = local.toFormat('HH:mm') < calendar.closeTime;
  const i = lastIndexBefore(bars, (b) => b.date, day, !beforeClose) + 1;
  if (i >= bars.length || daysBetween(day, bars[i]!.date) > MAX_ENTRY_GAP_DAYS) return -1;
  return i;
}

function benchmarkCloseOn(bars: readonly AdjBar[], date: string): AdjBar | null {
  const i = lastIndexBefore(bars, (b) => b.date, date, true);
  const bar = i >= 0 ? bars[i]! : null;
  return bar && daysBetween(bar.date, date) <= MAX_BENCHMARK_GAP_DAYS ? bar : null;
}

/** Matured horizons of one declaration: pure, from the stock's and the benchmark's adjusted closes. */
export function backtestRows(
  subject: BacktestSubject,
  bars: readonly AdjBar[],
  benchmarkSymbol: string | null,
  benchmarkBars: readonly AdjBar[],
): BacktestRow[] {
  if (!subject.symbol) return [];
  const entry = entryIndex(bars, subject.pubDate, subject.market);
  if (entry < 0) return [];
  const entryBar = bars[entry]!;
  const benchEntry = benchmarkSymbol ? benchmarkCloseOn(benchmarkBars, entryBar.date) : null;
  const rows: BacktestRow[] = [];
  for (const horizon of BACKTEST_HORIZONS) {
    const exitBar = bars[entry + horizon];
    if (!exitBar) break;
    const rawReturn = exitBar.adjClose / entryBar.adjClose - 1;
    const benchExit = benchEntry ? benchmarkCloseOn(benchmarkBars, exitBar.date) : null;
    const benchmarkReturn = benchEntry && benchExit ? benchExit.adjClose / benchEntry.adjClose - 1 : null;
    rows.push({
      declarationId: subject.declarationId,
      horizon,
      symbol: subject.symbol,
      entryDate: entryBar.date,
      entryPrice: entryBar.adjClose,
      exitDate: exitBar.date,
      exitPrice: exitBar.adjClose,
      rawReturn,
      benchmarkSymbol: benchmarkReturn === null ? null : benchmarkSymbol,
      benchmarkReturn,
      excessReturn: benchmarkReturn === null ? null : rawReturn - benchmarkReturn,
    });
  }
  return rows;
}

async function adjBars(db: Knex, symbols: readonly string[], from: string): Promise<Map<string, AdjBar[]>> {
  const out = new Map<string, AdjBar[]>(symbols.map((s) => [s, []]));
  if (symbols.length === 0) return out;
  // One row per symbol, bars packed in a string (see loadSeries).
  const { rows } = await db.raw<{ rows: Array<{ symbol: string; bars: string }> }>(
    `select symbol, string_agg(to_char(date, 'YYYY-MM-DD') || ' ' || adj_close::text, E'\n' order by date) as bars
       from price_bars
      where symbol = any(?::text[]) and date >= ? and adj_close > 0 and adj_close < 'infinity'::float8
      group by symbol`,
    [symbols as string[], from],
  );
  for (const r of rows) {
    out.set(
      r.symbol,
      r.bars.split('\n').map((line) => {
        const [date = '', adjClose = ''] = line.split(' ');
        return { date, adjClose: Number(adjClose) };
      }),
    );
  }
  return out;
}

export interface BacktestOptions {
  ids?: readonly string[];
  all?: boolean;
  /** Scored declarations missing a horizon, and unscored ones still holding rows. */
  staleOnly?: boolean;
  batchSize?: number;
}

export interface BacktestRunReport {
  declarations: number;
  rowsWritten: number;
  rowsDeleted: number;
  durationMs: number;
}

async function selectSubjects(db: Knex, options: BacktestOptions): Promise<Array<{ id: string; companyId: number }>> {
  let q = db('declarations as d').join('signals as s', 's.declaration_id', 'd.id').select('d.id', 'd.company_id');
  if (options.ids) q = q.whereRaw('d.id = any(?::text[])', [options.ids as string[]]);
  if (options.staleOnly || (!options.ids && !options.all)) {
    q = q.where((w) =>
      w
        .whereRaw(
          `s.score is not null and (select count(*) from backtest_returns b where b.declaration_id = d.id) < ?`,
          [BACKTEST_HORIZONS.length],
        )
        .orWhereRaw('s.score is null and exists (select 1 from backtest_returns b where b.declaration_id = d.id)'),
    );
  }
  const rows = await q.orderBy('d.company_id').orderBy('d.id');
  return rows.map((r: { id: string; company_id: number }) => ({ id: r.id, companyId: Number(r.company_id) }));
}

/**
 * Computes the matured backtest rows of scored declarations and writes them, changing only rows
 * whose values changed and removing rows of declarations that are no longer scored.
 */
export async function computeBacktests(db: Knex, options: BacktestOptions = {}): Promise<BacktestRunReport> {
  const started = performance.now();
  const subjects = await selectSubjects(db, options);
  const report: BacktestRunReport = { declarations: subjects.length, rowsWritten: 0, rowsDeleted: 0, durationMs: 0 };
  const benchmarks = new Map<string, AdjBar[]>();
  const batchSize = options.batchSize ?? 5_000;
  for (let i = 0; i < subjects.length; ) {
    // Whole companies per batch, so each symbol's bars are read once.
    let j = Math.min(i + batchSize, subjects.length);
    while (j < subjects.length && subjects[j]!.companyId === subjects[j - 1]!.companyId) j += 1;
    const ids = subjects.slice(i, j).map((s) => s.id);
    i = j;
    const { rows } = await db.raw<{
      rows: Array<{ id: string; market: string; pub_date: Date; yahoo_symbol: string | null; score: number | null }>;
    }>(
      `select d.id, d.market, d.pub_date, c.yahoo_symbol, s.score
         from declarations d join companies c on c.id = d.company_id join signals s on s.declaration_id = d.id
        where d.id = any(?::text[])`,
      [ids],
    );
    const scored = rows.filter((r) => r.score !== null && r.yahoo_symbol);
    const symbols = [...new Set(scored.map((r) => r.yahoo_symbol!))];
    const minPub = scored.reduce((m, r) => (r.pub_date < m ? r.pub_date : m), new Date('9999-01-01T00:00:00Z'));
    const bars = await adjBars(db, symbols, new Date(minPub.getTime() - 2 * 86_400_000).toISOString().slice(0, 10));
    const needed = [...new Set(scored.map((r) => marketCalendar(r.market).benchmark).filter((s): s is string => !!s))];
    const missing = needed.filter((s) => !benchmarks.has(s));
    for (const [symbol, list] of await adjBars(db, missing, '1900-01-01')) benchmarks.set(symbol, list);
    const computed: BacktestRow[] = [];
    for (const r of scored) {
      const benchmark = marketCalendar(r.market).benchmark;
      computed.push(
        ...backtestRows(
          { declarationId: r.id, market: r.market, pubDate: r.pub_date, symbol: r.yahoo_symbol },
          bars.get(r.yahoo_symbol!) ?? [],
          benchmark,
          benchmark ? (benchmarks.get(benchmark) ?? []) : [],
        ),
      );
    }
    const outcome = await writeBacktestRows(db, ids, computed);
    report.rowsWritten += outcome.written;
    report.rowsDeleted += outcome.deleted;
  }
  if (subjects.length > 0) await markFresh(db, 'backtest', `${subjects.length} declarations, ${report.rowsWritten} rows changed`);
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

async function writeBacktestRows(db: Knex, ids: readonly string[], rows: readonly BacktestRow[]) {
  const payload = JSON.stringify(
    rows.map((r) => ({
      declaration_id: r.declarationId,
      horizon: r.horizon,
      symbol: r.symbol,
      entry_date: r.entryDate,
      entry_price: r.entryPrice,
      exit_date: r.exitDate,
      exit_price: r.exitPrice,
      raw_return: r.rawReturn,
      benchmark_symbol: r.benchmarkSymbol,
      benchmark_return: r.benchmarkReturn,
      excess_return: r.excessReturn,
    })),
  );
  return db.transaction(async (trx) => {
    const written = await trx.raw<{ rowCount: number }>(
      `insert into backtest_returns as b (declaration_id, horizon, symbol, entry_date, entry_price, exit_date, exit_price,
              raw_return, benchmark_symbol, benchmark_return, excess_return, computed_at)
       select x.*, now() from jsonb_to_recordset(?::jsonb) as x(declaration_id text, horizon integer, symbol text,
              entry_date date, entry_price double precision, exit_date date, exit_price double precision,
              raw_return double precision, benchmark_symbol text, benchmark_return double precision, excess_return double precision)
       on conflict (declaration_id, horizon) do update set
         symbol = excluded.symbol, entry_date = excluded.entry_date, entry_price = excluded.entry_price,
         exit_date = excluded.exit_date, exit_price = excluded.exit_price, raw_return = excluded.raw_return,
         benchmark_symbol = excluded.benchmark_symbol, benchmark_return = excluded.benchmark_return,
         excess_return = excluded.excess_return, computed_at = excluded.computed_at
       where (b.symbol, b.entry_date, b.entry_price, b.exit_date, b.exit_price, b.raw_return, b.benchmark_symbol,
              b.benchmark_return, b.excess_return) is distinct from
             (excluded.symbol, excluded.entry_date, excluded.entry_price, excluded.exit_date, excluded.exit_price,
              excluded.raw_return, excluded.benchmark_symbol, excluded.benchmark_return, excluded.excess_return)`,
      [payload],
    );
    const keep = rows.map((r) => `${r.declarationId}|${r.horizon}`);
    const deleted = await trx.raw<{ rowCount: number }>(
      `delete from backtest_returns where declaration_id = any(?::text[])
         and not (declaration_id || '|' || horizon = any(?::text[]))`,
      [ids as string[], keep],
    );
    return { written: written.rowCount ?? 0, deleted: deleted.rowCount ?? 0 };
  });
}

export interface HorizonStats {
  horizon: number;
  count: number;
  meanRaw: number;
  medianRaw: number;
  /** Declarations with a benchmark return (excess stats and hit rate are over these). */
  countExcess: number;
  meanExcess: number | null;
  medianExcess: number | null;
  /** Share of declarations whose excess return went the signal's way (up for buys, down for sales). */
  hitRate: number | null;
}

export interface BacktestBucket {
  bucket: string;
  minScore: number;
  maxScore: number;
  /** null = all markets together. */
  market: string | null;
  direction: Direction;
  horizons: HorizonStats[];
}

export interface AggregateOptions {
  direction?: Direction;
  market?: string | readonly string[];
  from?: string;
  to?: string;
  minScore?: number;
}

/**
 * The score's report card: per score bucket, market (and all markets) and direction, count,
 * mean/median raw and excess returns and hit rate per horizon, over matured horizons only.
 */
export async function aggregateBacktest(db: Knex, options: AggregateOptions = {}): Promise<{ horizons: number[]; buckets: BacktestBucket[] }> {
  const where: string[] = ['s.score is not null', 's.direction is not null'];
  const params: unknown[] = [];
  if (options.direction) {
    where.push('s.direction = ?');
    params.push(options.direction);
  }
  if (options.market !== undefined) {
    where.push('d.market = any(?::text[])');
    params.push(typeof options.market === 'string' ? [options.market] : [...options.market]);
  }
  if (options.from) {
    where.push('d.pub_date >= ?::date');
    params.push(options.from);
  }
  if (options.to) {
    where.push("d.pub_date < ?::date + interval '1 day'");
    params.push(options.to);
  }
  if (options.minScore !== undefined) {
    where.push('s.score >= ?');
    params.push(options.minScore);
  }
  const bucketCase = `case ${SCORE_BUCKETS.map((b) => `when s.score >= ${b.min} and s.score < ${b.max + 1} then '${b.label}'`).join(' ')} end`;
  const { rows } = await db.raw<{
    rows: Array<{
      bucket: string;
      market: string | null;
      direction: Direction;
      horizon: number;
      n: number;
      mean_raw: number;
      median_raw: number;
      n_excess: number;
      mean_excess: number | null;
      median_excess: number | null;
      hit_rate: number | null;
    }>;
  }>(
    `with matured as (
       select ${bucketCase} as bucket, d.market, s.direction, b.horizon, b.raw_return, b.excess_return
         from backtest_returns b
         join signals s on s.declaration_id = b.declaration_id
         join declarations d on d.id = b.declaration_id
        where ${where.join(' and ')}
     )
     select bucket, market, direction, horizon,
            count(*)::int as n, avg(raw_return) as mean_raw,
            percentile_cont(0.5) within group (order by raw_return) as median_raw,
            count(excess_return)::int as n_excess, avg(excess_return) as mean_excess,
            percentile_cont(0.5) within group (order by excess_return) as median_excess,
            avg(case when excess_return is null then null
                     when (direction = 'BUY' and excess_return > 0) or (direction = 'SELL' and excess_return < 0) then 1.0
                     else 0.0 end)::float8 as hit_rate
       from matured
      group by grouping sets ((bucket, market, direction, horizon), (bucket, direction, horizon))
      order by bucket, market nulls first, direction, horizon`,
    params as Knex.RawBinding[],
  );
  const buckets = new Map<string, BacktestBucket>();
  for (const r of rows) {
    const key = `${r.bucket}|${r.market ?? '*'}|${r.direction}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      const def = SCORE_BUCKETS.find((b) => b.label === r.bucket)!;
      bucket = { bucket: r.bucket, minScore: def.min, maxScore: def.max, market: r.market, direction: r.direction, horizons: [] };
      buckets.set(key, bucket);
    }
    bucket.horizons.push({
      horizon: r.horizon,
      count: r.n,
      meanRaw: r.mean_raw,
      medianRaw: r.median_raw,
      countExcess: r.n_excess,
      meanExcess: r.mean_excess,
      medianExcess: r.median_excess,
      hitRate: r.hit_rate,
    });
  }
  return { horizons: [...BACKTEST_HORIZONS], buckets: [...buckets.values()] };
}

/** One matured horizon of a declaration's backtest. */
export interface HorizonReturn {
  horizon: number;
  exitDate: string;
  exitPrice: number;
  rawReturn: number;
  benchmarkReturn: number | null;
  excessReturn: number | null;
  /** When this horizon's row was last (re)computed, ISO 8601 UTC with milliseconds. */
  computedAt: string;
}

export interface DeclarationBacktest {
  symbol: string | null;
  benchmarkSymbol: string | null;
  entryDate: string | null;
  entryPrice: number | null;
  /** One entry per horizon of BACKTEST_HORIZONS, in that order; null until that horizon has matured. */
  horizons: Array<HorizonReturn | null>;
}

export interface BacktestSubjectRow {
  id: string;
  yahoo_symbol: string | null;
  market: string;
  /** The declaration's matured rows, ordered by horizon (JSON built by PostgreSQL). */
  matured: Array<{
    horizon: number;
    symbol: string;
    entryDate: string;
    entryPrice: number;
    benchmarkSymbol: string | null;
    exitDate: string;
    exitPrice: number;
    rawReturn: number;
    benchmarkReturn: number | null;
    excessReturn: number | null;
    computedAt: string;
  }>;
}

/**
 * SQL of one declaration's matured backtest rows as a JSON array ordered by horizon (`[]` when
 * none), for a query where `declarationAlias` names the declarations table.
 */
export function maturedBacktestJsonSql(declarationAlias: string): string {
  return `coalesce((select json_agg(json_build_object(
              'horizon', b.horizon, 'symbol', b.symbol, 'entryDate', b.entry_date, 'entryPrice', b.entry_price,
              'benchmarkSymbol', b.benchmark_symbol, 'exitDate', b.exit_date, 'exitPrice', b.exit_price,
              'rawReturn', b.raw_return, 'benchmarkReturn', b.benchmark_return, 'excessReturn', b.excess_return,
              'computedAt', to_char(b.computed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
            order by b.horizon)
              from backtest_returns b where b.declaration_id = ${declarationAlias}.id), '[]'::json)`;
}

/** A scored declaration's backtest: its entry and one entry per horizon, null until matured. */
export function backtestOfSubject(subject: BacktestSubjectRow): DeclarationBacktest {
  const byHorizon = new Map(subject.matured.map((r) => [r.horizon, r]));
  const first = subject.matured[0];
  return {
    symbol: first?.symbol ?? subject.yahoo_symbol,
    benchmarkSymbol: first ? first.benchmarkSymbol : marketCalendar(subject.market).benchmark,
    entryDate: first?.entryDate ?? null,
    entryPrice: first?.entryPrice ?? null,
    horizons: BACKTEST_HORIZONS.map((h) => {
      const r = byHorizon.get(h);
      return r
        ? {
            horizon: h,
            exitDate: r.exitDate,
            exitPrice: r.exitPrice,
            rawReturn: r.rawReturn,
            benchmarkReturn: r.benchmarkReturn,
            excessReturn: r.excessReturn,
            computedAt: r.computedAt,
          }
        : null;
    }),
  };
}

/**
 * Backtests of many declarations at once (for listings with `include=backtest`), in one query
 * whatever the page size: null for a declaration that is not scored (no signal, or a null score),
 * else see backtestOfSubject.
 */
export async function getDeclarationBacktests(db: Knex, declarationIds: readonly string[]): Promise<Map<string, DeclarationBacktest | null>> {
  const out = new Map<string, DeclarationBacktest | null>(declarationIds.map((id) => [id, null]));
  if (declarationIds.length === 0) return out;
  // Prepared: the API asks this for every declaration it shows with a backtest, and planning the
  // statement cost twenty times its execution.
  const rows = await queryPrepared<BacktestSubjectRow>(
    db,
    db.raw(
      `select d.id, c.yahoo_symbol, d.market, ${maturedBacktestJsonSql('d')} as matured
       from declarations d join signals s on s.declaration_id = d.id join companies c on c.id = d.company_id
      where d.id = any(?::text[]) and s.score is not null`,
      [declarationIds as string[]],
    ),
  );
  for (const subject of rows) out.set(subject.id, backtestOfSubject(subject));
  return out;
}

/** One declaration's backtest for `include=backtest`; null when the declaration is not scored. */
export async function getDeclarationBacktest(db: Knex, declarationId: string): Promise<DeclarationBacktest | null> {
  return (await getDeclarationBacktests(db, [declarationId])).get(declarationId) ?? null;
}

export interface TrackRecordHorizon {
  horizon: number;
  count: number;
  meanRaw: number;
  countExcess: number;
  meanExcess: number | null;
  hitRate: number | null;
}

/**
 * An insider's track record (`/insiders/{slug}`): over their past scored declarations in one
 * direction (purchases by default), per matured horizon, count, mean raw and excess return and
 * the hit rate (excess return the signal's way).
 */
export async function insiderTrackRecord(
  db: Knex,
  insiderId: number,
  options: { direction?: Direction } = {},
): Promise<TrackRecordHorizon[]> {
  const direction = options.direction ?? 'BUY';
  const { rows } = await db.raw<{
    rows: Array<{ horizon: number; n: number; mean_raw: number; n_excess: number; mean_excess: number | null; hit_rate: number | null }>;
  }>(
    `select b.horizon, count(*)::int as n, avg(b.raw_return) as mean_raw, count(b.excess_return)::int as n_excess,
            avg(b.excess_return) as mean_excess,
            avg(case when b.excess_return is null then null
                     when (s.direction = 'BUY' and b.excess_return > 0) or (s.direction = 'SELL' and b.excess_return < 0) then 1.0
                     else 0.0 end)::float8 as hit_rate
       from backtest_returns b
       join signals s on s.declaration_id = b.declaration_id
       join declarations d on d.id = b.declaration_id
      where d.insider_id = ? and d.is_canonical and s.score is not null and s.direction = ?
      group by b.horizon order by b.horizon`,
    [insiderId, direction],
  );
  return rows.map((r) => ({
    horizon: r.horizon,
    count: r.n,
    meanRaw: r.mean_raw,
    countExcess: r.n_excess,
    meanExcess: r.mean_excess,
    hitRate: r.hit_rate,
  }));
}
