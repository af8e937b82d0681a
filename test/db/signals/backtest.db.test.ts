import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aggregateBacktest,
  computeBacktests,
  getDeclarationBacktest,
  getDeclarationBacktests,
  insiderTrackRecord,
} from '../../../src/signals/backtest.js';
import { scoreDeclarations } from '../../../src/signals/score.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { insertBars, insertCompany, insertDeclaration, insertInsider, txLine, weekdays } from '../../helpers/factories/signals.js';

describe('backtests', () => {
  let t: TestDatabase;
  let buy: string;
  let sale: string;
  let award: string;
  let symbol: string;
  let buyer: number;
  const afterPub = weekdays('2024-03-13', 300);

  beforeAll(async () => {
    t = await createTestDatabase();
    const companyId = await insertCompany(t.db);
    symbol = (await t.db('companies').where({ id: companyId }).first('yahoo_symbol')).yahoo_symbol as string;
    const a = await insertInsider(t.db);
    buyer = a;
    const b = await insertInsider(t.db);
    buy = await insertDeclaration(t.db, { companyId, insiderId: a, pubDate: '2024-03-12T21:05:00.000Z' });
    sale = await insertDeclaration(t.db, {
      companyId,
      insiderId: b,
      pubDate: '2024-03-12T21:10:00.000Z',
      direction: 'SELL',
      lines: [txLine({ nature: 'SELL', sharesOwnedAfter: 0 })],
    });
    award = await insertDeclaration(t.db, { companyId, insiderId: b, pubDate: '2024-03-12T22:00:00.000Z', direction: null, lines: [txLine({ nature: 'AWARD' })] });
    // 30 closes after publication: the stock rises 1 a day from 100, the S&P 500 0.5 a day from 100.
    await insertBars(t.db, symbol, weekdays('2024-03-01', 8), () => 100);
    await insertBars(t.db, symbol, afterPub.slice(0, 30), (i) => 100 + i, { adjust: (_, c) => c / 2 });
    await insertBars(t.db, '^GSPC', afterPub.slice(0, 30), (i) => 100 + i / 2);
    await scoreDeclarations(t.db, { all: true });
  });
  afterAll(async () => t.drop());

  it('stores split-adjusted returns from the first close after pubDate for matured horizons only', async () => {
    const report = await computeBacktests(t.db, { all: true });
    expect(report.declarations).toBe(3);
    const rows = await t.db('backtest_returns').where({ declaration_id: buy }).orderBy('horizon');
    expect(rows.map((r) => r.horizon)).toEqual([1, 5, 21]);
    expect(rows[0].entry_date).toBe('2024-03-13');
    expect(rows[0].entry_price).toBe(50);
    expect(rows[1].raw_return).toBeCloseTo(52.5 / 50 - 1, 12);
    expect(rows[1].benchmark_symbol).toBe('^GSPC');
    expect(rows[1].excess_return).toBeCloseTo(0.05 - 0.025, 12);
    expect(await t.db('backtest_returns').where({ declaration_id: award })).toEqual([]);
  });

  it('shows one declaration’s backtest with null for horizons not yet matured', async () => {
    const bt = await getDeclarationBacktest(t.db, buy);
    expect(bt!.entryDate).toBe('2024-03-13');
    expect(bt!.horizons.map((h) => h?.horizon ?? null)).toEqual([1, 5, 21, null, null, null]);
    expect(await getDeclarationBacktest(t.db, award)).toBeNull();
  });

  it('fills newly matured horizons on the next stale pass and changes nothing on a repeat', async () => {
    await insertBars(t.db, symbol, afterPub.slice(30, 200), (i) => 130 + i, { adjust: (_, c) => c / 2 });
    await insertBars(t.db, '^GSPC', afterPub.slice(30, 200), (i) => 115 + i / 2);
    const stale = await computeBacktests(t.db, { staleOnly: true });
    expect(stale.declarations).toBe(2);
    expect((await t.db('backtest_returns').where({ declaration_id: buy })).map((r) => r.horizon).sort((x, y) => x - y)).toEqual([
      1, 5, 21, 63, 126,
    ]);
    const again = await computeBacktests(t.db, { all: true });
    expect(again.rowsWritten).toBe(0);
    expect(again.rowsDeleted).toBe(0);
  });

  it('aggregates per score bucket, market and direction, with hit rates in the signal’s direction', async () => {
    const { horizons, buckets } = await aggregateBacktest(t.db);
    expect(horizons).toEqual([1, 5, 21, 63, 126, 252]);
    const buyScore = (await t.db('signals').where({ declaration_id: buy }).first()).score as number;
    const buyBucket = buckets.find((b) => b.direction === 'BUY' && b.market === 'us')!;
    expect(buyScore).toBeGreaterThanOrEqual(buyBucket.minScore);
    expect(buyScore).toBeLessThanOrEqual(buyBucket.maxScore);
    const h5 = buyBucket.horizons.find((h) => h.horizon === 5)!;
    expect(h5.count).toBe(1);
    expect(h5.meanExcess).toBeCloseTo(0.025, 12);
    expect(h5.hitRate).toBe(1);
    expect(buyBucket.horizons.find((h) => h.horizon === 252)).toBeUndefined();
    const saleBucket = buckets.find((b) => b.direction === 'SELL' && b.market === null)!;
    expect(saleBucket.horizons.find((h) => h.horizon === 5)!.hitRate).toBe(0);

    expect((await aggregateBacktest(t.db, { direction: 'SELL' })).buckets.every((b) => b.direction === 'SELL')).toBe(true);
    expect((await aggregateBacktest(t.db, { market: 'fr' })).buckets).toEqual([]);
    expect((await aggregateBacktest(t.db, { from: '2024-03-13' })).buckets).toEqual([]);
    expect((await aggregateBacktest(t.db, { minScore: 101 })).buckets).toEqual([]);
    expect((await aggregateBacktest(t.db, { to: '2024-03-12' })).buckets.length).toBeGreaterThan(0);
  });

  it('shows many declarations’ backtests at once and an insider’s track record', async () => {
    const many = await getDeclarationBacktests(t.db, [buy, award, 'TEST:unknown']);
    expect(many.get(buy)!.horizons[0]!.horizon).toBe(1);
    expect(many.get(award)).toBeNull();
    expect(many.get('TEST:unknown')).toBeNull();
    const record = await insiderTrackRecord(t.db, buyer);
    expect(record.map((h) => h.horizon)).toEqual([1, 5, 21, 63, 126]);
    expect(record[1]).toMatchObject({ count: 1, hitRate: 1 });
    expect(record[1]!.meanExcess).toBeCloseTo(0.025, 12);
    expect(await insiderTrackRecord(t.db, buyer, { direction: 'SELL' })).toEqual([]);
  });

  it('removes the rows of a declaration that is no longer scored', async () => {
    await t.db('signals').where({ declaration_id: sale }).update({ score: null });
    const report = await computeBacktests(t.db, { staleOnly: true });
    expect(report.rowsDeleted).toBe(5);
    expect(await t.db('backtest_returns').where({ declaration_id: sale })).toEqual([]);
  });
});
