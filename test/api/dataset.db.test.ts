import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../bench/dataset.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';

describe('bench dataset generator', () => {
  let t: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    t = await createTestDatabase();
    await generateDataset(t.db, { declarations: 10_000, seed: 7, until: new Date('2026-11-01T00:00:00Z') });
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, { defaultKey: key });
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('writes the requested number of declarations with realistic spreads', async () => {
    const stats = await t.db('declarations').first(
      t.db.raw('count(*)::int as n'),
      t.db.raw('count(distinct market)::int as markets'),
      t.db.raw('count(distinct company_id)::int as companies'),
      t.db.raw("avg((direction = 'BUY')::int) as buy_share"),
      t.db.raw('avg((signal_score >= 70)::int) filter (where signal_score is not null) as high_share'),
      t.db.raw('min(pub_date) as first, max(pub_date) as last'),
    );
    expect(stats.n).toBe(10_000);
    expect(stats.markets).toBeGreaterThanOrEqual(6);
    expect(stats.companies).toBeGreaterThan(30);
    expect(Number(stats.buy_share)).toBeGreaterThan(0.3);
    expect(Number(stats.high_share)).toBeLessThan(0.2);
    expect((stats.last as Date).getTime() - (stats.first as Date).getTime()).toBeGreaterThan(4 * 365 * 86_400_000);
  });

  it('is deterministic for a seed', async () => {
    const other = await createTestDatabase();
    try {
      await generateDataset(other.db, { declarations: 2_000, seed: 7, until: new Date('2026-11-01T00:00:00Z') });
      const again = await createTestDatabase();
      try {
        await generateDataset(again.db, { declarations: 2_000, seed: 7, until: new Date('2026-11-01T00:00:00Z') });
        const digest = (db: typeof t.db) =>
          db.raw("select md5(string_agg(id || company_id || coalesce(signal_score::text, '') || total_amount::text, ',' order by id)) as h from declarations");
        expect((await digest(other.db)).rows[0].h).toBe((await digest(again.db)).rows[0].h);
      } finally {
        await again.drop();
      }
    } finally {
      await other.drop();
    }
  });

  it('serves the generated rows through every benchmarked endpoint', async () => {
    const top = await api.get<{ items: Array<{ signal: { score: number } }>; total: number }>('/api/v1/declarations?market=us&minScore=70&sort=signalScore&order=desc');
    expect(top.status).toBe(200);
    expect(top.body.items[0]!.signal.score).toBeGreaterThanOrEqual(top.body.items[1]!.signal.score);
    const company = await t.db('companies').orderBy('id').first('slug', 'name');
    expect((await api.get(`/api/v1/companies/${company.slug}/flow`)).status).toBe(200);
    expect((await api.get(`/api/v1/search?q=${encodeURIComponent(company.name.split(' ')[0])}`)).status).toBe(200);
  });
});
