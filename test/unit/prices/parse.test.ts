import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../adapters/types.js';
import { exchangeDate, parseChart, parseQuotes, parseSearch } from '../../../src/prices/parse.js';

/** A chart answer as yahoo-finance2 hands it over (`return: 'array'`, unvalidated). */
function chartAnswer(meta: Record<string, unknown>, quotes: Array<Record<string, unknown>>, events?: Record<string, unknown>) {
  return { meta: { symbol: 'X', currency: 'USD', exchangeTimezoneName: 'America/New_York', gmtoffset: -18000, ...meta }, quotes, events };
}

const bar = (iso: string, close: number | null, extra: Record<string, unknown> = {}) => ({
  date: new Date(iso),
  open: close,
  high: close,
  low: close,
  close,
  adjclose: close === null ? null : close * 0.9,
  volume: 1000,
  ...extra,
});

describe('parseChart', () => {
  it('dates bars in the exchange time zone and keeps OHLC, adjusted close and volume', () => {
    const result = parseChart(chartAnswer({}, [bar('2020-01-02T14:30:00Z', 75.0875)]), 'AAPL');
    expect(result).toEqual({
      symbol: 'AAPL',
      currency: 'USD',
      hasCorporateActions: false,
      bars: [
        {
          symbol: 'AAPL',
          date: '2020-01-02',
          open: 75.0875,
          high: 75.0875,
          low: 75.0875,
          close: 75.0875,
          adjClose: 75.0875 * 0.9,
          volume: 1000,
          currency: 'USD',
        },
      ],
    });
  });

  it('stores a pence listing in pounds (prices divided by 100, volume untouched)', () => {
    const result = parseChart(
      chartAnswer({ currency: 'GBp', exchangeTimezoneName: 'Europe/London', gmtoffset: 0 }, [bar('2020-01-02T08:00:00Z', 1259.5)]),
      'OCDO.L',
    );
    expect(result.currency).toBe('GBP');
    expect(result.bars[0]).toMatchObject({ close: 12.595, open: 12.595, adjClose: (1259.5 * 0.9) / 100, volume: 1000, currency: 'GBP' });
  });

  it('uses the historical daylight-saving offset: a summer FX bar at 23:00 UTC is the next London day', () => {
    const result = parseChart(
      chartAnswer({ currency: 'USD', exchangeTimezoneName: 'Europe/London', gmtoffset: 0 }, [
        bar('2020-01-02T00:00:00Z', 1.12),
        bar('2020-07-01T23:00:00Z', 1.13),
      ]),
      'EURUSD=X',
    );
    expect(result.bars.map((b) => b.date)).toEqual(['2020-01-02', '2020-07-02']);
  });

  it('falls back to the GMT offset when the time zone is unknown', () => {
    expect(exchangeDate(new Date('2020-01-02T23:30:00Z'), 'Not/AZone', 3600)).toBe('2020-01-03');
    expect(exchangeDate(new Date('2020-01-02T23:30:00Z'), null, null)).toBe('2020-01-02');
  });

  it('drops bars without a close and keeps the last bar of a repeated day, sorted by date', () => {
    const result = parseChart(
      chartAnswer({}, [
        bar('2020-01-03T14:30:00Z', 10),
        bar('2020-01-02T14:30:00Z', null),
        bar('2020-01-03T20:00:00Z', 11),
        bar('2020-01-01T14:30:00Z', 9),
      ]),
      'X',
    );
    expect(result.bars.map((b) => [b.date, b.close])).toEqual([
      ['2020-01-01', 9],
      ['2020-01-03', 11],
    ]);
  });

  it('flags dividends and splits in the window, since they restate the adjusted history', () => {
    expect(parseChart(chartAnswer({}, [bar('2020-01-02T14:30:00Z', 1)], { dividends: [{ amount: 0.2 }] }), 'X').hasCorporateActions).toBe(true);
    expect(parseChart(chartAnswer({}, [bar('2020-01-02T14:30:00Z', 1)], { splits: [{ splitRatio: '4:1' }] }), 'X').hasCorporateActions).toBe(true);
    expect(parseChart(chartAnswer({}, [bar('2020-01-02T14:30:00Z', 1)], { dividends: [] }), 'X').hasCorporateActions).toBe(false);
  });

  it('accepts a window without bars (weekend) as empty', () => {
    expect(parseChart(chartAnswer({}, []), 'AAPL').bars).toEqual([]);
  });

  it('throws a ParseError naming the symbol for an answer of the wrong shape', () => {
    expect(() => parseChart({ chart: { result: null } }, 'AAPL')).toThrow(ParseError);
    expect(() => parseChart({ meta: {}, quotes: [] }, 'AAPL')).toThrow(/yahoo|meta/);
  });
});

