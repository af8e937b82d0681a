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

