import { DateTime } from 'luxon';
import type { MarketCapInput, PriorReturnInput } from '../../scoring/types.js';
import type { WeightsTable } from '../../scoring/weights.js';

/** One daily bar as the scorer reads it (dates ascending). */
export interface Bar {
  date: string;
  close: number | null;
  adjClose: number | null;
  currency: string | null;
}

export interface Snapshot {
  asOf: string;
  currency: string | null;
  marketCap: number | null;
  sharesOutstanding: number | null;
}

/** Yahoo quotes some markets in minor units; market caps are still given in the major unit. */
export const MINOR_UNITS: Readonly<Record<string, { major: string; divisor: number }>> = Object.freeze({
  GBp: { major: 'GBP', divisor: 100 },
  GBX: { major: 'GBP', divisor: 100 },
  ZAc: { major: 'ZAR', divisor: 100 },
  ZAC: { major: 'ZAR', divisor: 100 },
  ILA: { major: 'ILS', divisor: 100 },
});

export function majorCurrency(currency: string): string {
  return MINOR_UNITS[currency]?.major ?? currency;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function minusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** Index of the last element whose key is < `bound` (or <= when `inclusive`), -1 if none. */
export function lastIndexBefore<T>(items: readonly T[], key: (item: T) => string, bound: string, inclusive = false): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = key(items[mid]!);
    if (k < bound || (inclusive && k === bound)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

const localDateCache = new Map<string, string>();
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date of an instant in a time zone (cached per quarter hour: zones move in 15-minute steps). */
export function localDate(instant: Date, timeZone: string): string {
  const key = `${timeZone}|${Math.floor(instant.getTime() / 900_000)}`;
  let date = localDateCache.get(key);
  if (date === undefined) {
    date = formatterFor(timeZone).format(instant);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      date = DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() ?? instant.toISOString().slice(0, 10);
    }
    if (localDateCache.size > 200_000) localDateCache.clear();
    localDateCache.set(key, date);
  }
  return date;
}

/** FX rates in memory: 1 `base` = rate `quote` on `date`, per pair, dates ascending. */
export class FxTable {
  private readonly pairs = new Map<string, Array<{ date: string; rate: number }>>();

  add(base: string, quote: string, date: string, rate: number): void {
    if (!(Number.isFinite(rate) && rate > 0)) return;
    const key = `${base}/${quote}`;
    const list = this.pairs.get(key) ?? [];
    list.push({ date, rate });
    this.pairs.set(key, list);
  }

  /** Sorts every pair by date; call once after adding. */
  seal(): this {
    for (const list of this.pairs.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return this;
  }

  private direct(base: string, quote: string, date: string, maxAgeDays: number) {
    const list = this.pairs.get(`${base}/${quote}`);
    if (!list) return null;
    const i = lastIndexBefore(list, (r) => r.date, date, true);
    const hit = i >= 0 ? list[i]! : null;
    return hit && daysBetween(hit.date, date) <= maxAgeDays ? hit : null;
  }

  private simple(base: string, quote: string, date: string, maxAgeDays: number): { date: string; rate: number } | null {
    const d = this.direct(base, quote, date, maxAgeDays);
    if (d) return d;
    const inverse = this.direct(quote, base, date, maxAgeDays);
    return inverse ? { date: inverse.date, rate: 1 / inverse.rate } : null;
  }

  /** The rate known on `date` (never a later one): direct, inverse, or crossed through USD. */
  rate(base: string, quote: string, date: string, maxAgeDays: number): { pair: string; date: string; rate: number } | null {
    if (base === quote) return { pair: `${base}/${quote}`, date, rate: 1 };
    const simple = this.simple(base, quote, date, maxAgeDays);
    if (simple) return { pair: `${base}/${quote}`, ...simple };
    if (base !== 'USD' && quote !== 'USD') {
      const a = this.simple(base, 'USD', date, maxAgeDays);
      const b = this.simple('USD', quote, date, maxAgeDays);
      if (a && b) return { pair: `${base}/USD/${quote}`, date: a.date < b.date ? a.date : b.date, rate: a.rate * b.rate };
    }
    return null;
  }
}

/** One symbol's bars and snapshots, filtered once so each declaration only binary-searches them. */
export interface SymbolSeries {
  adjCloses: Bar[];
  closes: Bar[];
  capSnapshots: Snapshot[];
  shareSnapshots: Snapshot[];
}

/** A usable price or size: a finite positive number (a zero or NaN from a feed is missing data). */
const isPositive = (value: number | null): value is number => value !== null && Number.isFinite(value) && value > 0;

export function prepareSeries(bars: readonly Bar[], snapshots: readonly Snapshot[]): SymbolSeries {
  return {
    adjCloses: bars.filter((b) => isPositive(b.adjClose)),
    closes: bars.filter((b) => isPositive(b.close)),
    capSnapshots: snapshots.filter((s) => isPositive(s.marketCap)),
    shareSnapshots: snapshots.filter((s) => isPositive(s.sharesOutstanding)),
  };
}

export const EMPTY_SERIES: SymbolSeries = Object.freeze({ adjCloses: [], closes: [], capSnapshots: [], shareSnapshots: [] });

/** The return over the look-back ending at the last adjusted close strictly before the publication's day. */
export function priorReturnAt(
  symbol: string | null,
  series: SymbolSeries,
  pubLocalDate: string,
  weights: WeightsTable,
): PriorReturnInput {
  if (!symbol) return { available: false, reason: 'the company has no Yahoo symbol' };
  const usable = series.adjCloses;
  const end = lastIndexBefore(usable, (b) => b.date, pubLocalDate);
  if (end < 0) return { available: false, reason: `no ${symbol} price before ${pubLocalDate}` };
  const endBar = usable[end]!;
  if (daysBetween(endBar.date, pubLocalDate) > weights.maxPriceAgeDays) {
    return { available: false, reason: `the last ${symbol} close before ${pubLocalDate} is from ${endBar.date}, too old` };
  }
  const start = end - weights.priorReturnTradingDays;
  if (start < 0) {
    return { available: false, reason: `only ${end} ${symbol} trading days of prices before ${pubLocalDate}` };
  }
  const startBar = usable[start]!;
  if (daysBetween(startBar.date, pubLocalDate) > weights.priorReturnMaxCalendarDays) {
    return {
      available: false,
      reason: `${symbol} prices are too sparse: ${weights.priorReturnTradingDays} closes span back to ${startBar.date}`,
    };
  }
  return {
    available: true,
    symbol,
    startDate: startBar.date,
    startAdjClose: startBar.adjClose!,
    endDate: endBar.date,
    endAdjClose: endBar.adjClose!,
    tradingDays: weights.priorReturnTradingDays,
  };
}

/**
 * Market cap as known on the publication's day: the latest quote snapshot taken on or before it;
 * failing that, shares outstanding (from the snapshot nearest in time, possibly a later one: see
 * methodology.md) × the last close before publication. Converted to EUR at that day's rate.
 */
export function marketCapAt(
  symbol: string | null,
  series: SymbolSeries,
  fallbackCurrency: string | null,
  pubLocalDate: string,
  fx: FxTable,
  weights: WeightsTable,
): MarketCapInput {
  if (!symbol) return { available: false, reason: 'the company has no Yahoo symbol' };
  const withCap = series.capSnapshots;
  const i = lastIndexBefore(withCap, (s) => s.asOf, pubLocalDate, true);
  const snap = i >= 0 ? withCap[i]! : null;
  if (snap && daysBetween(snap.asOf, pubLocalDate) <= weights.maxSnapshotAgeDays) {
    const currency = majorCurrency(snap.currency ?? fallbackCurrency ?? '');
    if (!currency) return { available: false, reason: `the ${symbol} snapshot of ${snap.asOf} has no currency` };
    const rate = fx.rate(currency, 'EUR', snap.asOf, weights.maxFxAgeDays);
    if (!rate) return { available: false, reason: `no ${currency}/EUR rate on or before ${snap.asOf}` };
    return {
      available: true,
      symbol,
      method: 'snapshot',
      asOf: snap.asOf,
      value: snap.marketCap!,
      currency,
      valueEur: snap.marketCap! * rate.rate,
      fx: currency === 'EUR' ? null : rate,
      sharesOutstanding: snap.sharesOutstanding,
      sharesAsOf: snap.sharesOutstanding === null ? null : snap.asOf,
      close: null,
    };
  }
  const withShares = series.shareSnapshots;
  if (withShares.length === 0) {
    return { available: false, reason: `no ${symbol} quote snapshot on or before ${pubLocalDate} and no shares outstanding known` };
  }
  const before = lastIndexBefore(withShares, (s) => s.asOf, pubLocalDate, true);
  const sharesSnap = before >= 0 ? withShares[before]! : withShares[0]!;
  const closes = series.closes;
  const c = lastIndexBefore(closes, (b) => b.date, pubLocalDate);
  const bar = c >= 0 ? closes[c]! : null;
  if (!bar || daysBetween(bar.date, pubLocalDate) > weights.maxPriceAgeDays) {
    return { available: false, reason: `no recent ${symbol} close before ${pubLocalDate} to value the shares outstanding` };
  }
  const quoted = bar.currency ?? sharesSnap.currency ?? fallbackCurrency;
  if (!quoted) return { available: false, reason: `the ${symbol} close of ${bar.date} has no currency` };
  const unit = MINOR_UNITS[quoted];
  const currency = majorCurrency(quoted);
  const value = (sharesSnap.sharesOutstanding! * bar.close!) / (unit?.divisor ?? 1);
  const rate = fx.rate(currency, 'EUR', bar.date, weights.maxFxAgeDays);
  if (!rate) return { available: false, reason: `no ${currency}/EUR rate on or before ${bar.date}` };
  return {
    available: true,
    symbol,
    method: 'shares_x_close',
    asOf: bar.date,
    value,
    currency,
    valueEur: value * rate.rate,
    fx: currency === 'EUR' ? null : rate,
    sharesOutstanding: sharesSnap.sharesOutstanding,
    sharesAsOf: sharesSnap.asOf,
    close: bar.close,
  };
}
