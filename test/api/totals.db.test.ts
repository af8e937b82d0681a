import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXACT_TOTAL_LIMIT } from '../../src/api/queries/declarations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';
import { insertCompany, insertDeclarations, insertInsider } from '../helpers/factories/declarations.js';

interface Totals {
  items: Array<{ id: string }>;
  total: number;
  totalIsExact: boolean;
}

describe('listing totals past the exact-count cap', () => {
  const MATCHES = EXACT_TOTAL_LIMIT + 250;
  let t: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    t = await createTestDatabase();
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, { defaultKey: key });
    const company = await insertCompany(t.db, { market: 'us' });
    const insider = await insertInsider(t.db);
    const base = Date.UTC(2026, 0, 5);
    await insertDeclarations(
      t.db,
      Array.from({ length: MATCHES }, (_, i) => ({
        id: `SEC:0000000009-26-${String(i).padStart(6, '0')}`,
        companyId: company.id,
        insiderId: insider.id,
        pubDate: new Date(base + i * 60_000).toISOString(),
      })),
    );
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('counts exactly when the matches fit under the cap', async () => {
    const res = await api.get<Totals>('/api/v1/declarations?since=2026-01-05T20:00:00Z&limit=10');
    expect(res.body).toMatchObject({ total: MATCHES - 1200, totalIsExact: true });
  });

  it('flags the total as a lower bound past the cap', async () => {
    const res = await api.get<Totals>('/api/v1/declarations?limit=10');
    expect(res.body).toMatchObject({ total: EXACT_TOTAL_LIMIT, totalIsExact: false });
    expect(res.body.items).toHaveLength(10);
  });

  it('never reports fewer matches than the client has paged through', async () => {
    const deep = await api.get<Totals>(`/api/v1/declarations?limit=100&offset=${EXACT_TOTAL_LIMIT + 100}`);
    expect(deep.body.items).toHaveLength(100);
    expect(deep.body).toMatchObject({ total: EXACT_TOTAL_LIMIT + 200, totalIsExact: false });
    const last = await api.get<Totals>(`/api/v1/declarations?limit=100&offset=${MATCHES - 50}`);
    expect(last.body.items).toHaveLength(50);
    expect(last.body).toMatchObject({ total: MATCHES, totalIsExact: true });
  });
});
