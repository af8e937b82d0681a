import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';
import { insertCompany, insertDeclarations, insertInsider } from '../helpers/factories/declarations.js';

interface CompanyInsider {
  slug: string;
  role: string;
  declarations: number;
  firstDeclarationAt: string;
  lastDeclarationAt: string;
  buyAmountEur: number;
  sellAmountEur: number;
  netAmountEur: number;
}
type Listing = { items: CompanyInsider[]; total: number };

describe('/companies/{slug}/insiders', () => {
  let t: TestDatabase;
  let api: TestApi;
  let acme: { id: number; slug: string };
  let ana: { id: number; slug: string };
  let bo: { id: number; slug: string };

  beforeAll(async () => {
    t = await createTestDatabase();
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, { defaultKey: key });
    acme = await insertCompany(t.db, { name: 'Acme Corp', market: 'us' });
    const other = await insertCompany(t.db, { name: 'Other Corp', market: 'us' });
    ana = await insertInsider(t.db, { name: 'Ana Example' });
    bo = await insertInsider(t.db, { name: 'Bo Example' });
    await insertDeclarations(t.db, [
      { id: 'SEC:T-A1', companyId: acme.id, insiderId: ana.id, pubDate: '2026-01-05T10:00:00.000Z', role: 'DIRECTOR', totalAmountEur: 1_000 },
      { id: 'SEC:T-A2', companyId: acme.id, insiderId: ana.id, pubDate: '2026-02-05T10:00:00.000Z', role: 'CEO', direction: 'SELL', totalAmountEur: 300 },
      // Same instant as A2: ties go to the higher id, as in the declaration listings.
      { id: 'SEC:T-A3', companyId: acme.id, insiderId: ana.id, pubDate: '2026-02-05T10:00:00.000Z', role: 'CFO', totalAmountEur: 50 },
      // Neither a superseded record nor another issuer's filing counts, however recent.
      { id: 'SEC:T-A4', companyId: acme.id, insiderId: ana.id, pubDate: '2026-03-01T10:00:00.000Z', role: 'CHAIR', isCanonical: false },
      { id: 'SEC:T-A5', companyId: other.id, insiderId: ana.id, pubDate: '2026-03-02T10:00:00.000Z', role: 'OTHER' },
      { id: 'SEC:T-B1', companyId: acme.id, insiderId: bo.id, pubDate: '2026-02-20T10:00:00.000Z', role: 'TEN_PCT_OWNER', direction: 'SELL', totalAmountEur: 700 },
    ]);
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('lists each insider once, most recently active first, with the role of their latest declaration and their net flow', async () => {
    const res = await api.get<Listing>(`/api/v1/companies/${acme.slug}/insiders`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items).toEqual([
      expect.objectContaining({ slug: bo.slug, role: 'TEN_PCT_OWNER', declarations: 1, buyAmountEur: 0, sellAmountEur: 700, netAmountEur: -700 }),
      expect.objectContaining({
        slug: ana.slug,
        role: 'CFO',
        declarations: 3,
        firstDeclarationAt: '2026-01-05T10:00:00.000Z',
        lastDeclarationAt: '2026-02-05T10:00:00.000Z',
        buyAmountEur: 1_050,
        sellAmountEur: 300,
        netAmountEur: 750,
      }),
    ]);
  });

  it('pages, and keeps the total on a page past the end', async () => {
    const second = await api.get<Listing>(`/api/v1/companies/${acme.slug}/insiders?limit=1&offset=1`);
    expect(second.body.items.map((i) => i.slug)).toEqual([ana.slug]);
    expect(second.body.total).toBe(2);
    const past = await api.get<Listing>(`/api/v1/companies/${acme.slug}/insiders?limit=1&offset=5`);
    expect(past.body).toMatchObject({ items: [], total: 2 });
  });
});

describe('/companies sorted by recent activity and by declaration count', () => {
  let t: TestDatabase;
  let api: TestApi;
  const slugs: Record<string, string> = {};
  type Summary = { slug: string; declarationCount: number; lastDeclarationAt: string | null };

  beforeAll(async () => {
    t = await createTestDatabase();
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, { defaultKey: key });
    const insider = await insertInsider(t.db);
    for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta']) slugs[name] = (await insertCompany(t.db, { name: `${name} Corp` })).slug;
    const id = async (name: string) => Number((await t.db('companies').where({ slug: slugs[name] }).first('id')).id);
    await insertDeclarations(t.db, [
      { companyId: await id('Alpha'), insiderId: insider.id, pubDate: '2026-03-01T10:00:00.000Z' },
      { companyId: await id('Alpha'), insiderId: insider.id, pubDate: '2026-02-01T10:00:00.000Z' },
      { companyId: await id('Bravo'), insiderId: insider.id, pubDate: '2026-05-01T10:00:00.000Z' },
      { companyId: await id('Delta'), insiderId: insider.id, pubDate: '2026-01-01T10:00:00.000Z' },
      // Superseded: neither counted nor recent.
      { companyId: await id('Delta'), insiderId: insider.id, pubDate: '2026-06-01T10:00:00.000Z', isCanonical: false },
    ]);
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  const names = (items: Summary[]) => items.map((c) => Object.keys(slugs).find((n) => slugs[n] === c.slug));

  it('sort=recent puts the latest canonical declaration first (asc: oldest first), companies without any last', async () => {
    const desc = await api.get<{ items: Summary[]; total: number }>('/api/v1/companies?sort=recent');
    expect(names(desc.body.items)).toEqual(['Bravo', 'Alpha', 'Delta', 'Charlie']);
    expect(desc.body.total).toBe(4);
    expect(desc.body.items.map((c) => [c.declarationCount, c.lastDeclarationAt])).toEqual([
      [1, '2026-05-01T10:00:00.000Z'],
      [2, '2026-03-01T10:00:00.000Z'],
      [1, '2026-01-01T10:00:00.000Z'],
      [0, null],
    ]);
    const asc = await api.get<{ items: Summary[] }>('/api/v1/companies?sort=recent&order=asc');
    expect(names(asc.body.items)).toEqual(['Delta', 'Alpha', 'Bravo', 'Charlie']);
    const page = await api.get<{ items: Summary[] }>('/api/v1/companies?sort=recent&limit=2&offset=1');
    expect(names(page.body.items)).toEqual(['Alpha', 'Delta']);
  });

  it('sort=declarations counts canonical declarations', async () => {
    const res = await api.get<{ items: Summary[] }>('/api/v1/companies?sort=declarations');
    expect(res.body.items.map((c) => c.declarationCount)).toEqual([2, 1, 1, 0]);
    expect(names(res.body.items)[0]).toBe('Alpha');
  });
});