describe('parseQuotes', () => {
  const apple = {
    symbol: 'AAPL',
    currency: 'USD',
    marketCap: 3_674_405_863_424,
    sharesOutstanding: 15_022_100_480,
    regularMarketPrice: 244.6,
    regularMarketTime: 1_739_566_800, // 2025-02-14T21:00:00Z
    exchange: 'NMS',
    exchangeTimezoneName: 'America/New_York',
    longName: 'Apple Inc.',
  };

  it('maps a quote to a dated snapshot in the exchange time zone', () => {
    const { snapshots, rejected } = parseQuotes([apple], '2030-01-01');
    expect(rejected).toEqual([]);
    expect(snapshots).toEqual([
      {
        symbol: 'AAPL',
        asOf: '2025-02-14',
        currency: 'USD',
        marketCap: 3_674_405_863_424,
        sharesOutstanding: 15_022_100_480,
        price: 244.6,
        exchange: 'NMS',
        longName: 'Apple Inc.',
      },
    ]);
  });

  it('converts a pence price to pounds but leaves the market cap, which Yahoo gives in pounds', () => {
    const { snapshots } = parseQuotes(
      [{ symbol: 'OCDO.L', currency: 'GBp', regularMarketPrice: 305.3, marketCap: 2_513_727_232, exchangeTimezoneName: 'Europe/London', regularMarketTime: new Date('2025-02-14T16:30:00Z') }],
      '2030-01-01',
    );
    expect(snapshots[0]).toMatchObject({ currency: 'GBP', price: 3.053, marketCap: 2_513_727_232, asOf: '2025-02-14', sharesOutstanding: null });
  });

  it('dates a quote without a trade time with the fallback day', () => {
    const { snapshots } = parseQuotes([{ symbol: 'ZZZ', currency: 'EUR' }], '2030-01-01');
    expect(snapshots[0]).toMatchObject({ asOf: '2030-01-01', marketCap: null, price: null, longName: null });
  });

  it('skips a malformed item on its own and keeps the rest', () => {
    const { snapshots, rejected } = parseQuotes([{ currency: 'USD' }, apple, 'nonsense'], '2030-01-01');
    expect(snapshots.map((s) => s.symbol)).toEqual(['AAPL']);
    expect(rejected).toHaveLength(2);
  });

  it('answers nothing for an answer that is not a list', () => {
    expect(parseQuotes({ quoteResponse: {} }, '2030-01-01')).toEqual({ snapshots: [], rejected: [] });
  });
});

describe('parseSearch', () => {
  it('keeps Yahoo listings and drops non-Yahoo entities', () => {
    const listings = parseSearch(
      {
        quotes: [
          { symbol: 'BMW.DE', exchange: 'GER', quoteType: 'EQUITY', longname: 'Bayerische Motoren Werke Aktiengesellschaft', isYahooFinance: true },
          { symbol: 'BMW.DU', exchange: 'DUS', quoteType: 'EQUITY', shortname: 'Bayerische Motoren Werke AG', isYahooFinance: true },
          { name: 'Some startup', isYahooFinance: false },
        ],
      },
      'BMW',
    );
    expect(listings).toEqual([
      { symbol: 'BMW.DE', exchange: 'GER', quoteType: 'EQUITY', name: 'Bayerische Motoren Werke Aktiengesellschaft' },
      { symbol: 'BMW.DU', exchange: 'DUS', quoteType: 'EQUITY', name: 'Bayerische Motoren Werke AG' },
    ]);
  });

  it('throws a ParseError on an answer without a quotes list', () => {
    expect(() => parseSearch({ finance: { error: 'x' } }, 'NO0010123060')).toThrow(ParseError);
  });
});
