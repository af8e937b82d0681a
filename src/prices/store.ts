import type { Knex } from 'knex';
import type { Price } from '../model/price.js';
import { FX_ANCHOR, FX_CURRENCIES } from './currency.js';
import type { FxTable } from './fx.js';
import type { QuoteSnapshot } from './parse.js';

const CHUNK = 1000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Inserts or overwrites daily bars keyed by (symbol, date); storing the same bars twice is harmless. */
export async function upsertBars(db: Knex, bars: readonly Price[]): Promise<number> {
  for (const part of chunks(bars)) {
    await db('price_bars')
      .insert(
        part.map((b) => ({
          symbol: b.symbol,
          date: b.date,
          open: b.open,
          high: b.high,
          low: b.low,
          close: b.close,
          adj_close: b.adjClose,
          volume: b.volume,
          currency: b.currency,
          fetched_at: db.fn.now(),
        })),
      )
      .onConflict(['symbol', 'date'])
      .merge();
  }
  return bars.length;
}

/** The last stored bar day of each symbol that has any. */
export async function lastBarDates(db: Knex, symbols: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(symbols)) {
    const rows = await db('price_bars')
      .select('symbol')
      .max({ last: 'date' })
      .whereIn('symbol', part)
      .groupBy('symbol');
    for (const row of rows as Array<{ symbol: string; last: string }>) out.set(row.symbol, row.last);
  }
  return out;
}

/** The stored closes of one symbol from `fromDate` on, by day (to detect a restated history). */
export async function storedCloses(
  db: Knex,
  symbol: string,
  fromDate: string,
): Promise<Map<string, { close: number | null; adjClose: number | null }>> {
  const rows = (await db('price_bars')
    .where({ symbol })
    .where('date', '>=', fromDate)
    .select('date', 'close', 'adj_close')) as Array<{ date: string; close: number | null; adj_close: number | null }>;
  return new Map(rows.map((r) => [r.date, { close: r.close, adjClose: r.adj_close }]));
}

/** One snapshot per symbol and day; a later quote of the same day replaces the earlier one. */
export async function upsertQuoteSnapshots(db: Knex, snapshots: readonly QuoteSnapshot[]): Promise<number> {
  for (const part of chunks(snapshots)) {
    await db('quote_snapshots')
      .insert(
        part.map((s) => ({
          symbol: s.symbol,
          as_of: s.asOf,
          currency: s.currency,
          market_cap: s.marketCap,
          shares_outstanding: s.sharesOutstanding,
          price: s.price,
          exchange: s.exchange,
          long_name: s.longName,
          fetched_at: db.fn.now(),
        })),
      )
      .onConflict(['symbol', 'as_of'])
      .merge();
  }
  return snapshots.length;
}

/** Stores euro legs (1 EUR = rate `quote`) as fetched. */
export async function upsertEuroLegs(db: Knex, legs: ReadonlyArray<{ quote: string; date: string; rate: number }>): Promise<number> {
  const valid = legs.filter((l) => Number.isFinite(l.rate) && l.rate > 0);
  for (const part of chunks(valid)) {
    await db('fx_rates')
      .insert(part.map((l) => ({ base: FX_ANCHOR, quote: l.quote, date: l.date, rate: l.rate })))
      .onConflict(['base', 'quote', 'date'])
      .merge(['rate']);
  }
  return valid.length;
}

/**
 * Completes fx_rates from the euro legs stored on or after `fromDate`: the inverse of each leg
 * (xxx → EUR) and every cross between two legs of the same day (xxx → yyy = EURyyy / EURxxx), so
 * any ordered pair of FX_CURRENCIES is one lookup. Returns the rows written.
 */
export async function deriveFxRates(db: Knex, fromDate: string): Promise<number> {
  const currencies = FX_CURRENCIES.filter((c) => c !== FX_ANCHOR);
  const result = await db.raw<{ rowCount: number }>(
    `insert into fx_rates (base, quote, date, rate)
     select a.quote, b.quote, a.date, b.rate / a.rate
       from fx_rates a
       join fx_rates b on b.base = a.base and b.date = a.date and b.quote <> a.quote
      where a.base = :anchor and a.date >= :fromDate and a.rate > 0 and b.rate > 0
        and a.quote = any(:currencies) and b.quote = any(:currencies)
     union all
     select quote, base, date, 1 / rate
       from fx_rates
      where base = :anchor and date >= :fromDate and rate > 0 and quote = any(:currencies)
     on conflict (base, quote, date) do update set rate = excluded.rate`,
    { anchor: FX_ANCHOR, fromDate, currencies },
  );
  return result.rowCount;
}

