const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A declaration's backtest from its `backtest_returns` rows `b` (aggregate): matured horizons only. */
export const BACKTEST_OBJECT = `json_build_object(
  'symbol', min(b.symbol), 'entryDate', min(b.entry_date), 'entryPrice', min(b.entry_price),
  'benchmarkSymbol', min(b.benchmark_symbol),
  'horizons', coalesce(json_agg(json_build_object(
     'horizon', b.horizon, 'exitDate', b.exit_date, 'exitPrice', b.exit_price, 'rawReturn', b.raw_return,
     'benchmarkReturn', b.benchmark_return, 'excessReturn', b.excess_return,
     'computedAt', ${iso('b.computed_at')}) order by b.horizon), '[]'::json))`;

/** The backtest of a declaration that has none yet. */
export const EMPTY_BACKTEST = '{"symbol":null,"entryDate":null,"entryPrice":null,"benchmarkSymbol":null,"horizons":[]}';
