import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreDeclarations } from '../../../src/signals/score.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { insertBars, insertCompany, insertDeclaration, insertFx, insertInsider, insertSnapshot, txLine, weekdays } from '../../helpers/factories/signals.js';

/** A small deterministic pseudo-random generator, so the dataset is the same on every run. */
function prng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

async function snapshot(t: TestDatabase) {
  const rows = await t.db('signals').orderBy('declaration_id').select('declaration_id', 'score', 'factors', 'inputs', 'is_cluster', 'cluster_size');
  return rows;
}

describe('scoring is the same whichever way it is run', () => {
  let t: TestDatabase;
  let ids: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    const random = prng(42);
    const companies = [await insertCompany(t.db), await insertCompany(t.db, { market: 'fr', currency: 'EUR' })];
    const insiders = await Promise.all(Array.from({ length: 6 }, () => insertInsider(t.db)));
    for (const companyId of companies) {
      const symbol = (await t.db('companies').where({ id: companyId }).first('yahoo_symbol')).yahoo_symbol as string;
      await insertBars(t.db, symbol, weekdays('2019-01-01', 1400), (i) => 50 + 20 * Math.sin(i / 40));
      await insertSnapshot(t.db, symbol, '2020-01-02', { marketCap: 400e6, sharesOutstanding: 8e6 });
      await insertSnapshot(t.db, symbol, '2023-01-02', { sharesOutstanding: 9e6 });
    }
    await insertFx(t.db, 'USD', 'EUR', weekdays('2019-01-01', 1400), () => 0.9);
    for (let i = 0; i < 120; i += 1) {
      const day = Math.floor(random() * 1500);
      const pub = new Date(Date.parse('2019-03-01T14:00:00Z') + day * 86_400_000 + Math.floor(random() * 600) * 60_000);
      const sell = random() < 0.35;
      const companyId = companies[Math.floor(random() * companies.length)]!;
      ids.push(
        await insertDeclaration(t.db, {
          companyId,
          market: companyId === companies[1] ? 'fr' : 'us',
          insiderId: insiders[Math.floor(random() * insiders.length)]!,
          pubDate: pub.toISOString(),
          direction: random() < 0.1 ? null : sell ? 'SELL' : 'BUY',
          isCanonical: random() > 0.05,
          lines: [txLine({ nature: sell ? 'SELL' : 'BUY', sharesOwnedAfter: random() < 0.3 ? null : 1000 + Math.floor(random() * 9000) })],
        }),
      );
    }
    ids = ids.sort();
  });
  afterAll(async () => t.drop());

  it('gives the same signals scored all at once, declaration by declaration, or as stale rows', async () => {
    await scoreDeclarations(t.db, { all: true, batchSize: 7 });
    const whole = await snapshot(t);
    expect(whole).toHaveLength(120);
    expect(whole.filter((r) => (r.factors as unknown[]).length > 0).length).toBeGreaterThan(60);

    await t.db('signals').delete();
    for (let i = ids.length - 1; i >= 0; i -= 5) {
      await scoreDeclarations(t.db, { ids: ids.slice(Math.max(0, i - 4), i + 1), includeDependents: false });
    }
    expect(await snapshot(t)).toEqual(whole);

    await t.db('signals').delete();
    await scoreDeclarations(t.db, { staleOnly: true, batchSize: 1000 });
    expect(await snapshot(t)).toEqual(whole);
  });
});
