/**
 * Calendar facts per market that point-in-time scoring and backtests need: the exchange's time
 * zone (to know the publication's local trading day), its regular closing time (to know which
 * close is the first one a reader could trade at) and the benchmark index the backtest compares to.
 * These are facts, not weights: the filing deadlines that move points live in weights.ts.
 */
export interface MarketCalendar {
  timeZone: string;
  /** Regular session close, local time `HH:mm`. */
  closeTime: string;
  /** Yahoo symbol of the broad index used as benchmark; null when none is configured. */
  benchmark: string | null;
}

export const MARKET_CALENDARS: Readonly<Record<string, MarketCalendar>> = Object.freeze({
  us: { timeZone: 'America/New_York', closeTime: '16:00', benchmark: '^GSPC' },
  ca: { timeZone: 'America/Toronto', closeTime: '16:00', benchmark: '^GSPTSE' },
  uk: { timeZone: 'Europe/London', closeTime: '16:30', benchmark: '^FTSE' },
  fr: { timeZone: 'Europe/Paris', closeTime: '17:30', benchmark: '^FCHI' },
  de: { timeZone: 'Europe/Berlin', closeTime: '17:30', benchmark: '^GDAXI' },
  ch: { timeZone: 'Europe/Zurich', closeTime: '17:30', benchmark: '^SSMI' },
  it: { timeZone: 'Europe/Rome', closeTime: '17:30', benchmark: 'FTSEMIB.MI' },
  es: { timeZone: 'Europe/Madrid', closeTime: '17:30', benchmark: '^IBEX' },
  // No benchmark bars are fetched for these markets yet (src/prices BENCHMARK_BY_MARKET).
  nl: { timeZone: 'Europe/Amsterdam', closeTime: '17:30', benchmark: null },
  be: { timeZone: 'Europe/Brussels', closeTime: '17:30', benchmark: null },
  se: { timeZone: 'Europe/Stockholm', closeTime: '17:30', benchmark: null },
  no: { timeZone: 'Europe/Oslo', closeTime: '16:20', benchmark: null },
  dk: { timeZone: 'Europe/Copenhagen', closeTime: '17:00', benchmark: null },
  fi: { timeZone: 'Europe/Helsinki', closeTime: '18:30', benchmark: null },
});

/** Used for a market Sigma has no calendar for yet: UTC and a 16:00 close, no benchmark. */
export const FALLBACK_CALENDAR: MarketCalendar = Object.freeze({ timeZone: 'UTC', closeTime: '16:00', benchmark: null });

export function marketCalendar(market: string): MarketCalendar {
  return MARKET_CALENDARS[market] ?? FALLBACK_CALENDAR;
}
