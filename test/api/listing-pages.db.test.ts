import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXACT_TOTAL_LIMIT, fewMatchesPageQuery } from '../../src/api/queries/declarations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';
import { insertCompany, insertDeclarations, insertInsider, type DeclarationInput } from '../helpers/factories/declarations.js';

interface Listing {
  items: Array<{ id: string }>;
  total: number;
  totalIsExact: boolean;
}

/**
 * A listing whose filters no index serves in the order asked, with no more than EXACT_TOTAL_LIMIT
 * matches, has its pages (within that limit) cut from all the matches read in no order; other
 * pages are read in order (see pageAndMatches). The filter sets here take both ways. Over more canonical declarations than the limit, every filter set here (from no match to all of
 * them, on both sides of the limit), order and page must give exactly what plain SQL gives, with
 * the documented total: exact up to the limit or the end of the page, whichever is further, a
 * lower bound past it, and never below what the client has paged through.
 */
describe('/declarations pages, whether cut from all the matches or read in order', () => {
  const ROWS = EXACT_TOTAL_LIMIT + 400;
  let t: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    t = await createTestDatabase();
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, { defaultKey: key });
    const company = await insertCompany(t.db, { market: 'us' });
    const insider = await insertInsider(t.db);
    const natures = ['BUY', 'BUY', 'BUY', 'BUY', 'SELL', 'SELL', 'SELL', 'SELL', 'AWARD', 'GIFT'] as const;
    const base = Date.UTC(2026, 0, 5);
    const rows: DeclarationInput[] = Array.from({ length: ROWS }, (_, i) => {
      const nature = natures[i % natures.length]!;
      const traded = nature === 'BUY' || nature === 'SELL';
      return {
        id: `SEC:0000000007-26-${String((i * 7919) % ROWS).padStart(6, '0')}`,
        companyId: company.id,
        insiderId: insider.id,
        market: ['us', 'fr', 'de'][i % 3]!,
        nature,
        direction: traded ? nature : null,
        // Pairs of declarations share a publication minute and scores repeat: ties go by id.
        pubDate: new Date(base + Math.floor(((i * 389) % ROWS) / 2) * 60_000).toISOString(),
        signalScore: traded && i % 7 !== 0 ? (i * 37) % 100 : null,
        totalAmountEur: i % 5 === 0 ? null : ((i * 53) % 97) * 1000,
        isCanonical: i % 13 !== 12,
      };
    });
    // A statement takes at most 65,535 parameters: 50 columns a row.
    for (let at = 0; at < rows.length; at += 500) await insertDeclarations(t.db, rows.slice(at, at + 500));
  });

  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  const filters = [
    { query: '', where: 'true' },
    { query: 'nature=BUY', where: "d.nature = 'BUY'" },
    { query: 'nature=GIFT&maxScore=50', where: "d.nature = 'GIFT' and d.signal_score <= 50" },
    { query: 'market=fr&direction=SELL', where: "d.market = 'fr' and d.direction = 'SELL'" },
    { query: 'market=us,fr', where: "d.market in ('us', 'fr')" },
    { query: 'nature=BUY,SELL', where: "d.nature in ('BUY', 'SELL')" },
    { query: 'nature=BUY,SELL,AWARD', where: "d.nature in ('BUY', 'SELL', 'AWARD')" },
  ];
  const orders = [
    { query: '', orderBy: 'd.pub_date desc, d.id desc' },
    { query: '&sort=pubDate&order=asc', orderBy: 'd.pub_date asc, d.id asc' },
    { query: '&sort=signalScore', orderBy: 'd.signal_score desc nulls last, d.id desc' },
    { query: '&sort=signalScore&order=asc', orderBy: 'd.signal_score asc nulls last, d.id asc' },
    { query: '&sort=amount&order=asc', orderBy: 'd.total_amount_eur asc nulls last, d.id asc' },
    { query: '&sort=updatedAt&order=asc', orderBy: 'd.updated_at asc, d.id asc' },
  ];
  const pages = [
    { limit: 50, offset: 0 },
    { limit: 7, offset: 93 },
    { limit: 200, offset: 0 },
    { limit: 200, offset: 150 },
    { limit: 200, offset: EXACT_TOTAL_LIMIT - 200 },
    { limit: 50, offset: EXACT_TOTAL_LIMIT - 20 },
    { limit: 200, offset: EXACT_TOTAL_LIMIT + 50 },
    { limit: 100, offset: EXACT_TOTAL_LIMIT + 250 },
  ];

  async function matching(where: string, orderBy: string): Promise<string[]> {
    const rows = (await t.db.raw(`select d.id from declarations d where d.is_canonical and ${where} order by ${orderBy}`)).rows as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  it('the filter sets lie on both sides of the limit, one matching nothing', async () => {
    const counts = await Promise.all(filters.map(async (f) => (await matching(f.where, 'd.id')).length));
    expect(counts.filter((n) => n > EXACT_TOTAL_LIMIT).length).toBeGreaterThanOrEqual(2);
    expect(counts.filter((n) => n > 0 && n <= EXACT_TOTAL_LIMIT).length).toBeGreaterThanOrEqual(3);
    expect(counts).toContain(0);
  });

  it.each(filters)('$query: every order and page is what plain SQL selects, with the documented total', async ({ query, where }) => {
    for (const order of orders) {
      const all = await matching(where, order.orderBy);
      for (const { limit, offset } of pages) {
        const path = `/api/v1/declarations?${query}${order.query}&limit=${limit}&offset=${offset}`;
        const res = await api.get<Listing>(path);
        expect(res.status, path).toBe(200);
        expect(res.body.items.map((d) => d.id), path).toEqual(all.slice(offset, offset + limit));
        const cap = Math.max(EXACT_TOTAL_LIMIT, offset + limit);
        expect({ total: res.body.total, totalIsExact: res.body.totalIsExact }, path).toEqual({
          total: Math.min(all.length, cap),
          totalIsExact: all.length <= cap,
        });
      }
    }
  });

  it('the page cut from all the matches is not cut at the limit (rows committed after the count stay in order)', async () => {
    // Counted at most EXACT_TOTAL_LIMIT, then more committed before the page is read: the page
    // must still come from all of them, as a poller's next page relies on.
    const all = await matching('true', 'd.pub_date asc, d.id asc');
    expect(all.length).toBeGreaterThan(EXACT_TOTAL_LIMIT + 1);
    const page = { limit: 50, offset: all.length - 60 };
    const rows = (await fewMatchesPageQuery(t.db, {}, { sort: 'pubDate', order: 'asc' }, page)) as Array<{ id: string; matches: string }>;
    expect(rows.map((r) => r.id)).toEqual(all.slice(page.offset, page.offset + page.limit));
    expect(Number(rows[0]!.matches)).toBe(all.length);
  });

  it('the polling continuation pages the same way on both sides of the limit', async () => {
    const orderBy = 'd.pub_date asc, d.id asc';
    for (const f of filters) {
      const all = await matching(f.where, orderBy);
      if (all.length < 3) continue;
      const start = (await t.db('declarations').where('id', all[2]!).first('pub_date')) as { pub_date: Date };
      const after = all.slice(3);
      const path = `/api/v1/declarations?${f.query}${f.query ? '&' : ''}since=${start.pub_date.toISOString()}&afterId=${encodeURIComponent(all[2]!)}&sort=pubDate&order=asc&limit=100`;
      const res = await api.get<Listing>(path);
      expect(res.status, path).toBe(200);
      expect(res.body.items.map((d) => d.id), path).toEqual(after.slice(0, 100));
      expect(res.body.total, path).toBe(Math.min(after.length, EXACT_TOTAL_LIMIT));
    }
  });
});
