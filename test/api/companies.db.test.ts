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

describe('/companies/{slug}/flow', () => {
  let t: TestDatabase;
  let api: TestApi;
  let flowco: { id: number; slug: string };
  const people: Record<string, { id: number; slug: string }> = {};

  beforeAll(async () => {
    t = await createTestDatabase();
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, { defaultKey: key });
    flowco = await insertCompany(t.db, { name: 'Flowco' });
    const elsewhere = await insertCompany(t.db, { name: 'Elsewhere' });
    for (const name of ['Pia', 'Quinn', 'Rui']) people[name] = await insertInsider(t.db, { name });
    const { Pia, Quinn, Rui } = people as Record<string, { id: number }>;
    const c = flowco.id;
    await insertDeclarations(t.db, [
      { companyId: c, insiderId: Quinn!.id, transactionDate: '2026-01-20', pubDate: '2026-01-21T10:00:00.000Z', totalAmountEur: 500, signalScore: 40 },
      { companyId: c, insiderId: Pia!.id, transactionDate: '2026-01-20', pubDate: '2026-01-22T10:00:00.000Z', direction: 'SELL', totalAmountEur: 200, role: 'CEO' },
      // Filed earlier but stored later (higher id): the role follows publication, not storage order.
      { companyId: c, insiderId: Pia!.id, transactionDate: '2026-01-10', pubDate: '2026-01-12T10:00:00.000Z', totalAmountEur: 1_000, signalScore: 70 },
      { companyId: c, insiderId: Rui!.id, transactionDate: '2026-03-05', pubDate: '2026-03-06T10:00:00.000Z', totalAmountEur: 300 },
      // No trade date: the UTC day of publication stands in.
      { companyId: c, insiderId: Quinn!.id, transactionDate: null, pubDate: '2026-03-10T23:30:00.000Z', direction: 'SELL', totalAmountEur: 100, role: 'CFO' },
      // Not counted: no direction (not a discretionary trade), a superseded record, another issuer.
      { companyId: c, insiderId: Rui!.id, transactionDate: '2026-03-06', direction: null, totalAmountEur: 9_999 },
      { companyId: c, insiderId: Rui!.id, transactionDate: '2026-03-07', isCanonical: false, totalAmountEur: 9_999 },
      { companyId: elsewhere.id, insiderId: Rui!.id, transactionDate: '2026-03-07', totalAmountEur: 9_999 },
    ]);
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  type Flow = {
    buckets: Array<{ period: string; netAmountEur: number }>;
    insiders: Array<{ name: string; netAmountEur: number }>;
    rolling90d: Record<string, unknown>;
  };
  const zero = { buyAmountEur: 0, sellAmountEur: 0, netAmountEur: 0, buyCount: 0, sellCount: 0, insiders: 0 };

  it('buckets by month with empty months filled, rolls up per insider and over the last 90 days', async () => {
    const res = await api.get(`/api/v1/companies/${flowco.slug}/flow`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ company: { slug: flowco.slug }, bucket: 'month', from: null, to: null, currency: 'EUR' });
    expect(res.body.buckets).toEqual([
      { period: '2026-01', start: '2026-01-01', end: '2026-01-31', buyAmountEur: 1_500, sellAmountEur: 200, netAmountEur: 1_300, buyCount: 2, sellCount: 1, insiders: 2, rolling90dNetEur: 1_300 },
      { period: '2026-02', start: '2026-02-01', end: '2026-02-28', ...zero, rolling90dNetEur: 1_300 },
      { period: '2026-03', start: '2026-03-01', end: '2026-03-31', buyAmountEur: 300, sellAmountEur: 100, netAmountEur: 200, buyCount: 1, sellCount: 1, insiders: 2, rolling90dNetEur: 1_500 },
    ]);
    expect(res.body.insiders).toEqual([
      { slug: people.Pia!.slug, name: 'Pia', role: 'CEO', buyAmountEur: 1_000, sellAmountEur: 200, netAmountEur: 800, buyCount: 1, sellCount: 1 },
      { slug: people.Quinn!.slug, name: 'Quinn', role: 'CFO', buyAmountEur: 500, sellAmountEur: 100, netAmountEur: 400, buyCount: 1, sellCount: 1 },
      { slug: people.Rui!.slug, name: 'Rui', role: 'DIRECTOR', buyAmountEur: 300, sellAmountEur: 0, netAmountEur: 300, buyCount: 1, sellCount: 0 },
    ]);
    expect(res.body.rolling90d).toEqual({
      from: '2025-12-11',
      to: '2026-03-10',
      buyAmountEur: 1_800,
      sellAmountEur: 300,
      netAmountEur: 1_500,
      buyCount: 3,
      sellCount: 2,
      signal: 'BUY',
      maxScore: 70,
    });
  });

  it('restricts to trade dates within from/to and buckets by ISO week', async () => {
    const ranged = await api.get<Flow>(`/api/v1/companies/${flowco.slug}/flow?from=2026-01-15&to=2026-03-06`);
    expect(ranged.body.buckets.map((b) => [b.period, b.netAmountEur])).toEqual([
      ['2026-01', 300],
      ['2026-02', 0],
      ['2026-03', 300],
    ]);
    expect(ranged.body.rolling90d).toMatchObject({ from: '2025-12-07', to: '2026-03-06', netAmountEur: 600, buyCount: 2, sellCount: 1, maxScore: 40 });
    expect(ranged.body.insiders.map((i) => [i.name, i.netAmountEur])).toEqual([
      ['Quinn', 500],
      ['Rui', 300],
      ['Pia', -200],
    ]);

    const weekly = await api.get<Flow>(`/api/v1/companies/${flowco.slug}/flow?bucket=week`);
    expect(weekly.body.buckets[0]).toMatchObject({ period: '2026-W02', start: '2026-01-05', end: '2026-01-11', buyAmountEur: 1_000, insiders: 1 });
    expect(weekly.body.buckets[2]).toMatchObject({ period: '2026-W04', start: '2026-01-19', end: '2026-01-25', netAmountEur: 300, insiders: 2 });
    expect(weekly.body.buckets.at(-1)).toMatchObject({ period: '2026-W11', start: '2026-03-09', end: '2026-03-15', sellAmountEur: 100 });
    expect(weekly.body.buckets).toHaveLength(10);
  });

  it('gives EUR sums to the cent, without the noise of adding doubles', async () => {
    const centsco = await insertCompany(t.db, { name: 'Centsco' });
    await insertDeclarations(t.db, [
      { companyId: centsco.id, insiderId: people.Pia!.id, transactionDate: '2026-05-04', totalAmountEur: 0.1 },
      { companyId: centsco.id, insiderId: people.Pia!.id, transactionDate: '2026-05-05', totalAmountEur: 0.2 },
      { companyId: centsco.id, insiderId: people.Quinn!.id, transactionDate: '2026-05-06', direction: 'SELL', totalAmountEur: 0.3 },
    ]);
    expect(0.1 + 0.2).not.toBe(0.3);
    const res = await api.get<Flow>(`/api/v1/companies/${centsco.slug}/flow`);
    expect(res.body.buckets).toEqual([
      { period: '2026-05', start: '2026-05-01', end: '2026-05-31', buyAmountEur: 0.3, sellAmountEur: 0.3, netAmountEur: 0, buyCount: 2, sellCount: 1, insiders: 2, rolling90dNetEur: 0 },
    ]);
    expect(res.body.rolling90d).toMatchObject({ buyAmountEur: 0.3, sellAmountEur: 0.3, netAmountEur: 0, signal: null });
  });

  it('is empty but well-formed for an issuer without discretionary trades', async () => {
    const res = await api.get(`/api/v1/companies/${(await t.db('companies').where({ name: 'Elsewhere' }).first('slug')).slug}/flow?from=2027-01-01`);
    expect(res.status).toBe(200);
    expect(res.body.insiders).toEqual([]);
    expect(res.body.rolling90d).toMatchObject({ netAmountEur: 0, signal: null, maxScore: null });
  });
});
