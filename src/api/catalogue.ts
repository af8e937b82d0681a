/**
 * What Sigma knows about each regulator it can ingest, for /markets before (or without) any data:
 * the market code, the regulator's name, the country and the local currency.
 */
export interface SourceInfo {
  market: string;
  regulator: string;
  country: string;
  currency: string;
}

export const SOURCE_CATALOGUE: Readonly<Record<string, SourceInfo>> = {
  sec: { market: 'us', regulator: 'SEC', country: 'United States', currency: 'USD' },
  amf: { market: 'fr', regulator: 'AMF', country: 'France', currency: 'EUR' },
  bafin: { market: 'de', regulator: 'BaFin', country: 'Germany', currency: 'EUR' },
  fca: { market: 'uk', regulator: 'FCA', country: 'United Kingdom', currency: 'GBP' },
  six: { market: 'ch', regulator: 'SIX Exchange Regulation', country: 'Switzerland', currency: 'CHF' },
  sedi: { market: 'ca', regulator: 'CSA (SEDI)', country: 'Canada', currency: 'CAD' },
  consob: { market: 'it', regulator: 'Consob', country: 'Italy', currency: 'EUR' },
  cnmv: { market: 'es', regulator: 'CNMV', country: 'Spain', currency: 'EUR' },
  afm: { market: 'nl', regulator: 'AFM', country: 'Netherlands', currency: 'EUR' },
  fsma: { market: 'be', regulator: 'FSMA', country: 'Belgium', currency: 'EUR' },
  fi: { market: 'se', regulator: 'Finansinspektionen', country: 'Sweden', currency: 'SEK' },
  oslo: { market: 'no', regulator: 'Oslo Børs (NewsWeb)', country: 'Norway', currency: 'NOK' },
  nasdaq_nordic: { market: 'dk', regulator: 'Nasdaq Nordic', country: 'Denmark', currency: 'DKK' },
};

export const MARKET_COUNTRIES: Readonly<Record<string, { country: string; currency: string }>> = Object.fromEntries(
  Object.values(SOURCE_CATALOGUE).map((s) => [s.market, { country: s.country, currency: s.currency }]),
);