export interface SymbolResolution {
  companyId: number;
  /** Null = searched and not found (cached, so the search is not repeated every day). */
  symbol: string | null;
  method: string;
  query: string;
}

/** Caches how a company maps to Yahoo and mirrors a found symbol onto the company. */
export async function saveResolution(db: Knex, resolution: SymbolResolution): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('symbol_resolutions')
      .insert({
        company_id: resolution.companyId,
        symbol: resolution.symbol,
        method: resolution.method,
        query: resolution.query,
        resolved_at: trx.fn.now(),
      })
      .onConflict('company_id')
      .merge();
    if (resolution.symbol !== null) {
      await trx('companies')
        .where({ id: resolution.companyId })
        .whereRaw('yahoo_symbol is distinct from ?', [resolution.symbol])
        .update({ yahoo_symbol: resolution.symbol, updated_at: trx.fn.now() });
    }
  });
}

interface LatestSnapshotRow {
  company_id: number;
  as_of: string;
  currency: string | null;
  market_cap: number | null;
  shares_outstanding: number | null;
  price: number | null;
  old_cap: number | null;
  old_cap_currency: string | null;
  old_cap_eur: number | null;
  old_as_of: string | null;
  old_currency: string | null;
}

/**
 * Copies each company's latest quote snapshot onto it: market cap (Yahoo's, else shares
 * outstanding × price), its currency, the EUR value at the snapshot day's rate, and the day.
 * The company's own currency is filled from the listing only when unknown. Returns companies changed.
 */
export async function refreshCompanyMarketCaps(db: Knex, fx: FxTable): Promise<number> {
  const rows = (await db.raw<{ rows: LatestSnapshotRow[] }>(
    `select c.id as company_id, s.as_of, s.currency, s.market_cap, s.shares_outstanding, s.price,
            c.market_cap as old_cap, c.market_cap_currency as old_cap_currency,
            c.market_cap_eur as old_cap_eur, c.market_cap_as_of as old_as_of, c.currency as old_currency
       from companies c
       join lateral (
         select * from quote_snapshots q where q.symbol = c.yahoo_symbol order by q.as_of desc limit 1
       ) s on true
      where c.yahoo_symbol is not null`,
  )).rows;
  const updates: Array<{ id: number; cap: number | null; capCurrency: string | null; capEur: number | null; asOf: string; currency: string | null }> = [];
  for (const r of rows) {
    const cap = r.market_cap ?? (r.shares_outstanding !== null && r.price !== null ? r.shares_outstanding * r.price : null);
    const capEur = cap === null ? null : fx.convert(cap, r.currency, 'EUR', r.as_of);
    const currency = r.old_currency ?? r.currency;
    if (
      cap !== r.old_cap ||
      r.currency !== r.old_cap_currency ||
      capEur !== r.old_cap_eur ||
      r.as_of !== r.old_as_of ||
      currency !== r.old_currency
    ) {
      updates.push({ id: r.company_id, cap, capCurrency: r.currency, capEur, asOf: r.as_of, currency });
    }
  }
  for (const part of chunks(updates)) {
    await db.raw(
      `update companies c
          set market_cap = u.cap, market_cap_currency = u.cap_currency, market_cap_eur = u.cap_eur,
              market_cap_as_of = u.as_of, currency = u.currency, updated_at = now()
         from unnest(?::bigint[], ?::double precision[], ?::text[], ?::double precision[], ?::date[], ?::text[])
              as u(id, cap, cap_currency, cap_eur, as_of, currency)
        where c.id = u.id`,
      // node-pg sends null array members as SQL NULL; knex's binding type just does not say so.
      [
        part.map((u) => u.id),
        part.map((u) => u.cap) as number[],
        part.map((u) => u.capCurrency) as string[],
        part.map((u) => u.capEur) as number[],
        part.map((u) => u.asOf),
        part.map((u) => u.currency) as string[],
      ],
    );
  }
  return updates.length;
}

/** Records the last successful refresh of a data block (read by /health and meta.dataFreshness). */
export async function recordFreshness(db: Knex, block: string, at: Date, detail: string): Promise<void> {
  await db('data_freshness')
    .insert({ block, updated_at: at, detail })
    .onConflict('block')
    .merge();
}
