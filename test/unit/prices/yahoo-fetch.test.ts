import { describe, expect, it } from 'vitest';
import { rewriteYahooUrl } from '../../../src/prices/yahoo-fetch.js';

describe('rewriteYahooUrl', () => {
  it('leaves every URL alone by default, so the real Yahoo hosts are used', () => {
    const url = 'https://query2.finance.yahoo.com/v8/finance/chart/AAPL?interval=1d';
    expect(rewriteYahooUrl(url, undefined)).toBe(url);
  });

  it('sends every Yahoo host (data, crumb, cookie) to the configured base, keeping path and query', () => {
    const base = 'http://127.0.0.1:9999/';
    expect(rewriteYahooUrl('https://query2.finance.yahoo.com/v7/finance/quote?symbols=AAPL&crumb=c', base)).toBe(
      'http://127.0.0.1:9999/v7/finance/quote?symbols=AAPL&crumb=c',
    );
    expect(rewriteYahooUrl('https://query1.finance.yahoo.com/v1/test/getcrumb', base)).toBe('http://127.0.0.1:9999/v1/test/getcrumb');
    expect(rewriteYahooUrl('https://finance.yahoo.com/quote/AAPL', base)).toBe('http://127.0.0.1:9999/quote/AAPL');
    expect(rewriteYahooUrl('https://fc.yahoo.com/', base)).toBe('http://127.0.0.1:9999/');
    expect(rewriteYahooUrl('https://query2.finance.yahoo.com/v8/finance/chart/^GSPC', base)).toBe('http://127.0.0.1:9999/v8/finance/chart/^GSPC');
  });

  it('never redirects a host that is not Yahoo’s', () => {
    expect(rewriteYahooUrl('https://consent.example.com/x', 'http://127.0.0.1:1')).toBe('https://consent.example.com/x');
    expect(rewriteYahooUrl('https://notyahoo.com/x', 'http://127.0.0.1:1')).toBe('https://notyahoo.com/x');
  });
});
