import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Price } from '../../../src/model/price.js';
import { FX_CURRENCIES } from '../../../src/prices/currency.js';
import { loadFxTable } from '../../../src/prices/fx.js';
import {
  deriveFxRates,
  lastBarDates,
  recordFreshness,
  refreshCompanyMarketCaps,
  saveResolution,
  upsertBars,
  upsertEuroLegs,
  upsertQuoteSnapshots,
} from '../../../src/prices/store.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { insertCompany } from '../../helpers/factories/prices.js';

const bar = (symbol: string, date: string, close: number): Price => ({
  symbol,
  date,
  open: close,
  high: close,
  low: close,
  close,
  adjClose: close * 0.98,
  volume: 100,
  currency: 'EUR',
});

describe('prices storage', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('upserts bars idempotently, a later fetch overwriting the day (restated adjusted close)', async () => {
    const bars = [bar('BMW.DE', '2024-03-01', 100), bar('BMW.DE', '2024-03-04', 101), bar('^GDAXI', '2024-03-01', 17_700)];
    await upsertBars(t.db, bars);
    await upsertBars(t.db, bars);
    expect(await t.db('price_bars').count({ n: '*' }).first()).toEqual({ n: 3 });
    await upsertBars(t.db, [{ ...bar('BMW.DE', '2024-03-01', 100), adjClose: 90 }]);
    const row = await t.db('price_bars').where({ symbol: 'BMW.DE', date: '2024-03-01' }).first();
    expect(row).toMatchObject({ close: 100, adj_close: 90, currency: 'EUR', volume: 100 });
    expect(Object.fromEntries(await lastBarDates(t.db, ['BMW.DE', '^GDAXI', 'NONE']))).toEqual({ 'BMW.DE': '2024-03-04', '^GDAXI': '2024-03-01' });
  });

  it('keeps one quote snapshot per symbol and day, history preserved across days', async () => {
    const snap = { symbol: 'BMW.DE', currency: 'EUR', marketCap: 60e9, sharesOutstanding: 6e8, price: 100, exchange: 'GER', longName: 'BMW AG' };
    await upsertQuoteSnapshots(t.db, [{ ...snap, asOf: '2024-03-01' }]);
    await upsertQuoteSnapshots(t.db, [{ ...snap, asOf: '2024-03-01', marketCap: 61e9 }]);
    await upsertQuoteSnapshots(t.db, [{ ...snap, asOf: '2024-03-04', marketCap: 62e9 }]);
    const rows = await t.db('quote_snapshots').where({ symbol: 'BMW.DE' }).orderBy('as_of').select('as_of', 'market_cap');
    expect(rows).toEqual([
      { as_of: '2024-03-01', market_cap: 61e9 },
      { as_of: '2024-03-04', market_cap: 62e9 },
    ]);
  });

  it('derives every ordered pair of a day from the euro legs: inverses and crosses', async () => {
    const legs = [
      { quote: 'USD', date: '2024-03-01', rate: 1.08 },
      { quote: 'GBP', date: '2024-03-01', rate: 0.854 },
      { quote: 'CHF', date: '2024-03-01', rate: 0.955 },
      { quote: 'CAD', date: '2024-03-01', rate: 1.465 },
      { quote: 'SEK', date: '2024-03-01', rate: 11.2 },
      { quote: 'NOK', date: '2024-03-01', rate: 11.4 },
      { quote: 'DKK', date: '2024-03-01', rate: 7.45 },
      { quote: 'USD', date: '2024-02-01', rate: 1.0 }, // before fromDate: no derivation
    ];
    await upsertEuroLegs(t.db, legs);
    const written = await deriveFxRates(t.db, '2024-03-01');
    expect(written).toBe(7 * 6 + 7);
    const pairs = FX_CURRENCIES.length * (FX_CURRENCIES.length - 1);
    expect(await t.db('fx_rates').where({ date: '2024-03-01' }).count({ n: '*' }).first()).toEqual({ n: pairs });
    expect(await t.db('fx_rates').where({ date: '2024-02-01' }).count({ n: '*' }).first()).toEqual({ n: 1 });

    const rate = async (base: string, quote: string) =>
      ((await t.db('fx_rates').where({ base, quote, date: '2024-03-01' }).first('rate')) as { rate: number }).rate;
    expect(await rate('USD', 'EUR')).toBeCloseTo(1 / 1.08, 12);
    expect(await rate('GBP', 'USD')).toBeCloseTo(1.08 / 0.854, 12);
    expect((await rate('GBP', 'USD')) * (await rate('USD', 'GBP'))).toBeCloseTo(1, 12);
    expect((await rate('CHF', 'EUR')) * (await rate('EUR', 'CHF'))).toBeCloseTo(1, 12);

    // Again, with a corrected leg: same rows, new values.
    await upsertEuroLegs(t.db, [{ quote: 'USD', date: '2024-03-01', rate: 1.1 }]);
    expect(await deriveFxRates(t.db, '2024-03-01')).toBe(written);
    expect(await rate('USD', 'EUR')).toBeCloseTo(1 / 1.1, 12);
    expect(await t.db('fx_rates').where({ date: '2024-03-01' }).count({ n: '*' }).first()).toEqual({ n: pairs });
  });

  it('caches resolutions and mirrors found symbols onto the company only', async () => {
    const found = await insertCompany(t.db, { name: 'BMW AG', market: 'de', isin: 'DE0005190003' });
    const missing = await insertCompany(t.db, { name: 'Nobody ASA', market: 'no', isin: 'NO0010123060' });
    await saveResolution(t.db, { companyId: found, symbol: 'BMW.DE', method: 'isin_search', query: 'DE0005190003' });
    await saveResolution(t.db, { companyId: missing, symbol: null, method: 'not_found', query: 'NO0010123060' });
    await saveResolution(t.db, { companyId: found, symbol: 'BMW.DE', method: 'isin_search', query: 'DE0005190003' });
    expect(await t.db('symbol_resolutions').orderBy('company_id').select('company_id', 'symbol', 'method')).toEqual([
      { company_id: found, symbol: 'BMW.DE', method: 'isin_search' },
      { company_id: missing, symbol: null, method: 'not_found' },
    ]);
    expect(await t.db('companies').whereIn('id', [found, missing]).orderBy('id').pluck('yahoo_symbol')).toEqual(['BMW.DE', null]);
  });

  it('copies the latest snapshot’s market cap onto companies with its EUR value, once', async () => {
    const bmw = await insertCompany(t.db, { name: 'BMW', market: 'de', yahooSymbol: 'BMW.DE', currency: 'EUR' });
    const ocado = await insertCompany(t.db, { name: 'Ocado', market: 'uk', yahooSymbol: 'OCDO.L' });
    const noQuote = await insertCompany(t.db, { name: 'Quiet', market: 'fr', yahooSymbol: 'QUIET.PA' });
    // Ocado's snapshot has no market cap: shares × price stands in.
    await upsertQuoteSnapshots(t.db, [
      { symbol: 'OCDO.L', asOf: '2024-03-01', currency: 'GBP', marketCap: null, sharesOutstanding: 8e8, price: 3.5, exchange: 'LSE', longName: 'Ocado' },
    ]);
    // GBP→EUR on 2024-03-01 is the inverse of the EURGBP leg (0.854) stored in the FX test above.
    const fx = await loadFxTable(t.db);

    // Three changed: these two and the company resolved to BMW.DE in the test above.
    expect(await refreshCompanyMarketCaps(t.db, fx)).toBe(3);
    const rows = await t.db('companies').whereIn('id', [bmw, ocado, noQuote]).orderBy('id')
      .select('market_cap', 'market_cap_currency', 'market_cap_eur', 'market_cap_as_of', 'currency');
    expect(rows).toEqual([
      { market_cap: 62e9, market_cap_currency: 'EUR', market_cap_eur: 62e9, market_cap_as_of: '2024-03-04', currency: 'EUR' },
      { market_cap: 2.8e9, market_cap_currency: 'GBP', market_cap_eur: expect.closeTo(2.8e9 / 0.854, 2), market_cap_as_of: '2024-03-01', currency: 'GBP' },
      { market_cap: null, market_cap_currency: null, market_cap_eur: null, market_cap_as_of: null, currency: null },
    ]);
    expect(await refreshCompanyMarketCaps(t.db, fx)).toBe(0);
  });

  it('records the freshness of a block, replacing the previous one', async () => {
    await recordFreshness(t.db, 'fx', new Date('2024-03-01T04:05:00Z'), '7/7');
    await recordFreshness(t.db, 'fx', new Date('2024-03-02T04:05:00Z'), '6/7');
    const rows = (await t.db('data_freshness').where({ block: 'fx' }).select('updated_at', 'detail')) as Array<{ updated_at: Date; detail: string }>;
    expect(rows.map((r) => [r.updated_at.toISOString(), r.detail])).toEqual([['2024-03-02T04:05:00.000Z', '6/7']]);
  });
});
