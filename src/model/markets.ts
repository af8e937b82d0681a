/** Each market's regulator home time zone: local publication dates and filing delays use it. */
export const MARKET_TIME_ZONES: Readonly<Record<string, string>> = Object.freeze({
  us: 'America/New_York',
  ca: 'America/Toronto',
  uk: 'Europe/London',
  fr: 'Europe/Paris',
  de: 'Europe/Berlin',
  ch: 'Europe/Zurich',
  it: 'Europe/Rome',
  es: 'Europe/Madrid',
  nl: 'Europe/Amsterdam',
  be: 'Europe/Brussels',
  se: 'Europe/Stockholm',
  no: 'Europe/Oslo',
  dk: 'Europe/Copenhagen',
  fi: 'Europe/Helsinki',
});

export function marketTimeZone(market: string): string {
  return MARKET_TIME_ZONES[market] ?? 'UTC';
}

/**
 * Every market code Sigma knows (the `market` of declarations and companies, the `?market=` filter):
 * a market without a home time zone could not be ingested, so this list is the catalogue.
 */
export const KNOWN_MARKETS: readonly string[] = Object.freeze(Object.keys(MARKET_TIME_ZONES));
