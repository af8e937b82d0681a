import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricesCommand } from '../../../src/cli/commands/prices.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { BENCHMARK_BY_MARKET } from '../../../src/prices/markets.js';
import { INITIAL_HISTORY_DAYS, refreshPrices, type PricesRefreshSummary } from '../../../src/prices/refresh.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { insertCompany, insertDeclaration, insertInsider } from '../../helpers/factories/prices.js';
import { PRICES_FIXTURES_DIR, startYahooLoopback, YAHOO_CHART_NOT_FOUND, type YahooLoopback } from '../../fetch/prices/yahoo-loopback.js';

const quiet = createLogger('error', {}, () => undefined);

describe.runIf(hasCorpus('yahoo'))('prices refresh against recorded Yahoo answers', () => {
  let t: TestDatabase;
  let yahoo: YahooLoopback;
  const ids: Record<string, number> = {};
  const config = (env: Record<string, string> = {}) =>
    loadConfig({ YAHOO_BASE_URL: yahoo.baseUrl, SIGMA_PRICES_MAX_RPS: '20', SIGMA_HTTP_RETRIES: '0', ...env });

  beforeAll(async () => {
    t = await createTestDatabase();
    yahoo = await startYahooLoopback([corpusPath('yahoo'), PRICES_FIXTURES_DIR]);
    ids.apple = await insertCompany(t.db, { name: 'Apple Inc.', market: 'us', ticker: 'AAPL' });
    ids.ocado = await insertCompany(t.db, { name: 'Ocado Group plc', market: 'uk', isin: 'GB00B3MBS747' });
    ids.total = await insertCompany(t.db, { name: 'TotalEnergies SE', market: 'fr', isin: 'FR0000120271' });
    ids.bmw = await insertCompany(t.db, { name: 'Bayerische Motoren Werke AG', market: 'de', isin: 'DE0005190003' });
    ids.nordic = await insertCompany(t.db, { name: 'Nordic Nobody ASA', market: 'no', isin: 'NO0010123060' });
    ids.leonardo = await insertCompany(t.db, { name: 'Leonardo S.p.A.', market: 'it', yahooSymbol: 'LDO.MI', currency: 'EUR' });
    const insiderId = await insertInsider(t.db);
    const decl = (id: string, company: number, totalAmount: number, currency: string, transactionDate: string) =>
      insertDeclaration(t.db, { id, companyId: company, insiderId, totalAmount, currency, transactionDate });
    await decl('TEST:apple', ids.apple, 100_000, 'USD', '2020-01-02');
    await decl('TEST:ocado', ids.ocado, 500_000, 'GBX', '2020-01-04'); // a Saturday, in pence
    await decl('TEST:bmw', ids.bmw, 1000, 'EUR', '2019-06-03'); // long before any stored rate
    await decl('TEST:nordic', ids.nordic, 50_000, 'NOK', '2025-02-14');
  });
  afterAll(async () => {
    await yahoo.close();
    await t.drop();
  });

  it('with Yahoo unreachable: every item degrades, nothing is cached or marked fresh, the command exits 1', async () => {
    const lines: string[] = [];
    const code = await pricesCommand(['refresh'], {
      db: t.db,
      config: loadConfig({ YAHOO_BASE_URL: 'http://127.0.0.1:9', SIGMA_PRICES_MAX_RPS: '20', SIGMA_HTTP_RETRIES: '0' }),
      log: quiet,
      out: (l) => lines.push(l),
    });
    expect(code).toBe(1);
    // A US ticker needs no search, so Apple resolves even offline; the searches fail and are not cached.
    expect(lines.join('\n')).toMatch(/symbols resolved: 1 found, 0 not found, 4 failed \(of 5\)/);
    expect(lines.join('\n')).toMatch(/bars: 0\/10 symbols/);
    expect(await t.db('symbol_resolutions').pluck('method')).toEqual(['us_ticker']);
    expect(await t.db('data_freshness').count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(await t.db('declarations').whereNotNull('total_amount_eur').pluck('id')).toEqual(['TEST:bmw']);
  });

  let first: PricesRefreshSummary;
  it('resolves symbols, stores bars, quotes and FX, updates companies and converts declarations', async () => {
    const logLines: string[] = [];
    first = await refreshPrices(t.db, {
      config: config(),
      log: createLogger('info', {}, (l) => logLines.push(l)),
      now: () => new Date('2025-02-18T04:00:00Z'),
    });
    expect(first.errors).toEqual([]);

    // Resolution: US ticker as is, ISIN → home listing, name search as last resort, misses cached.
    expect(first.resolution).toEqual({ attempted: 4, resolved: 3, notFound: 1, failed: 0 });
    const resolutions = await t.db('symbol_resolutions').orderBy('company_id').select('company_id', 'symbol', 'method');
    expect(resolutions).toEqual([
      { company_id: ids.apple, symbol: 'AAPL', method: 'us_ticker' },
      { company_id: ids.ocado, symbol: 'OCDO.L', method: 'isin_search' },
      { company_id: ids.total, symbol: 'TTE.PA', method: 'isin_search' },
      { company_id: ids.bmw, symbol: 'BMW.DE', method: 'name_search' },
      { company_id: ids.nordic, symbol: null, method: 'not_found' },
    ]);
    expect(await t.db('companies').orderBy('id').pluck('yahoo_symbol')).toEqual(['AAPL', 'OCDO.L', 'TTE.PA', 'BMW.DE', null, 'LDO.MI']);

    // Bars: every company symbol plus every benchmark; the unrecorded ones fail alone.
    const benchmarks = Object.values(BENCHMARK_BY_MARKET);
    expect(first.bars.symbols).toBe(5 + benchmarks.length);
    expect(first.bars.succeeded).toBe(3);
    expect(first.bars.failed).toEqual(
      ['BMW.DE', 'LDO.MI', 'TTE.PA', ...benchmarks.filter((b) => b !== '^GSPC')].sort(),
    );
    expect(logLines.filter((l) => /yahoo chart failed/.test(l))).toHaveLength(first.bars.failed.length);
    const bars = await t.db('price_bars').orderBy(['symbol', 'date']).select('symbol', 'date', 'close', 'currency');
    expect(bars).toEqual([
      { symbol: 'AAPL', date: '2020-01-02', close: expect.closeTo(75.0875, 4), currency: 'USD' },
      { symbol: 'OCDO.L', date: '2020-01-02', close: 12.595, currency: 'GBP' },
      { symbol: '^GSPC', date: '2020-01-02', close: 3257.85, currency: 'USD' },
      { symbol: '^GSPC', date: '2020-01-03', close: 3234.85, currency: 'USD' },
    ]);
    const aaplChart = new URL(yahoo.requestsTo('/v8/finance/chart/AAPL').at(-1)!.path, 'http://x');
    // First sight of a symbol: three years of history.
    expect(Number(aaplChart.searchParams.get('period1'))).toBeLessThanOrEqual(Date.UTC(2022, 1, 18) / 1000);

    // Quotes: one snapshot per symbol Yahoo knows.
    expect(first.quotes).toEqual({ requested: 5, stored: 3, answered: true });
    expect(await t.db('quote_snapshots').orderBy('symbol').select('symbol', 'as_of', 'currency', 'price')).toEqual([
      { symbol: 'AAPL', as_of: '2025-02-14', currency: 'USD', price: 244.6 },
      { symbol: 'LDO.MI', as_of: '2025-02-17', currency: 'EUR', price: 33.38 },
      { symbol: 'OCDO.L', as_of: '2025-02-14', currency: 'GBP', price: 3.053 },
    ]);

    // FX: seven euro legs on five days, completed to every ordered pair of the eight currencies.
    expect(first.fx).toEqual({ pairs: 7, succeeded: 7, failed: [], legRows: 35, derivedRows: 245 });
    expect(await t.db('fx_rates').count({ n: '*' }).first()).toEqual({ n: 8 * 7 * 5 });
    const gbpUsd = await t.db('fx_rates').where({ base: 'GBP', quote: 'USD', date: '2020-01-03' }).first('rate');
    expect(gbpUsd.rate).toBeCloseTo(1.1172 / 0.852, 10);

    // Companies: latest snapshot's market cap, in EUR at that day's rate.
    const companies = await t.db('companies').orderBy('id').select('market_cap', 'market_cap_currency', 'market_cap_eur', 'market_cap_as_of');
    expect(companies[0]).toEqual({ market_cap: 3_674_405_863_424, market_cap_currency: 'USD', market_cap_eur: expect.closeTo(3_674_405_863_424 / 1.0465, 1), market_cap_as_of: '2025-02-14' });
    expect(companies[1]).toEqual({ market_cap: 2_513_727_232, market_cap_currency: 'GBP', market_cap_eur: expect.closeTo(2_513_727_232 / 0.833, 1), market_cap_as_of: '2025-02-14' });
    expect(companies[5]).toEqual({ market_cap: 19_203_747_840, market_cap_currency: 'EUR', market_cap_eur: 19_203_747_840, market_cap_as_of: '2025-02-17' });
    expect(first.companiesUpdated).toBe(3);

    // Declarations: at the transaction date's rate (Friday's for a Saturday), pence as pounds.
    const amounts = Object.fromEntries(
      ((await t.db('declarations').select('id', 'total_amount_eur', 'total_amount_usd')) as Array<{ id: string; total_amount_eur: number | null; total_amount_usd: number | null }>).map(
        (r) => [r.id, [r.total_amount_eur, r.total_amount_usd]],
      ),
    );
    expect(amounts).toEqual({
      'TEST:apple': [expect.closeTo(100_000 / 1.1215, 2), 100_000],
      'TEST:ocado': [expect.closeTo(5000 / 0.852, 2), expect.closeTo((5000 * 1.1172) / 0.852, 2)],
      'TEST:bmw': [1000, null],
      'TEST:nordic': [expect.closeTo(50_000 / 11.644, 2), expect.closeTo((50_000 * 1.0465) / 11.644, 2)],
    });

    const freshness = await t.db('data_freshness').orderBy('block').select('block', 'detail');
    expect(freshness).toEqual([
      { block: 'fx', detail: '7/7 euro pairs' },
      { block: 'prices', detail: `bars 3/${first.bars.symbols} symbols, 3 quotes` },
    ]);
  });

  it('a second run is idempotent: no new searches, same rows, no declaration restamped', async () => {
    const searchesBefore = yahoo.requestsTo('/v1/finance/search').length;
    const barCount = await t.db('price_bars').count({ n: '*' }).first();
    const stamps = await t.db('declarations').orderBy('id').pluck('updated_at');
    const second = await refreshPrices(t.db, { config: config(), log: quiet, now: () => new Date('2025-02-19T04:00:00Z') });
    expect(second.resolution).toEqual({ attempted: 0, resolved: 0, notFound: 0, failed: 0 });
    expect(yahoo.requestsTo('/v1/finance/search').length).toBe(searchesBefore);
    expect(await t.db('price_bars').count({ n: '*' }).first()).toEqual(barCount);
    expect(second.declarations?.changed).toBe(0);
    expect(second.companiesUpdated).toBe(0);
    expect(await t.db('declarations').orderBy('id').pluck('updated_at')).toEqual(stamps);
    // Known symbols are read again from a week before their last stored day.
    const aaplChart = new URL(yahoo.requestsTo('/v8/finance/chart/AAPL').at(-1)!.path, 'http://x');
    expect(aaplChart.searchParams.get('period1')).toBe(String(Date.UTC(2019, 11, 26) / 1000));
  });

  it('refetches the whole history when re-read bars show Yahoo restated it, and only then', async () => {
    const recorded = JSON.parse(readFileSync(corpusPath('yahoo', 'chart-AAPL-2020-01-01-to-2020-01-03.json'), 'utf8')) as {
      response: { bodyJson: { chart: { result: Array<{ events?: unknown; indicators: { adjclose: Array<{ adjclose: number[] }> } }> } } };
    };
    const serve = (body: unknown) =>
      yahoo.server.route('/v8/finance/chart/AAPL', { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const run = async (day: string) => {
      const before = yahoo.requestsTo('/v8/finance/chart/AAPL').length;
      const summary = await refreshPrices(t.db, { config: config(), log: quiet, now: () => new Date(`${day}T04:00:00Z`) }, { symbols: ['AAPL'] });
      return { summary, requests: yahoo.requestsTo('/v8/finance/chart/AAPL').slice(before) };
    };

    // A dividend in the window, but the re-read day matches what is stored: nothing to restate.
    const withDividend = structuredClone(recorded.response.bodyJson);
    withDividend.chart.result[0]!.events = { dividends: { '1577975400': { amount: 0.1925, date: 1577975400 } } };
    serve(withDividend);
    const unchanged = await run('2025-02-20');
    expect(unchanged.summary.bars.restated).toEqual([]);
    expect(unchanged.requests).toHaveLength(1);

    // The adjusted close of a stored day moved: fetch everything again and store the new values.
    const restated = structuredClone(withDividend);
    const adj = restated.chart.result[0]!.indicators.adjclose[0]!.adjclose;
    adj[0] = adj[0]! * 0.99;
    serve(restated);
    const refetched = await run('2025-02-21');
    expect(refetched.summary.bars.restated).toEqual(['AAPL']);
    expect(refetched.requests).toHaveLength(2);
    expect(new URL(refetched.requests[1]!.path, 'http://x').searchParams.get('period1')).toBe(
      String(Date.UTC(2025, 1, 21) / 1000 - INITIAL_HISTORY_DAYS * 86_400),
    );
    const stored = await t.db('price_bars').where({ symbol: 'AAPL', date: '2020-01-02' }).first('adj_close');
    expect(stored.adj_close).toBeCloseTo(adj[0]!, 6);
  });

  it('sigma prices refresh --symbols only touches those symbols and prints a summary', async () => {
    yahoo.server.route('/v8/finance/chart/GONE.PA', YAHOO_CHART_NOT_FOUND);
    const lines: string[] = [];
    const code = await pricesCommand(['refresh', '--symbols', 'OCDO.L,GONE.PA', '--since', '2019-12-01'], {
      db: t.db,
      config: config(),
      log: quiet,
      out: (l) => lines.push(l),
    });
    expect(code).toBe(0);
    const output = lines.join('\n');
    expect(output).toMatch(/bars: 1\/2 symbols, 1 rows stored/);
    expect(output).toMatch(/bars failed: GONE\.PA/);
    expect(output).toMatch(/quotes: 1 snapshots for 2 symbols/);
    expect(output).not.toMatch(/symbols resolved/);
    const ocadoChart = new URL(yahoo.requestsTo('/v8/finance/chart/OCDO.L').at(-1)!.path, 'http://x');
    expect(ocadoChart.searchParams.get('period1')).toBe(String(Date.UTC(2019, 11, 1) / 1000));
    expect(yahoo.requestsTo('/v8/finance/chart/%5EGSPC').length + yahoo.requestsTo('/v8/finance/chart/^GSPC').length).toBe(2);
  });

  it('a step that fails as a whole is logged and listed, and the other steps still run', async () => {
    await t.db.schema.renameTable('quote_snapshots', 'quote_snapshots_away');
    try {
      const logLines: string[] = [];
      const summary = await refreshPrices(
        t.db,
        { config: config(), log: createLogger('info', {}, (l) => logLines.push(l)), now: () => new Date('2025-02-22T04:00:00Z') },
        { symbols: ['OCDO.L'] },
      );
      expect(summary.errors).toEqual([
        expect.stringMatching(/^quotes: .*quote_snapshots/),
        expect.stringMatching(/^company market caps: .*quote_snapshots/),
      ]);
      expect(summary.bars.succeeded).toBe(1);
      expect(summary.fx.succeeded).toBe(7);
      expect(summary.declarations).not.toBeNull();
      expect(logLines.filter((l) => /ERROR/.test(l))).toEqual([
        expect.stringMatching(/step "quotes" failed/),
        expect.stringMatching(/step "company market caps" failed/),
      ]);
    } finally {
      await t.db.schema.renameTable('quote_snapshots_away', 'quote_snapshots');
    }
  });
});
