import type { Db } from '../../db/knex.js';

export interface HorizonReturn {
  /** Trading days after the entry close. */
  horizon: number;
  exitDate: string;
  exitPrice: number;
  rawReturn: number;
  benchmarkReturn: number | null;
  excessReturn: number | null;
  computedAt: string;
}

/** Returns after publication; `horizons` holds matured horizons only and is empty until computed. */
export interface DeclarationBacktest {
  symbol: string | null;
  entryDate: string | null;
  entryPrice: number | null;
  benchmarkSymbol: string | null;
  horizons: HorizonReturn[];
}

interface BacktestRow {
  declaration_id: string;
  horizon: number;
  symbol: string;
  entry_date: string;
  entry_price: number;
  exit_date: string;
  exit_price: number;
  raw_return: number;
  benchmark_symbol: string | null;
  benchmark_return: number | null;
  excess_return: number | null;
  computed_at: Date;
}

export async function loadBacktests(db: Db, ids: string[]): Promise<Map<string, DeclarationBacktest>> {
  const result = new Map<string, DeclarationBacktest>();
  if (ids.length === 0) return result;
  const rows = (await db('backtest_returns').whereIn('declaration_id', ids).orderBy(['declaration_id', 'horizon'])) as BacktestRow[];
  for (const r of rows) {
    let bt = result.get(r.declaration_id);
    if (!bt) {
      bt = { symbol: r.symbol, entryDate: r.entry_date, entryPrice: r.entry_price, benchmarkSymbol: r.benchmark_symbol, horizons: [] };
      result.set(r.declaration_id, bt);
    }
    bt.horizons.push({
      horizon: r.horizon,
      exitDate: r.exit_date,
      exitPrice: r.exit_price,
      rawReturn: r.raw_return,
      benchmarkReturn: r.benchmark_return,
      excessReturn: r.excess_return,
      computedAt: r.computed_at.toISOString(),
    });
  }
  return result;
}
