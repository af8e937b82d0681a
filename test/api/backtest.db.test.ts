import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeclarationResponseSchema } from '../../src/api/responses.js';
import type { Declaration } from '../../src/model/declaration.js';
import { computeBacktests, scoreDeclarations } from '../../src/signals/index.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { insertBars, insertCompany, insertDeclaration, insertInsider, txLine, weekdays } from '../helpers/factories/signals.js';

type Horizon = { horizon: number; exitDate: string; exitPrice: number; rawReturn: number; benchmarkReturn: number | null; excessReturn: number | null; computedAt: string };
type Backtest = { symbol: string | null; benchmarkSymbol: string | null; entryDate: string | null; entryPrice: number | null; horizons: Array<Horizon | null> };
type WithBacktest = Declaration & { backtest: Backtest | null };

describe('declaration backtests served by the API, as computed by the signals module from stored prices', () => {
  let t: TestDatabase;
  let api: TestApi;
  let buy: string;
  let award: string;
  let unscored: string;
  let symbol: string;
  let companyId: number;
  const afterPub = weekdays('2024-03-13', 300);

  beforeAll(async () => {
    t = await createTestDatabase();
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, { defaultKey: key });
    companyId = await insertCompany(t.db);
    symbol = (await t.db('companies').where({ id: companyId }).first('yahoo_symbol')).yahoo_symbol as string;
    const [a, b] = [await insertInsider(t.db), await insertInsider(t.db)];
    // Published after the New York close: the entry is the next session's close (2024-03-13).
    buy = await insertDeclaration(t.db, { companyId, insiderId: a, pubDate: '2024-03-12T21:05:00.000Z' });
    award = await insertDeclaration(t.db, { companyId, insiderId: b, pubDate: '2024-03-12T22:00:00.000Z', direction: null, lines: [txLine({ nature: 'AWARD' })] });
    // 30 sessions after publication: the stock (split 2:1, adjusted closes halved) rises 1 a day
    // from 100, the S&P 500 0.5 a day from 100. Horizons 1, 5 and 21 mature; 63, 126, 252 do not.
    await insertBars(t.db, symbol, weekdays('2024-03-01', 8), () => 100);
    await insertBars(t.db, symbol, afterPub.slice(0, 30), (i) => 100 + i, { adjust: (_, c) => c / 2 });
    await insertBars(t.db, '^GSPC', afterPub.slice(0, 30), (i) => 100 + i / 2);
    await scoreDeclarations(t.db, { all: true });
    const report = await computeBacktests(t.db, { staleOnly: true });
    expect(report.rowsWritten).toBe(3);
    // Arrives after the scoring pass: never scored.
    unscored = await insertDeclaration(t.db, { companyId, insiderId: a, pubDate: '2024-03-14T15:00:00.000Z' });
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('/declarations/{id} shows all six horizons, the matured ones with their returns and the rest null', async () => {
    const res = await api.get<WithBacktest>(`/api/v1/declarations/${encodeURIComponent(buy)}`);
    expect(res.status).toBe(200);
    const bt = res.body.backtest!;
    expect(bt).toMatchObject({ symbol, benchmarkSymbol: '^GSPC', entryDate: '2024-03-13', entryPrice: 50 });
    expect(bt.horizons.map((h) => h?.horizon ?? null)).toEqual([1, 5, 21, null, null, null]);
    const h5 = bt.horizons[1]!;
    expect(h5.exitDate).toBe(afterPub[5]);
    expect(h5.exitPrice).toBe(52.5);
    expect(h5.rawReturn).toBeCloseTo(52.5 / 50 - 1, 12);
    expect(h5.benchmarkReturn).toBeCloseTo(102.5 / 100 - 1, 12);
    expect(h5.excessReturn).toBeCloseTo(0.05 - 0.025, 12);
    expect(h5.computedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(bt.horizons[2]!.rawReturn).toBeCloseTo(121 / 100 - 1, 12);
    expect(DeclarationResponseSchema.safeParse(res.body).success).toBe(true);
  });

  it('a declaration with no discretionary direction, or not scored yet, has a null backtest', async () => {
    for (const id of [award, unscored]) {
      const res = await api.get<WithBacktest>(`/api/v1/declarations/${encodeURIComponent(id)}`);
      expect(res.status, id).toBe(200);
      expect(res.body, id).toHaveProperty('backtest', null);
    }
  });

  it('include=backtest inlines the same objects in a listing with one backtest query per page', async () => {
    const backtestQueries: string[] = [];
    const onQuery = (q: { sql: string }) => {
      if (q.sql.includes('backtest_returns')) backtestQueries.push(q.sql);
    };
    t.db.on('query', onQuery);
    const list = await api.get<{ items: WithBacktest[] }>('/api/v1/declarations?include=backtest&sort=pubDate&order=asc');
    t.db.off('query', onQuery);
    expect(list.body.items.map((d) => d.id)).toEqual([buy, award, unscored]);
    expect(backtestQueries).toHaveLength(1);
    const single = await api.get<WithBacktest>(`/api/v1/declarations/${encodeURIComponent(buy)}`);
    expect(list.body.items[0]!.backtest).toEqual(single.body.backtest);
    expect(list.body.items[1]!.backtest).toBeNull();
    expect(list.body.items[2]!.backtest).toBeNull();
  });

  it('a horizon matures into the response once its prices arrive and the backtest job runs again', async () => {
    await insertBars(t.db, symbol, afterPub.slice(30, 70), (i) => 130 + i, { adjust: (_, c) => c / 2 });
    await insertBars(t.db, '^GSPC', afterPub.slice(30, 70), (i) => 115 + i / 2);
    await computeBacktests(t.db, { staleOnly: true });
    const res = await api.get<WithBacktest>(`/api/v1/declarations/${encodeURIComponent(buy)}`);
    expect(res.body.backtest!.horizons.map((h) => h?.horizon ?? null)).toEqual([1, 5, 21, 63, null, null]);
    expect(res.body.backtest!.horizons[3]!.rawReturn).toBeCloseTo(163 / 100 - 1, 12);
  });
});
