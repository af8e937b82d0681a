import type { CompanyReference } from '../types.js';

export const COMPANY_TICKERS_EXCHANGE_PATH = '/files/company_tickers_exchange.json';

/**
 * `company_tickers_exchange.json`: `{ fields: ["cik","name","ticker","exchange"], data: [[…]…] }`.
 * An issuer with several listed classes has several rows; the SEC lists its primary one first,
 * so the first row per CIK is kept. Column positions are read from `fields`, not assumed.
 */
export function parseCompanyTickersExchange(json: string): CompanyReference[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`company_tickers_exchange.json is not JSON: ${(error as Error).message}`);
  }
  const { fields, data } = (parsed ?? {}) as { fields?: unknown; data?: unknown };
  if (!Array.isArray(fields) || !Array.isArray(data)) {
    throw new Error('company_tickers_exchange.json has no "fields"/"data" arrays');
  }
  const cikAt = fields.indexOf('cik');
  const tickerAt = fields.indexOf('ticker');
  const exchangeAt = fields.indexOf('exchange');
  if (cikAt === -1 || tickerAt === -1) throw new Error('company_tickers_exchange.json lacks a "cik" or "ticker" field');

  const seen = new Set<string>();
  const references: CompanyReference[] = [];
  for (const row of data) {
    if (!Array.isArray(row)) continue;
    const rawCik = row[cikAt];
    const cikDigits = typeof rawCik === 'number' ? String(rawCik) : typeof rawCik === 'string' ? rawCik.trim() : '';
    if (!/^\d{1,10}$/.test(cikDigits)) continue;
    const cik = cikDigits.padStart(10, '0');
    if (seen.has(cik)) continue;
    const ticker = typeof row[tickerAt] === 'string' && row[tickerAt].trim() ? (row[tickerAt] as string).trim() : null;
    const exchangeValue = exchangeAt === -1 ? null : row[exchangeAt];
    const exchange = typeof exchangeValue === 'string' && exchangeValue.trim() ? exchangeValue.trim() : null;
    if (ticker === null) continue;
    seen.add(cik);
    references.push({ match: { cik }, ticker, exchange });
  }
  return references;
}
