export { createYahooClient, QUOTE_BATCH_SIZE, type YahooClient, type YahooClientOptions } from './client.js';
export { convertDeclarationAmounts, convertedAmounts, type ConvertOptions, type ConvertSummary } from './convert-declarations.js';
export { FX_ANCHOR, FX_CURRENCIES, normalizeCurrency, toMajorUnit, fxLegSymbol } from './currency.js';
export { FxTable, loadFxTable, MAX_FX_STALENESS_DAYS } from './fx.js';
export { BENCHMARK_BY_MARKET, HOME_LISTINGS_BY_MARKET, pickListing } from './markets.js';
export { parseChart, parseQuotes, parseSearch, type DailyBars, type QuoteSnapshot } from './parse.js';
export { refreshPrices, INITIAL_HISTORY_DAYS, type PricesRefreshSummary, type RefreshDeps, type RefreshOptions } from './refresh.js';
export { resolveMissingSymbols, resolveSymbol, RESOLUTION_METHODS } from './resolve.js';
export { nextRunAt, isTimeOfDay } from './schedule.js';
