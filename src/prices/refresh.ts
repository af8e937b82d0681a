import type { Knex } from 'knex';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createYahooClient, type YahooClient } from './client.js';
import { convertDeclarationAmounts, type ConvertSummary } from './convert-declarations.js';
import { FX_ANCHOR, FX_LEG_CURRENCIES, fxLegSymbol } from './currency.js';
import { loadFxTable, type FxTable } from './fx.js';
import type { DailyBars } from './parse.js';
import { BENCHMARK_BY_MARKET } from './markets.js';
import { resolveMissingSymbols, type ResolveSummary } from './resolve.js';
import {
  deriveFxRates,
  lastBarDates,
  recordFreshness,
  refreshCompanyMarketCaps,
  storedCloses,
  upsertBars,
  upsertEuroLegs,
  upsertQuoteSnapshots,
} from './store.js';

/**
 * Days of history fetched for a symbol seen for the first time: three years, so a declaration from
 * the last two years has its 126 trading days before and 252 after (backtests, prior returns).
 */
export const INITIAL_HISTORY_DAYS = 3 * 366;

/** Days re-read before the last stored bar, so Yahoo's late corrections of recent days land. */
export const OVERLAP_DAYS = 7;

/** Chart requests in flight at once; the shared limiter still caps requests per second. */
const CHART_CONCURRENCY = 3;

export interface RefreshDeps {
  config: Config;
  log: Logger;
  /** Defaults to a real client configured from `config.prices`. */
  client?: YahooClient;
  now?: () => Date;
  /** Stops the refresh between steps and between symbols (shutdown). */
  signal?: AbortSignal;
}

export interface RefreshOptions {
  /** Only these Yahoo symbols (bars and quotes); symbol resolution and benchmarks are skipped. */
  symbols?: readonly string[];
  /** Fetch bars and FX from this day (YYYY-MM-DD) instead of from the last stored day. */
  since?: string;
}

export interface PricesRefreshSummary {
  startedAt: string;
  finishedAt: string;
  resolution: ResolveSummary | null;
  bars: { symbols: number; succeeded: number; failed: string[]; rows: number; restated: string[] };
  quotes: { requested: number; stored: number; answered: boolean };
  fx: { pairs: number; succeeded: number; failed: string[]; legRows: number; derivedRows: number };
  companiesUpdated: number;
  declarations: ConvertSummary | null;
  /** Steps that failed as a whole (database trouble and the like); the run went on without them. */
  errors: string[];
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}

/** Database errors carry the whole multi-line statement: keep a reason on one line. */
function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 600);
}

/** Relative difference beyond which a re-read close is a restatement rather than float noise. */
const RESTATEMENT_TOLERANCE = 1e-5;

function differs(stored: number | null, fetched: number | null): boolean {
  if (stored === null || fetched === null) return false;
  return Math.abs(stored - fetched) > RESTATEMENT_TOLERANCE * Math.max(Math.abs(stored), Math.abs(fetched));
}

/**
 * True when re-read bars disagree with stored ones of the same days (Yahoo restated the adjusted
 * or split history), or when the window reports a dividend or split and overlaps nothing stored to
 * compare with.
 */
async function historyRestated(db: Knex, fetched: DailyBars): Promise<boolean> {
  const first = fetched.bars[0];
  if (!first) return false;
  const stored = await storedCloses(db, fetched.symbol, first.date);
  let overlapped = false;
  for (const bar of fetched.bars) {
    const previous = stored.get(bar.date);
    if (!previous) continue;
    overlapped = true;
    if (differs(previous.adjClose, bar.adjClose) || differs(previous.close, bar.close)) return true;
  }
  return !overlapped && fetched.hasCorporateActions;
}

async function forEachPooled<T>(
  items: readonly T[],
  concurrency: number,
  run: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++]!;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * The daily market-data job: resolve missing symbols, bring every followed symbol's bars (and the
 * benchmark indices') up to date, snapshot quotes, fetch FX, copy market caps onto companies,
 * convert declaration amounts, and record freshness. Yahoo failures cost only the item concerned
 * (logged once, by the client); a failing step is logged and listed in `errors`. Never throws.
 */
