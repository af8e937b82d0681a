import { foldText } from '../model/slug.js';

/** The broad index each market's returns are measured against (Yahoo symbols). */
export const BENCHMARK_BY_MARKET: Readonly<Record<string, string>> = {
  us: '^GSPC',
  fr: '^FCHI',
  de: '^GDAXI',
  uk: '^FTSE',
  ch: '^SSMI',
  ca: '^GSPTSE',
  it: 'FTSEMIB.MI',
  es: '^IBEX',
};

/**
 * Where a company of each market has its home listing on Yahoo, best first: the symbol suffix and
 * Yahoo's exchange code as search results report it. US listings carry no suffix.
 */
export const HOME_LISTINGS_BY_MARKET: Readonly<Record<string, ReadonlyArray<{ suffix: string; exchanges: readonly string[] }>>> = {
  us: [{ suffix: '', exchanges: ['NMS', 'NYQ', 'NGM', 'NCM', 'ASE', 'PCX', 'BTS', 'NAS', 'NYS'] }],
  fr: [{ suffix: '.PA', exchanges: ['PAR', 'ENX'] }],
  de: [
    { suffix: '.DE', exchanges: ['GER'] },
    { suffix: '.F', exchanges: ['FRA'] },
  ],
  uk: [
    { suffix: '.L', exchanges: ['LSE'] },
    { suffix: '.IL', exchanges: ['IOB'] },
  ],
  ch: [{ suffix: '.SW', exchanges: ['EBS', 'VTX'] }],
  ca: [
    { suffix: '.TO', exchanges: ['TOR'] },
    { suffix: '.V', exchanges: ['VAN'] },
    { suffix: '.CN', exchanges: ['CNQ'] },
    { suffix: '.NE', exchanges: ['NEO'] },
  ],
  it: [{ suffix: '.MI', exchanges: ['MIL'] }],
  es: [{ suffix: '.MC', exchanges: ['MCE'] }],
  nl: [{ suffix: '.AS', exchanges: ['AMS'] }],
  be: [{ suffix: '.BR', exchanges: ['BRU'] }],
  pt: [{ suffix: '.LS', exchanges: ['LIS'] }],
  ie: [{ suffix: '.IR', exchanges: ['ISE'] }],
  se: [{ suffix: '.ST', exchanges: ['STO'] }],
  no: [{ suffix: '.OL', exchanges: ['OSL'] }],
  dk: [{ suffix: '.CO', exchanges: ['CPH'] }],
  fi: [{ suffix: '.HE', exchanges: ['HEL'] }],
  at: [{ suffix: '.VI', exchanges: ['VIE'] }],
};

/** What a search result says about one listing. */
export interface SearchListing {
  symbol: string;
  exchange: string | null;
  quoteType: string | null;
  name: string | null;
}

/** Instrument kinds a company's own shares can have on Yahoo. */
const SHARE_QUOTE_TYPES = new Set(['EQUITY']);

function suffixOf(symbol: string): string {
  const dot = symbol.lastIndexOf('.');
  return dot > 0 ? symbol.slice(dot).toUpperCase() : '';
}

/** 0 for the best home listing of `market`, higher for worse ones, null when not a home listing. */
export function homeListingRank(listing: SearchListing, market: string): number | null {
  const homes = HOME_LISTINGS_BY_MARKET[market];
  if (!homes) return null;
  const suffix = suffixOf(listing.symbol);
  for (const [rank, home] of homes.entries()) {
    if (home.suffix === '') {
      // A US symbol has no exchange suffix; the exchange code must also say US, since OTC and
      // foreign listings without a suffix exist too.
      if (suffix === '' && listing.exchange !== null && home.exchanges.includes(listing.exchange)) return rank;
    } else if (suffix === home.suffix) {
      return rank;
    }
  }
  return null;
}

export interface ListingChoice {
  listing: SearchListing;
  /** True when the listing is on the company's home exchange; false for a fallback elsewhere. */
  home: boolean;
}

/**
 * The listing of a company's shares to follow for `market`: the best-ranked home-exchange equity;
 * otherwise the first equity listing at all (an identifier search only returns that issuer's
 * lines, so another exchange still prices the same shares). Null when no share listing is there.
 */
export function pickListing(listings: readonly SearchListing[], market: string): ListingChoice | null {
  const shares = listings.filter((l) => l.quoteType !== null && SHARE_QUOTE_TYPES.has(l.quoteType));
  let best: { listing: SearchListing; rank: number } | null = null;
  for (const listing of shares) {
    const rank = homeListingRank(listing, market);
    if (rank !== null && (best === null || rank < best.rank)) best = { listing, rank };
  }
  if (best) return { listing: best.listing, home: true };
  const first = shares[0];
  return first ? { listing: first, home: false } : null;
}

/** Yahoo writes share classes with a dash: BRK.B → BRK-B, BF/B → BF-B. */
export function usTickerToYahoo(ticker: string): string | null {
  const cleaned = ticker.trim().toUpperCase().replace(/[./]/g, '-');
  return /^[A-Z0-9][A-Z0-9-]{0,9}$/.test(cleaned) ? cleaned : null;
}

/** Legal-form words that differ between a filing's name and Yahoo's (AG vs Aktiengesellschaft). */
const LEGAL_FORMS = new Set([
  'ag', 'aktiengesellschaft', 'se', 'sa', 'nv', 'bv', 'plc', 'ltd', 'limited', 'inc', 'incorporated', 'corp',
  'corporation', 'co', 'company', 'spa', 's', 'p', 'a', 'kgaa', 'gmbh', 'and', 'the', 'group', 'holding',
  'holdings', 'asa', 'ab', 'oyj', 'as', 'sca', 'scpa', 'societa', 'per', 'azioni',
]);

/** A company name reduced to its distinctive words, for an exact-match fallback search. */
export function companyNameKey(name: string): string {
  return foldText(name)
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w.length > 0 && !LEGAL_FORMS.has(w))
    .join(' ');
}
