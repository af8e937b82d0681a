import type { Knex } from 'knex';
import { normalizeCurrency } from './currency.js';

/**
 * How many calendar days an FX close may be older than the day it converts: enough for a weekend
 * plus a holiday or two, short enough that a gap in the data gives null rather than a stale rate.
 */
export const MAX_FX_STALENESS_DAYS = 5;

const DAY_MS = 86_400_000;

function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

export interface FxRow {
  base: string;
  quote: string;
  date: string;
  rate: number;
}

/**
 * Daily rates held in memory for bulk conversion: `rateOn` answers the latest close on or before a
 * day, no older than MAX_FX_STALENESS_DAYS, and never invents one.
 */
export class FxTable {
  private readonly series = new Map<string, { days: number[]; rates: number[] }>();

  static fromRows(rows: Iterable<FxRow>): FxTable {
    const table = new FxTable();
    const grouped = new Map<string, Array<[number, number]>>();
    for (const row of rows) {
      if (!(row.rate > 0) || !Number.isFinite(row.rate)) continue;
      const key = `${row.base}/${row.quote}`;
      const list = grouped.get(key) ?? [];
      list.push([dayNumber(row.date), row.rate]);
      grouped.set(key, list);
    }
    for (const [key, list] of grouped) {
      list.sort((a, b) => a[0] - b[0]);
      table.series.set(key, { days: list.map((p) => p[0]), rates: list.map((p) => p[1]) });
    }
    return table;
  }

  /** 1 `base` in `quote` on `date` (YYYY-MM-DD), or null when no close is recent enough. */
  rateOn(base: string, quote: string, date: string): number | null {
    if (base === quote) return 1;
    const series = this.series.get(`${base}/${quote}`);
    if (!series) return null;
    const day = dayNumber(date);
    if (Number.isNaN(day)) return null;
    // Last index whose day is <= the wanted day.
    let lo = 0;
    let hi = series.days.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (series.days[mid]! <= day) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0 || day - series.days[found]! > MAX_FX_STALENESS_DAYS) return null;
    return series.rates[found]!;
  }

  /**
   * `amount` in the quoted currency `code` (GBp/GBX pence handled) expressed in `target` at the
   * day's rate, rounded to cents; null when the code or the rate is unknown.
   */
  convert(amount: number | null, code: string | null, target: string, date: string | null): number | null {
    if (amount === null || !Number.isFinite(amount) || date === null) return null;
    const unit = normalizeCurrency(code);
    if (!unit) return null;
    const rate = this.rateOn(unit.currency, target, date);
    if (rate === null) return null;
    return roundCents((amount / unit.divisor) * rate);
  }
}

export function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Every stored rate into the given target currencies (EUR and USD for Sigma's converted amounts). */
export async function loadFxTable(db: Knex, targets: readonly string[] = ['EUR', 'USD']): Promise<FxTable> {
  const rows = await db<FxRow>('fx_rates').select('base', 'quote', 'date', 'rate').whereIn('quote', [...targets]);
  return FxTable.fromRows(rows);
}
