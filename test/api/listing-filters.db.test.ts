import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Declaration } from '../../src/model/declaration.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';
import { insertCompany, insertDeclarations, insertInsider, type DeclarationInput } from '../helpers/factories/declarations.js';

interface Listing<T> {
  items: T[];
  total: number;
}

/**
 * `isin`, `ticker`, `company` and an insider's co-signed filings are resolved to ids before the
 * listing runs, and a score order over several natures is read one nature at a time. These tests
 * pin the results against their definition written as plain SQL: an ISIN matches a declaration
 * by its instrument's ISIN, by its issuer's ISIN or by one of its issuer's ISIN identifiers; a
 * ticker by its issuer's ticker (any case); a name by its issuer's folded name.
 */
describe('/declarations filters resolved or split before the listing runs', () => {
  let t: TestDatabase;
  let api: TestApi;
  let reporters: Array<{ id: number; slug: string }>;

  beforeAll(async () => {
    t = await createTestDatabase();
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, { defaultKey: key });
    const alpha = await insertCompany(t.db, { name: 'Alpha Holdings', isin: 'FR0000000001', ticker: 'ALP', market: 'fr' });
    const beta = await insertCompany(t.db, { name: 'Beta Industries', isin: 'DE0000000002', ticker: 'BET', market: 'de' });
    // Issues a bond whose ISIN is the same as nobody's share: found only through its declarations.
    const gamma = await insertCompany(t.db, { name: 'Gamma Alpha Partners', isin: null, ticker: 'alp', market: 'uk' });
    const delta = await insertCompany(t.db, { name: 'Delta Bank', isin: 'IT0000000004', ticker: null, market: 'it' });
    await t.db('company_identifiers').insert({ scheme: 'ISIN', value: 'DE0000000012', company_id: beta.id });
    const insider = await insertInsider(t.db);
    reporters = await Promise.all([insertInsider(t.db), insertInsider(t.db), insertInsider(t.db)]);
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString();
    const rows: DeclarationInput[] = [];
    const companies = [alpha, beta, gamma, delta];
    const instrumentIsins = [null, 'FR0000000001', 'XS0000000009', 'DE0000000012', 'IT0000000004'];
    const natures = ['BUY', 'SELL', 'AWARD', 'GIFT', 'EXERCISE', 'BUY', 'TAX_WITHHOLDING'] as const;
    for (let i = 0; i < 60; i++) {
      const nature = natures[i % 7]!;
      rows.push({
        nature,
        direction: nature === 'BUY' || nature === 'SELL' ? nature : i % 2 === 0 ? 'SELL' : null,
        companyId: companies[i % 4]!.id,
        market: ['fr', 'de', 'uk', 'it'][i % 4]!,
        insiderId: insider.id,
        pubDate: day(i % 17),
        isin: instrumentIsins[(i * 7) % 5]!,
        signalScore: i % 3 === 0 ? null : (i * 37) % 100,
        totalAmountEur: i % 5 === 0 ? null : ((i * 53) % 97) * 1000,
        isCanonical: i % 11 !== 10,
      });
    }
    // Reporter 0 files some and co-signs others, reporter 1 only co-signs, reporter 2 only files.
    for (let i = 0; i < 24; i++) {
      rows.push({
        companyId: companies[i % 4]!.id,
        insiderId: i % 3 === 0 ? reporters[0]!.id : reporters[2]!.id,
        coReporterIds: i % 3 === 0 ? [] : i % 2 === 0 ? [reporters[0]!.id, reporters[1]!.id] : [reporters[1]!.id],
        pubDate: day(i % 9),
        signalScore: i % 4 === 0 ? null : (i * 31) % 100,
        isCanonical: i % 7 !== 6,
      });
    }
    await insertDeclarations(t.db, rows);
  });

  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  /** The ids the definition selects, in the listing's order. */
  async function expectedIds(where: string, bindings: string[], orderBy: string): Promise<string[]> {
    const rows = (await t.db.raw(`select d.id from declarations d join companies c on c.id = d.company_id where d.is_canonical and ${where} order by ${orderBy}`, bindings))
      .rows as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  const isinMatches =
    "(d.isin = ? or c.isin = ? or exists (select 1 from company_identifiers ci where ci.company_id = d.company_id and ci.scheme = 'ISIN' and ci.value = ?))";
  const cases: Array<{ query: string; where: string; bindings: string[] }> = [
    { query: 'isin=FR0000000001', where: isinMatches, bindings: ['FR0000000001', 'FR0000000001', 'FR0000000001'] },
    { query: 'isin=XS0000000009', where: isinMatches, bindings: ['XS0000000009', 'XS0000000009', 'XS0000000009'] },
    { query: 'isin=DE0000000012', where: isinMatches, bindings: ['DE0000000012', 'DE0000000012', 'DE0000000012'] },
    { query: 'isin=IT0000000004', where: isinMatches, bindings: ['IT0000000004', 'IT0000000004', 'IT0000000004'] },
    { query: 'isin=GB0000000000', where: isinMatches, bindings: ['GB0000000000', 'GB0000000000', 'GB0000000000'] },
    { query: 'ticker=alp', where: "upper(c.ticker) = 'ALP'", bindings: [] },
    { query: 'ticker=ALP&isin=FR0000000001', where: `upper(c.ticker) = 'ALP' and ${isinMatches}`, bindings: ['FR0000000001', 'FR0000000001', 'FR0000000001'] },
    { query: 'ticker=ALP&isin=XS0000000009', where: `upper(c.ticker) = 'ALP' and ${isinMatches}`, bindings: ['XS0000000009', 'XS0000000009', 'XS0000000009'] },
    { query: 'company=alpha&isin=IT0000000004', where: `c.search_name like '%alpha%' and ${isinMatches}`, bindings: ['IT0000000004', 'IT0000000004', 'IT0000000004'] },
    { query: 'company=alpha&ticker=BET', where: 'false', bindings: [] },
    { query: 'ticker=NOPE', where: 'false', bindings: [] },
  ];
  const orders = [
    { query: '', orderBy: 'd.pub_date desc, d.id desc' },
    { query: '&sort=signalScore&order=asc', orderBy: 'd.signal_score asc nulls last, d.id asc' },
    { query: '&sort=amount', orderBy: 'd.total_amount_eur desc nulls last, d.id desc' },
  ];

  it.each(cases)('$query matches what its definition selects, in every order and page', async ({ query, where, bindings }) => {
    for (const order of orders) {
      const expected = await expectedIds(where, bindings, order.orderBy);
      const all = await api.get<Listing<Declaration>>(`/api/v1/declarations?${query}${order.query}&limit=100`);
      expect(all.status).toBe(200);
      expect(all.body.items.map((d) => d.id)).toEqual(expected);
      expect(all.body.total).toBe(expected.length);
      if (expected.length > 4) {
        const page = await api.get<Listing<Declaration>>(`/api/v1/declarations?${query}${order.query}&limit=3&offset=2`);
        expect(page.body.items.map((d) => d.id)).toEqual(expected.slice(2, 5));
      }
    }
  });

  it('a score order over several natures matches its definition in both orders, page after page', async () => {
    for (const natures of [['AWARD', 'GIFT'], ['BUY', 'EXERCISE', 'TAX_WITHHOLDING'], ['SELL', 'GIFT']]) {
      for (const order of ['asc', 'desc'] as const) {
        for (const market of ['', '&market=fr,uk']) {
          const expected = await expectedIds(
            `d.nature = any(?::text[]) ${market ? "and d.market in ('fr', 'uk')" : ''}`,
            [`{${natures.join(',')}}`],
            `d.signal_score ${order} nulls last, d.id ${order}`,
          );
          expect(expected.length).toBeGreaterThan(4);
          const query = `nature=${natures.join(',')}&sort=signalScore&order=${order}${market}`;
          const seen: string[] = [];
          for (let offset = 0; offset < expected.length; offset += 4) {
            const res = await api.get<Listing<Declaration>>(`/api/v1/declarations?${query}&limit=4&offset=${offset}`);
            expect(res.body.total).toBe(expected.length);
            seen.push(...res.body.items.map((d) => d.id));
          }
          expect(seen, query).toEqual(expected);
        }
      }
    }
  });

  it("/insiders/{slug}/declarations lists an insider's own filings and those they co-signed, in every order and page", async () => {
    for (const [n, reporter] of reporters.entries()) {
      for (const order of orders) {
        const expected = await expectedIds('(d.insider_id = ? or d.co_reporter_ids @> array[?]::bigint[])', [String(reporter.id), String(reporter.id)], order.orderBy);
        expect(expected.length, `reporter ${n}`).toBeGreaterThan(4);
        const all = await api.get<Listing<Declaration>>(`/api/v1/insiders/${reporter.slug}/declarations?limit=100${order.query}`);
        expect(all.body.items.map((d) => d.id)).toEqual(expected);
        expect(all.body.total).toBe(expected.length);
        const page = await api.get<Listing<Declaration>>(`/api/v1/insiders/${reporter.slug}/declarations?limit=3&offset=2${order.query}`);
        expect(page.body.items.map((d) => d.id)).toEqual(expected.slice(2, 5));
      }
    }
  });

  it('an ISIN carried only by instruments does not bring the issuer its other declarations', async () => {
    const bond = await api.get<Listing<Declaration>>('/api/v1/declarations?isin=XS0000000009&limit=100');
    expect(bond.body.total).toBeGreaterThan(0);
    expect(bond.body.items.every((d) => d.transaction.isin === 'XS0000000009')).toBe(true);
    const byShare = await api.get<Listing<Declaration>>('/api/v1/declarations?isin=FR0000000001&limit=100');
    const others = byShare.body.items.filter((d) => d.company.name !== 'Alpha Holdings');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((d) => d.transaction.isin === 'FR0000000001')).toBe(true);
    expect(byShare.body.items.filter((d) => d.company.name === 'Alpha Holdings').some((d) => d.transaction.isin !== 'FR0000000001')).toBe(true);
  });
});
