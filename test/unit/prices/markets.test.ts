import { describe, expect, it } from 'vitest';
import {
  BENCHMARK_BY_MARKET,
  companyNameKey,
  homeListingRank,
  pickListing,
  usTickerToYahoo,
  type SearchListing,
} from '../../../src/prices/markets.js';

const listing = (symbol: string, exchange: string | null, quoteType = 'EQUITY', name: string | null = null): SearchListing => ({
  symbol,
  exchange,
  quoteType,
  name,
});

describe('BENCHMARK_BY_MARKET', () => {
  it('names one index per market, as the scoring issue lists them', () => {
    expect(BENCHMARK_BY_MARKET).toEqual({
      us: '^GSPC',
      fr: '^FCHI',
      de: '^GDAXI',
      uk: '^FTSE',
      ch: '^SSMI',
      ca: '^GSPTSE',
      it: 'FTSEMIB.MI',
      es: '^IBEX',
    });
  });
});

describe('pickListing', () => {
  it('prefers the home exchange of the market over US and Frankfurt lines', () => {
    const found = [listing('TTE', 'NYQ'), listing('TOTB.F', 'FRA'), listing('TTE.PA', 'PAR')];
    expect(pickListing(found, 'fr')).toEqual({ listing: found[2], home: true });
  });

  it('ranks XETRA above Frankfurt for a German company, LSE above the IOB for a British one', () => {
    expect(pickListing([listing('BMW.F', 'FRA'), listing('BMW.DE', 'GER')], 'de')?.listing.symbol).toBe('BMW.DE');
    expect(pickListing([listing('0R1O.IL', 'IOB'), listing('OCDO.L', 'LSE')], 'uk')?.listing.symbol).toBe('OCDO.L');
  });

  it('takes a suffix-less US symbol only on a US exchange', () => {
    expect(pickListing([listing('BAMXF', 'PNK'), listing('AAPL', 'NMS')], 'us')?.listing.symbol).toBe('AAPL');
    expect(homeListingRank(listing('BAMXF', 'PNK'), 'us')).toBeNull();
  });

  it('falls back to another listing of the same shares when the home one is missing', () => {
    const choice = pickListing([listing('OPT1', 'OPR', 'OPTION'), listing('TOTB.F', 'FRA')], 'es');
    expect(choice).toEqual({ listing: listing('TOTB.F', 'FRA'), home: false });
  });

  it('ignores options, ETFs and funds, and answers null when only those are there', () => {
    expect(pickListing([listing('AAPU', 'NGM', 'ETF'), listing('AAPL250620P00210000', 'OPR', 'OPTION')], 'us')).toBeNull();
    expect(pickListing([], 'fr')).toBeNull();
  });
});

describe('usTickerToYahoo', () => {
  it('writes share classes with a dash and refuses garbage', () => {
    expect(usTickerToYahoo('brk.b')).toBe('BRK-B');
    expect(usTickerToYahoo('BF/B')).toBe('BF-B');
    expect(usTickerToYahoo('AAPL')).toBe('AAPL');
    expect(usTickerToYahoo('NONE LISTED')).toBeNull();
  });
});

describe('companyNameKey', () => {
  it('matches a filing name to Yahoo’s despite legal forms, accents and punctuation', () => {
    expect(companyNameKey('Bayerische Motoren Werke AG')).toBe(companyNameKey('Bayerische Motoren Werke Aktiengesellschaft'));
    expect(companyNameKey('Leonardo S.p.A.')).toBe(companyNameKey('Leonardo S.p.a.'));
    expect(companyNameKey('Société Générale SA')).toBe('societe generale');
    expect(companyNameKey('Ocado Group plc')).not.toBe(companyNameKey('Tesco plc'));
  });
});
