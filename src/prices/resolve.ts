import type { Knex } from 'knex';
import type { Logger } from '../log.js';
import type { YahooClient } from './client.js';
import { companyNameKey, homeListingRank, pickListing, usTickerToYahoo, type SearchListing } from './markets.js';
import { saveResolution, type SymbolResolution } from './store.js';

/** What resolution needs to know about a company. */
export interface CompanyToResolve {
  id: number;
  name: string;
  market: string;
  isin: string | null;
  ticker: string | null;
}

/** How a symbol was found, as stored in `symbol_resolutions.method`. */
export const RESOLUTION_METHODS = {
  usTicker: 'us_ticker',
  isinHome: 'isin_search',
  isinOtherListing: 'isin_search_other_listing',
  tickerSearch: 'ticker_search',
  nameSearch: 'name_search',
  notFound: 'not_found',
} as const;

/** A search that found nothing is retried after this long (listings appear, Yahoo's index changes). */
export const NOT_FOUND_RETRY_DAYS = 30;

/** Companies resolved per run at most, so the daily job stays bounded while a backlog drains. */
export const MAX_RESOLUTIONS_PER_RUN = 1000;

function baseSymbol(symbol: string): string {
  const dot = symbol.lastIndexOf('.');
  return (dot > 0 ? symbol.slice(0, dot) : symbol).toUpperCase();
}

function bestHome(listings: readonly SearchListing[], market: string, accept: (l: SearchListing) => boolean): SearchListing | null {
  let best: { listing: SearchListing; rank: number } | null = null;
  for (const listing of listings) {
    if (listing.quoteType !== 'EQUITY' || !accept(listing)) continue;
    const rank = homeListingRank(listing, market);
    if (rank !== null && (best === null || rank < best.rank)) best = { listing, rank };
  }
  return best?.listing ?? null;
}

/**
 * The Yahoo symbol of one company: a US ticker as is (in Yahoo's spelling); else an ISIN search
 * (home-exchange listing first); else a ticker search on the home exchange; else a name search
 * accepting only a home listing whose name matches exactly once legal forms are set aside.
 * Null when Yahoo could not be asked (nothing is cached then, so the next run tries again).
 */
export async function resolveSymbol(company: CompanyToResolve, client: YahooClient): Promise<SymbolResolution | null> {
  const tried: string[] = [];
  const found = (symbol: string, method: string, query: string): SymbolResolution => ({ companyId: company.id, symbol, method, query });

  if (company.market === 'us' && company.ticker) {
    const symbol = usTickerToYahoo(company.ticker);
    if (symbol) return found(symbol, RESOLUTION_METHODS.usTicker, company.ticker);
  }

  if (company.isin) {
    tried.push(company.isin);
    const listings = await client.search(company.isin);
    if (listings === null) return null;
    const choice = pickListing(listings, company.market);
    if (choice) {
      return found(choice.listing.symbol, choice.home ? RESOLUTION_METHODS.isinHome : RESOLUTION_METHODS.isinOtherListing, company.isin);
    }
  }

  if (company.ticker && company.market !== 'us') {
    const ticker = company.ticker.trim().toUpperCase();
    tried.push(ticker);
    const listings = await client.search(ticker);
    if (listings === null) return null;
    const listing = bestHome(listings, company.market, (l) => baseSymbol(l.symbol) === ticker);
    if (listing) return found(listing.symbol, RESOLUTION_METHODS.tickerSearch, ticker);
  }

  const key = companyNameKey(company.name);
  if (key.length > 0) {
    tried.push(company.name);
    const listings = await client.search(company.name);
    if (listings === null) return null;
    const listing = bestHome(listings, company.market, (l) => l.name !== null && companyNameKey(l.name) === key);
    if (listing) return found(listing.symbol, RESOLUTION_METHODS.nameSearch, company.name);
  }

  return { companyId: company.id, symbol: null, method: RESOLUTION_METHODS.notFound, query: tried.join(' | ') };
}

export interface ResolveSummary {
  attempted: number;
  resolved: number;
  notFound: number;
  /** Yahoo could not be asked; left for the next run. */
  failed: number;
}

/**
 * Resolves companies that have no Yahoo symbol and no recent cached answer, caching every answer
 * (found or not) in `symbol_resolutions` and mirroring found symbols to `companies.yahoo_symbol`.
 */
export async function resolveMissingSymbols(
  db: Knex,
  client: YahooClient,
  log: Logger,
  options: { now?: Date; limit?: number } = {},
): Promise<ResolveSummary> {
  const now = options.now ?? new Date();
  const retryBefore = new Date(now.getTime() - NOT_FOUND_RETRY_DAYS * 86_400_000);
  const companies = (await db('companies as c')
    .leftJoin('symbol_resolutions as r', 'r.company_id', 'c.id')
    .whereNull('c.yahoo_symbol')
    .where((w) => w.whereNull('r.company_id').orWhere((o) => o.whereNull('r.symbol').where('r.resolved_at', '<', retryBefore)))
    .orderBy('c.id')
    .limit(options.limit ?? MAX_RESOLUTIONS_PER_RUN)
    .select('c.id', 'c.name', 'c.market', 'c.isin', 'c.ticker')) as CompanyToResolve[];

  const summary: ResolveSummary = { attempted: companies.length, resolved: 0, notFound: 0, failed: 0 };
  for (const company of companies) {
    const resolution = await resolveSymbol(company, client);
    if (resolution === null) {
      summary.failed += 1;
      continue;
    }
    await saveResolution(db, resolution);
    if (resolution.symbol === null) {
      summary.notFound += 1;
      log.info('no Yahoo listing found for company', { companyId: company.id, name: company.name, tried: resolution.query });
    } else {
      summary.resolved += 1;
    }
  }
  return summary;
}
