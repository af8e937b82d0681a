import { DateTime } from 'luxon';
import { z } from 'zod';
import { ParseError } from '../../adapters/types.js';
import type { Price } from '../model/price.js';
import { normalizeCurrency } from './currency.js';
import type { SearchListing } from './markets.js';

/**
 * Pure mappings from what yahoo-finance2 returns (run with `validateResult: false`, so Yahoo's own
 * JSON shapes) onto Sigma's rows. Prices leave here in the currency's major unit (pence → pounds).
 */

const finiteOrNull = z
  .unknown()
  .transform((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));

/** Yahoo gives times as Unix seconds in its JSON; the library may already have made them Dates. */
const instant = z
  .union([z.number(), z.date(), z.string()])
  .nullish()
  .transform((v): Date | null => {
    if (v === null || v === undefined) return null;
    const date = typeof v === 'number' ? new Date(v > 1e11 ? v : v * 1000) : new Date(v);
    return Number.isNaN(date.getTime()) ? null : date;
  });

const ChartQuoteSchema = z.object({
  date: instant,
  open: finiteOrNull,
  high: finiteOrNull,
  low: finiteOrNull,
  close: finiteOrNull,
  adjclose: finiteOrNull.optional(),
  volume: finiteOrNull,
});

const ChartSchema = z.object({
  meta: z.object({
    symbol: z.string().min(1),
    currency: z.string().nullish(),
    exchangeTimezoneName: z.string().nullish(),
    gmtoffset: z.number().nullish(),
    instrumentType: z.string().nullish(),
  }),
  quotes: z.array(ChartQuoteSchema),
  events: z
    .object({
      dividends: z.array(z.unknown()).optional(),
      splits: z.array(z.unknown()).optional(),
    })
    .nullish(),
});

export interface DailyBars {
  symbol: string;
  /** ISO code of the major unit the bars are stored in (GBP for a GBp listing), null if unknown. */
  currency: string | null;
  bars: Price[];
  /**
   * A dividend or split fell inside the fetched window: Yahoo then restates the adjusted (and, for
   * a split, the plain) closes of every earlier day.
   */
  hasCorporateActions: boolean;
}

/** The trading day a bar belongs to, in the exchange's own time zone (with its historical DST). */
export function exchangeDate(at: Date, timeZone: string | null | undefined, gmtOffsetSeconds: number | null | undefined): string {
  if (timeZone) {
    const local = DateTime.fromJSDate(at, { zone: timeZone });
    if (local.isValid) return local.toISODate()!;
  }
  return new Date(at.getTime() + (gmtOffsetSeconds ?? 0) * 1000).toISOString().slice(0, 10);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * Daily bars of one chart answer. Bars without a close (holidays Yahoo pads with nulls) are left
 * out; when Yahoo repeats a day, the last bar of that day wins.
 */
export function parseChart(raw: unknown, requestedSymbol: string): DailyBars {
  const parsed = ChartSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ParseError(`yahoo:chart:${requestedSymbol}`, `unexpected chart shape: ${describeIssues(parsed.error)}`);
  }
  const { meta, quotes, events } = parsed.data;
  const unit = normalizeCurrency(meta.currency);
  const divisor = unit?.divisor ?? 1;
  const scale = (v: number | null | undefined) => (v === null || v === undefined ? null : v / divisor);
  const byDate = new Map<string, Price>();
  for (const quote of quotes) {
    if (quote.date === null || quote.close === null) continue;
    const date = exchangeDate(quote.date, meta.exchangeTimezoneName, meta.gmtoffset);
    byDate.set(date, {
      symbol: requestedSymbol,
      date,
      open: scale(quote.open),
      high: scale(quote.high),
      low: scale(quote.low),
      close: scale(quote.close),
      adjClose: scale(quote.adjclose ?? null),
      volume: quote.volume,
      currency: unit?.currency ?? null,
    });
  }
  return {
    symbol: requestedSymbol,
    currency: unit?.currency ?? null,
    bars: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)),
    hasCorporateActions: (events?.dividends?.length ?? 0) > 0 || (events?.splits?.length ?? 0) > 0,
  };
}

