import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/http/rate-limiter.js';
import { createLogger } from '../../../src/log.js';
import { createYahooClient, type YahooClientOptions } from '../../../src/prices/client.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';
import { LOOPBACK_CRUMB, PRICES_FIXTURES_DIR, startYahooLoopback, YAHOO_CHART_NOT_FOUND, type YahooLoopback } from './yahoo-loopback.js';

function capturingLog() {
  const lines: string[] = [];
  return { lines, log: createLogger('info', {}, (line) => lines.push(line)) };
}

describe.runIf(hasCorpus('yahoo'))('Yahoo client against recorded answers (real yahoo-finance2, loopback server)', () => {
  let yahoo: YahooLoopback;
  const options = (over: Partial<YahooClientOptions> = {}): YahooClientOptions => ({
    baseUrl: yahoo.baseUrl,
    maxRequestsPerSecond: 50,
    timeoutMs: 2000,
    retries: 2,
    backoffBaseMs: 5,
    log: createLogger('error', {}, () => undefined),
    ...over,
  });

  beforeAll(async () => {
    yahoo = await startYahooLoopback([corpusPath('yahoo'), PRICES_FIXTURES_DIR]);
  });
  afterAll(async () => yahoo.close());

  describe('daily bars (v8 chart)', () => {
    it('reads a US share’s bars and asks for the window from the given day', async () => {
      const bars = await createYahooClient(options()).dailyBars('AAPL', '2020-01-01', '2020-01-03');
      expect(bars).not.toBeNull();
      expect(bars!.currency).toBe('USD');
      expect(bars!.bars).toHaveLength(1);
      expect(bars!.bars[0]).toMatchObject({ symbol: 'AAPL', date: '2020-01-02', currency: 'USD', volume: 135_480_400 });
      expect(bars!.bars[0]!.close).toBeCloseTo(75.0875, 4);
      expect(bars!.bars[0]!.adjClose).toBeCloseTo(72.716, 3);
      const request = new URL(yahoo.requestsTo('/v8/finance/chart/AAPL').at(-1)!.path, 'http://x');
      expect(request.searchParams.get('interval')).toBe('1d');
      expect(request.searchParams.get('period1')).toBe(String(Date.UTC(2020, 0, 1) / 1000));
      expect(request.searchParams.get('period2')).toBe(String(Date.UTC(2020, 0, 4) / 1000));
    });

    it('stores an LSE share quoted in pence in pounds', async () => {
      const bars = await createYahooClient(options()).dailyBars('OCDO.L', '2020-01-01');
      expect(bars!.currency).toBe('GBP');
      expect(bars!.bars.map((b) => [b.date, b.close])).toEqual([['2020-01-02', 12.595]]);
      expect(bars!.bars[0]!.high).toBeCloseTo(12.8657, 4);
    });

    it('reads European listings in their own currency and trading days', async () => {
      const client = createYahooClient(options());
      const washtec = await client.dailyBars('WSU.DE', '2023-08-04');
      expect(washtec!.currency).toBe('EUR');
      expect(washtec!.bars.map((b) => b.date)).toEqual(['2023-08-04', '2023-08-07', '2023-08-08']);
      const orsted = await client.dailyBars('ORSTED.CO', '2020-01-01');
      expect(orsted!.currency).toBe('DKK');
      expect(orsted!.bars.length).toBeGreaterThan(0);
    });

    it('answers an empty list, not a failure, for a window without trading', async () => {
      const weekend = JSON.parse(
        readFileSync(corpusPath('yahoo', 'chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json'), 'utf8'),
      ) as { response: { bodyJson: unknown } };
      yahoo.server.route('/v8/finance/chart/WKND', { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(weekend.response.bodyJson) });
      const bars = await createYahooClient(options()).dailyBars('WKND', '2025-02-01');
      expect(bars).toEqual({ symbol: 'WKND', currency: 'USD', bars: [], hasCorporateActions: false });
    });
  });

  describe('quotes (v7, behind cookie and crumb)', () => {
    it('goes through the cookie and crumb steps once, then quotes several symbols in one request', async () => {
      const before = yahoo.requestsTo('/v1/test/getcrumb').length;
      const client = createYahooClient(options());
      const snapshots = await client.quotes(['AAPL', 'LDO.MI', 'OCDO.L', 'UNKNOWN.XX']);
      expect(snapshots).not.toBeNull();
      const bySymbol = new Map(snapshots!.map((s) => [s.symbol, s]));
      expect([...bySymbol.keys()].sort()).toEqual(['AAPL', 'LDO.MI', 'OCDO.L']);
      expect(bySymbol.get('AAPL')).toEqual({
        symbol: 'AAPL',
        asOf: '2025-02-14',
        currency: 'USD',
        marketCap: 3_674_405_863_424,
        sharesOutstanding: 15_022_100_480,
        price: 244.6,
        exchange: 'NMS',
        longName: 'Apple Inc.',
      });
      expect(bySymbol.get('LDO.MI')).toMatchObject({ asOf: '2025-02-17', currency: 'EUR', marketCap: 19_203_747_840, exchange: 'MIL' });
      expect(bySymbol.get('OCDO.L')).toMatchObject({ currency: 'GBP', price: 3.053, marketCap: 2_513_727_232 });

      const quoteRequest = yahoo.requestsTo('/v7/finance/quote').at(-1)!;
      expect(new URL(quoteRequest.path, 'http://x').searchParams.get('crumb')).toBe(LOOPBACK_CRUMB);
      expect(new URL(quoteRequest.path, 'http://x').searchParams.get('symbols')).toBe('AAPL,LDO.MI,OCDO.L,UNKNOWN.XX');
      expect(yahoo.requestsTo('/v1/test/getcrumb').length).toBe(before + 1);

      await client.quotes(['AAPL']);
      expect(yahoo.requestsTo('/v1/test/getcrumb').length).toBe(before + 1);
    });

    it('degrades to null with one warning when the crumb is refused', async () => {
      yahoo.server.failNext('/v1/test/getcrumb', 1, { status: 403, body: 'denied' });
      const { lines, log } = capturingLog();
      const snapshots = await createYahooClient(options({ log })).quotes(['AAPL']);
      expect(snapshots).toBeNull();
      expect(lines.filter((l) => l.includes('WARN'))).toHaveLength(1);
      expect(lines[0]).toMatch(/yahoo quote failed.*symbols=AAPL/);
    });
  });

  describe('search (v1)', () => {
    it('finds the listings of an ISIN, a SEDOL and a company name', async () => {
      const client = createYahooClient(options());
      expect((await client.search('GB00B3MBS747'))!.map((l) => l.symbol)).toEqual(['OCDO.L', 'OCDOF']);
      expect((await client.search('BJ0CDD2'))!.map((l) => l.symbol)).toEqual(['MNTN.L']);
      const bmw = await client.search('Bayerische Motoren Werke AG');
      expect(bmw![0]).toEqual({ symbol: 'BMW.DE', exchange: 'GER', quoteType: 'EQUITY', name: 'Bayerische Motoren Werke Aktiengesellschaft' });
    });

    it('answers an empty list (not a failure) when Yahoo knows nothing, as for this Norwegian ISIN', async () => {
      expect(await createYahooClient(options()).search('NO0010123060')).toEqual([]);
    });
  });

  describe('failures degrade to null, never crash', () => {
    it('a delisted symbol (404) → null and one warning line naming it', async () => {
      yahoo.server.route('/v8/finance/chart/GONE.PA', YAHOO_CHART_NOT_FOUND);
      const { lines, log } = capturingLog();
      const bars = await createYahooClient(options({ log })).dailyBars('GONE.PA', '2024-01-01');
      expect(bars).toBeNull();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/WARN\s+yahoo chart failed.*symbol=GONE\.PA.*HTTP 404.*No data found/);
      expect(yahoo.requestsTo('/v8/finance/chart/GONE.PA')).toHaveLength(1);
    });

    it('retries 500 and 429 (honouring Retry-After) and then succeeds', async () => {
      yahoo.server.failNext('/v8/finance/chart/AAPL', 1, { status: 500, body: 'oops' });
      yahoo.server.failNext('/v8/finance/chart/AAPL', 1, { status: 429, headers: { 'retry-after': '0' }, body: 'slow down' });
      const before = yahoo.requestsTo('/v8/finance/chart/AAPL').length;
      const bars = await createYahooClient(options()).dailyBars('AAPL', '2020-01-01');
      expect(bars!.bars).toHaveLength(1);
      expect(yahoo.requestsTo('/v8/finance/chart/AAPL').length - before).toBe(3);
    });

    it('gives up after the configured retries on a server that keeps failing', async () => {
      yahoo.server.route('/v8/finance/chart/DOWN', { status: 503, body: 'unavailable' });
      const { lines, log } = capturingLog();
      expect(await createYahooClient(options({ log, retries: 1 })).dailyBars('DOWN', '2024-01-01')).toBeNull();
      expect(yahoo.requestsTo('/v8/finance/chart/DOWN')).toHaveLength(2);
      expect(lines[0]).toMatch(/HTTP 503.*after 2 attempt/);
    });

    it('an unreadable answer, a timeout or an unreachable host → null for every call', async () => {
      yahoo.server.route('/v8/finance/chart/GARBLED', { status: 200, headers: { 'content-type': 'application/json' }, body: '{"chart":' });
      yahoo.server.route('/v8/finance/chart/ODD', { status: 200, headers: { 'content-type': 'application/json' }, body: '{"chart":{"result":[{"meta":{},"indicators":{"quote":[{}]}}],"error":null}}' });
      yahoo.server.route('/v8/finance/chart/SLOW', { status: 200, delayMs: 500, body: '{}' });
      const client = createYahooClient(options({ timeoutMs: 100, retries: 0 }));
      expect(await client.dailyBars('GARBLED', '2024-01-01')).toBeNull();
      expect(await client.dailyBars('ODD', '2024-01-01')).toBeNull();
      expect(await client.dailyBars('SLOW', '2024-01-01')).toBeNull();

      const { lines, log } = capturingLog();
      const nowhere = createYahooClient(options({ baseUrl: 'http://127.0.0.1:9', retries: 0, log }));
      expect(await nowhere.dailyBars('AAPL', '2024-01-01')).toBeNull();
      expect(await nowhere.quotes(['AAPL'])).toBeNull();
      expect(await nowhere.search('AAPL')).toBeNull();
      expect(lines).toHaveLength(3);
    });
  });

  it('spaces requests by the configured rate', async () => {
    const client = createYahooClient(options({ limiter: new RateLimiter(5) }));
    const started = performance.now();
    for (let i = 0; i < 4; i++) await client.dailyBars('AAPL', '2020-01-01');
    // Four requests at 5/s: the 4th may start no earlier than 3 × 200 ms after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
  });
});