export async function refreshPrices(db: Knex, deps: RefreshDeps, options: RefreshOptions = {}): Promise<PricesRefreshSummary> {
  const log = deps.log.child({ job: 'prices-refresh' });
  const now = deps.now ?? (() => new Date());
  const started = now();
  const today = isoDay(started);
  const historyStart = shiftDay(today, -INITIAL_HISTORY_DAYS);
  const client =
    deps.client ??
    createYahooClient({
      baseUrl: deps.config.prices.yahooBaseUrl,
      maxRequestsPerSecond: deps.config.prices.maxRequestsPerSecond,
      timeoutMs: deps.config.http.timeoutMs,
      retries: deps.config.http.retries,
      log: deps.log,
      now,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  const summary: PricesRefreshSummary = {
    startedAt: started.toISOString(),
    finishedAt: started.toISOString(),
    resolution: null,
    bars: { symbols: 0, succeeded: 0, failed: [], rows: 0, restated: [] },
    quotes: { requested: 0, stored: 0, answered: false },
    fx: { pairs: FX_LEG_CURRENCIES.length, succeeded: 0, failed: [], legRows: 0, derivedRows: 0 },
    companiesUpdated: 0,
    declarations: null,
    errors: [],
  };
  const step = async (name: string, run: () => Promise<void>) => {
    if (deps.signal?.aborted) return;
    try {
      await run();
    } catch (error) {
      const reason = oneLine(error);
      log.error(`prices refresh step "${name}" failed, going on without it`, { reason });
      summary.errors.push(`${name}: ${reason}`);
    }
  };

  if (!options.symbols) {
    await step('resolve symbols', async () => {
      summary.resolution = await resolveMissingSymbols(db, client, log, { now: started });
    });
  }

  let companySymbols: string[] = [];
  await step('list symbols', async () => {
    companySymbols = options.symbols
      ? [...new Set(options.symbols)]
      : ((await db('companies').distinct('yahoo_symbol').whereNotNull('yahoo_symbol').orderBy('yahoo_symbol').pluck('yahoo_symbol')) as string[]);
  });
  const barSymbols = options.symbols ? companySymbols : [...new Set([...companySymbols, ...Object.values(BENCHMARK_BY_MARKET)])];

  await step('bars', async () => {
    summary.bars.symbols = barSymbols.length;
    const lastDates = await lastBarDates(db, barSymbols);
    await forEachPooled(barSymbols, CHART_CONCURRENCY, async (symbol) => {
      const last = lastDates.get(symbol);
      const from = options.since ?? (last ? shiftDay(last, -OVERLAP_DAYS) : historyStart);
      let result = await client.dailyBars(symbol, from);
      if (result && !options.since && last && (await historyRestated(db, result))) {
        // Yahoo adjusts every earlier bar after a dividend or split: take the whole history again.
        const full = await client.dailyBars(symbol, historyStart);
        if (full) {
          result = full;
          summary.bars.restated.push(symbol);
        }
      }
      if (!result) {
        summary.bars.failed.push(symbol);
        return;
      }
      try {
        const stored = await upsertBars(db, result.bars);
        summary.bars.rows += stored;
        summary.bars.succeeded += 1;
      } catch (error) {
        summary.bars.failed.push(symbol);
        log.error('storing bars failed', { symbol, reason: oneLine(error) });
      }
    }, deps.signal);
    summary.bars.failed.sort();
  });

  await step('quotes', async () => {
    summary.quotes.requested = companySymbols.length;
    if (companySymbols.length === 0) return;
    const snapshots = await client.quotes(companySymbols);
    summary.quotes.answered = snapshots !== null;
    if (snapshots) summary.quotes.stored = await upsertQuoteSnapshots(db, snapshots);
  });

  let fxFrom: string | null = null;
  await step('fx', async () => {
    const lastLegDates = new Map<string, string>();
    const rows = (await db('fx_rates')
      .select('quote')
      .max({ last: 'date' })
      .where({ base: FX_ANCHOR })
      .whereIn('quote', [...FX_LEG_CURRENCIES])
      .groupBy('quote')) as Array<{ quote: string; last: string }>;
    for (const row of rows) lastLegDates.set(row.quote, row.last);
    await forEachPooled(FX_LEG_CURRENCIES, CHART_CONCURRENCY, async (currency) => {
      const last = lastLegDates.get(currency);
      const from = options.since ?? (last ? shiftDay(last, -OVERLAP_DAYS) : historyStart);
      const result = await client.dailyBars(fxLegSymbol(currency), from);
      if (!result) {
        summary.fx.failed.push(fxLegSymbol(currency));
        return;
      }
      const legs = result.bars.flatMap((b) => {
        const rate = b.close ?? b.adjClose;
        return rate === null ? [] : [{ quote: currency, date: b.date, rate }];
      });
      // Read the counter only after the await: workers run interleaved.
      const stored = await upsertEuroLegs(db, legs);
      summary.fx.legRows += stored;
      summary.fx.succeeded += 1;
      const first = legs[0]?.date;
      if (first && (fxFrom === null || first < fxFrom)) fxFrom = first;
    }, deps.signal);
    summary.fx.failed.sort();
    if (fxFrom !== null) summary.fx.derivedRows = await deriveFxRates(db, fxFrom);
  });

  let fx: FxTable | null = null;
  await step('company market caps', async () => {
    fx ??= await loadFxTable(db);
    summary.companiesUpdated = await refreshCompanyMarketCaps(db, fx);
  });
  await step('declaration amounts', async () => {
    fx ??= await loadFxTable(db);
    summary.declarations = await convertDeclarationAmounts(db, { fx, fromDate: fxFrom ?? today });
  });

  const finished = now();
  summary.finishedAt = finished.toISOString();
  await step('freshness', async () => {
    if (summary.bars.succeeded > 0 || summary.quotes.stored > 0) {
      await recordFreshness(
        db,
        'prices',
        finished,
        `bars ${summary.bars.succeeded}/${summary.bars.symbols} symbols, ${summary.quotes.stored} quotes`,
      );
    }
    if (summary.fx.succeeded > 0) {
      await recordFreshness(db, 'fx', finished, `${summary.fx.succeeded}/${summary.fx.pairs} euro pairs`);
    }
  });
  log.info('prices refresh done', {
    resolved: summary.resolution?.resolved ?? 0,
    unresolved: summary.resolution?.notFound ?? 0,
    barSymbols: `${summary.bars.succeeded}/${summary.bars.symbols}`,
    barRows: summary.bars.rows,
    quotes: summary.quotes.stored,
    fxPairs: `${summary.fx.succeeded}/${summary.fx.pairs}`,
    companiesUpdated: summary.companiesUpdated,
    declarationsChanged: summary.declarations?.changed ?? 0,
    errors: summary.errors.length,
  });
  return summary;
}