const QuoteItemSchema = z.object({
  symbol: z.string().min(1),
  currency: z.string().nullish(),
  marketCap: finiteOrNull.optional(),
  sharesOutstanding: finiteOrNull.optional(),
  regularMarketPrice: finiteOrNull.optional(),
  regularMarketTime: instant.optional(),
  exchange: z.string().nullish(),
  exchangeTimezoneName: z.string().nullish(),
  gmtOffSetMilliseconds: z.number().nullish(),
  longName: z.string().nullish(),
  shortName: z.string().nullish(),
});

/** What one quote said about a listing's size on one day. */
export interface QuoteSnapshot {
  symbol: string;
  /** The exchange-local day of the quote's last trade (the day its price and market cap describe). */
  asOf: string;
  currency: string | null;
  /** In the major unit of `currency` (Yahoo already reports an LSE market cap in pounds). */
  marketCap: number | null;
  sharesOutstanding: number | null;
  /** Last price, in the major unit of `currency`. */
  price: number | null;
  exchange: string | null;
  longName: string | null;
}

/**
 * The usable snapshots of a quote answer: one per well-formed item; a malformed item is left out
 * on its own (reported in `rejected`) so one odd symbol does not cost the whole batch.
 * `fallbackDate` dates a quote that carries no trade time.
 */
export function parseQuotes(raw: unknown, fallbackDate: string): { snapshots: QuoteSnapshot[]; rejected: string[] } {
  const items = Array.isArray(raw) ? raw : [];
  const snapshots: QuoteSnapshot[] = [];
  const rejected: string[] = [];
  for (const item of items) {
    const parsed = QuoteItemSchema.safeParse(item);
    if (!parsed.success) {
      const symbol = typeof item === 'object' && item !== null && 'symbol' in item ? String(item.symbol) : '(no symbol)';
      rejected.push(`${symbol}: ${describeIssues(parsed.error)}`);
      continue;
    }
    const q = parsed.data;
    const unit = normalizeCurrency(q.currency);
    const tradedAt = q.regularMarketTime ?? null;
    snapshots.push({
      symbol: q.symbol,
      asOf: tradedAt
        ? exchangeDate(tradedAt, q.exchangeTimezoneName, q.gmtOffSetMilliseconds == null ? null : q.gmtOffSetMilliseconds / 1000)
        : fallbackDate,
      currency: unit?.currency ?? null,
      marketCap: q.marketCap ?? null,
      sharesOutstanding: q.sharesOutstanding ?? null,
      price: q.regularMarketPrice == null ? null : q.regularMarketPrice / (unit?.divisor ?? 1),
      exchange: q.exchange ?? null,
      longName: q.longName ?? q.shortName ?? null,
    });
  }
  return { snapshots, rejected };
}

const SearchSchema = z.object({
  quotes: z.array(
    z
      .object({
        symbol: z.string().nullish(),
        exchange: z.string().nullish(),
        quoteType: z.string().nullish(),
        longname: z.string().nullish(),
        shortname: z.string().nullish(),
        isYahooFinance: z.boolean().nullish(),
      })
      .passthrough(),
  ),
});

/** The Yahoo listings of a search answer (news, Crunchbase entities and the like left out). */
export function parseSearch(raw: unknown, query: string): SearchListing[] {
  const parsed = SearchSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ParseError(`yahoo:search:${query}`, `unexpected search shape: ${describeIssues(parsed.error)}`);
  }
  return parsed.data.quotes
    .filter((q) => q.isYahooFinance !== false && typeof q.symbol === 'string' && q.symbol.length > 0)
    .map((q) => ({
      symbol: q.symbol!,
      exchange: q.exchange ?? null,
      quoteType: q.quoteType ?? null,
      name: q.longname ?? q.shortname ?? null,
    }));
}
