import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeclarationResponseSchema } from '../../src/api/responses.js';
import { READ_ROUTES } from '../../src/api/routes/index.js';
import type { Declaration } from '../../src/model/declaration.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';
import { insertCompany, insertDeclaration, insertDeclarations, insertInsider } from '../helpers/factories/declarations.js';

type Listing<T> = { items: T[]; total: number; limit: number; offset: number; meta: { requestId: string; latencyMs: number; dataFreshness: Record<string, string | null> } };

describe('every endpoint, happy path, through real HTTP', () => {
  let t: TestDatabase;
  let api: TestApi;
  let key: string;
  let acme: { id: number; slug: string };
  let societe: { id: number; slug: string };
  let cook: { slug: string; id: number };
  let dupont: { slug: string; id: number };
  let original: string;
  let amendment: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    ({ key } = await createTestKey(t.db));
    api = await startTestApi(t.db, { defaultKey: key });
    acme = await insertCompany(t.db, { name: 'Acme Corp', ticker: 'ACME', isin: 'US0000000018', market: 'us', marketCapEur: 5e9 });
    societe = await insertCompany(t.db, { name: 'Société Générale', ticker: 'GLE', isin: 'FR0000130809', market: 'fr' });
    cook = await insertInsider(t.db, { name: 'COOK TIMOTHY D' });
    dupont = await insertInsider(t.db, { name: 'Frédéric Dupont' });
    const others = await Promise.all([insertInsider(t.db), insertInsider(t.db)]);
    const recent = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    const recentDate = (daysAgo: number) => recent(daysAgo).slice(0, 10);
    original = await insertDeclaration(t.db, { id: 'SEC:0000000001-26-000001', companyId: acme.id, insiderId: cook.id, pubDate: recent(3), transactionDate: recentDate(4), signalScore: 72, totalAmountEur: 900_000 });
    amendment = await insertDeclaration(t.db, {
      id: 'SEC:0000000001-26-000002',
      companyId: acme.id,
      insiderId: cook.id,
      pubDate: recent(2),
      isAmendment: true,
      amends: original,
      isCanonical: false,
    });
    await t.db('declarations').where({ id: original }).update({ amended_by: amendment });
    await insertDeclarations(t.db, [
      { companyId: acme.id, insiderId: others[0]!.id, pubDate: recent(5), transactionDate: recentDate(6), signalScore: 55, totalAmountEur: 20_000 },
      { companyId: acme.id, insiderId: others[1]!.id, pubDate: recent(6), transactionDate: recentDate(7), signalScore: 30, totalAmountEur: 10_000 },
      { companyId: acme.id, insiderId: dupont.id, pubDate: recent(10), transactionDate: recentDate(11), direction: 'SELL', totalAmountEur: 50_000 },
      { companyId: societe.id, insiderId: dupont.id, market: 'fr', source: 'amf', regulator: 'AMF', pubDate: recent(1), currency: 'EUR', signalScore: 81 },
    ]);
    await t.db('signals').insert({
      declaration_id: original,
      version: 'v3',
      direction: 'BUY',
      score: 72,
      null_reason: null,
      factors: JSON.stringify([{ key: 'size', label: 'Trade size', value: 1000000, points: 12, cap: 15, rationale: 'large' }]),
      inputs: JSON.stringify({ marketCap: { value: 5e9, asOf: '2026-03-01' } }),
      is_cluster: true,
      cluster_size: 3,
      computed_at: new Date(),
    });
    await t.db('backtest_returns').insert({
      declaration_id: original,
      horizon: 5,
      symbol: 'ACME',
      entry_date: '2026-03-04',
      entry_price: 10,
      exit_date: '2026-03-11',
      exit_price: 11,
      raw_return: 0.1,
      benchmark_symbol: 'SPY',
      benchmark_return: 0.02,
      excess_return: 0.08,
      computed_at: new Date(),
    });
    await t.db('sources').insert({ source: 'sec', status: 'idle', last_success_at: new Date('2026-04-20T18:32:11.123Z') });
    await t.db('data_freshness').insert({ block: 'prices', updated_at: new Date('2026-04-20T06:00:00.000Z') });
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('/declarations lists canonical declarations with meta and freshness read from the database', async () => {
    const res = await api.get<Listing<Declaration>>('/api/v1/declarations');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5);
    expect(res.body.items.map((d) => d.id)).not.toContain(amendment);
    expect(res.body.limit).toBe(50);
    expect(res.body.offset).toBe(0);
    expect(res.body.meta.requestId).toBe(res.headers.get('x-request-id'));
    expect(res.body.meta.latencyMs).toBeGreaterThanOrEqual(0);
    expect(res.body.meta.dataFreshness).toEqual({
      sec: '2026-04-20T18:32:11.123Z',
      amf: null,
      prices: '2026-04-20T06:00:00.000Z',
      fx: null,
      scoring: null,
      backtest: null,
    });
    const first = res.body.items.find((d) => d.id === original)!;
    expect(first.company).toEqual({ slug: acme.slug, name: 'Acme Corp', isin: 'US0000000018', ticker: 'ACME', market: 'us', marketCapEur: 5e9 });
    expect(first.amendedBy).toBe(amendment);
    expect(first.signal).toMatchObject({ score: 72, version: 'v3' });
    expect(first.pubDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(first).not.toHaveProperty('backtest');
    // nulls are present, never omitted
    expect(first).toHaveProperty('isPlanned');
    expect(first.transaction).toHaveProperty('venue', null);
  });

  it('a listing asked for with Accept-Encoding comes compressed and decodes to the same page', async () => {
    const plain = await api.get<Listing<Declaration>>('/api/v1/declarations?sort=pubDate&order=asc', { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    for (const encoding of ['br', 'gzip']) {
      // fetch decodes what it is sent; the header says what went over the wire.
      const res = await api.get<Listing<Declaration>>('/api/v1/declarations?sort=pubDate&order=asc', { headers: { 'Accept-Encoding': encoding } });
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(Number(res.headers.get('content-length'))).toBeLessThan(plain.text.length);
      expect(res.body.items).toEqual(plain.body.items);
      expect(res.body.meta.dataFreshness).toEqual(plain.body.meta.dataFreshness);
    }
  });

  it('names beyond Latin-1 come through a listing, a single declaration and compression byte for byte', async () => {
    // Responses are assembled from UTF-8 bytes (src/api/raw-json.ts); one curly apostrophe used to
    // turn a whole page into a two-byte string. Removed again for the tests that follow.
    const companyName = 'Ørsted 株式会社 “Nordic”';
    const insiderName = 'Seán O’Brien-Łukasiewicz 📈';
    const company = await insertCompany(t.db, { name: companyName, isin: 'DK0060094928', market: 'us' });
    const insider = await insertInsider(t.db, { name: insiderName });
    const ids = await insertDeclarations(
      t.db,
      [8, 9, 12].map((daysAgo) => ({ companyId: company.id, insiderId: insider.id, pubDate: new Date(Date.now() - daysAgo * 86_400_000).toISOString() })),
    );
    try {
      const path = `/api/v1/companies/${company.slug}/declarations?limit=2`;
      const page = await api.get<Listing<Declaration>>(path, { headers: { 'Accept-Encoding': 'identity' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(Number(page.headers.get('content-length'))).toBe(Buffer.byteLength(page.text, 'utf8'));
      expect(page.body.total).toBe(3);
      expect(page.body.items.map((d) => d.id)).toEqual(ids.slice(0, 2));
      for (const d of page.body.items) {
        expect(d.company.name).toBe(companyName);
        expect(d.insider.name).toBe(insiderName);
      }
      expect(page.body.meta.requestId).toBe(page.headers.get('x-request-id'));
      const gzipped = await api.get<Listing<Declaration>>(path, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(gzipped.headers.get('content-encoding')).toBe('gzip');
      expect(gzipped.body.items).toEqual(page.body.items);

      const single = await api.get<Declaration & { meta: { requestId: string } }>(`/api/v1/declarations/${encodeURIComponent(ids[2]!)}`, {
        headers: { 'Accept-Encoding': 'identity' },
      });
      expect(Number(single.headers.get('content-length'))).toBe(Buffer.byteLength(single.text, 'utf8'));
      expect(single.body.insider.name).toBe(insiderName);
      expect(single.body.company.name).toBe(companyName);
      expect(single.body.meta.requestId).toBe(single.headers.get('x-request-id'));
    } finally {
      await t.db('declarations').whereIn('id', ids).del();
      await t.db('insiders').where({ id: insider.id }).del();
      await t.db('companies').where({ id: company.id }).del();
    }
  });

  it('cluster=true lists cluster members only; cluster=false lists the rest, unscored declarations included', async () => {
    const all = await api.get<Listing<Declaration>>('/api/v1/declarations');
    const member = all.body.items.find((d) => d.signal?.score === 55)!;
    await t.db('declarations').where({ id: member.id }).update({ signal_is_cluster: true });
    try {
      const members = await api.get<Listing<Declaration>>('/api/v1/declarations?cluster=true');
      expect(members.body.items.map((d) => d.id)).toEqual([member.id]);
      expect(members.body.total).toBe(1);
      expect((await api.get<Listing<Declaration>>('/api/v1/declarations?cluster=true&market=fr')).body.total).toBe(0);
      const rest = await api.get<Listing<Declaration>>('/api/v1/declarations?cluster=false');
      expect(rest.body.items.map((d) => d.id).sort()).toEqual(all.body.items.map((d) => d.id).filter((id) => id !== member.id).sort());
      expect(rest.body.items.some((d) => d.signal === null)).toBe(true);
    } finally {
      await t.db('declarations').where({ id: member.id }).update({ signal_is_cluster: false });
    }
  });

  it('sorting by score or amount puts declarations without one last in both orders, page after page', async () => {
    const unpriced = (await api.get<Listing<Declaration>>('/api/v1/declarations?sort=amount&order=desc&limit=1')).body.items[0]!.id;
    await t.db('declarations').where({ id: unpriced }).update({ total_amount_eur: null });
    try {
      for (const [sort, column] of [['signalScore', 'signal_score'], ['amount', 'total_amount_eur']] as const) {
        for (const order of ['asc', 'desc'] as const) {
          for (const market of ['', '&market=us']) {
            const expected = (await t.db.raw(
              `select id from declarations where is_canonical ${market ? "and market = 'us'" : ''} order by ${column} ${order} nulls last, id ${order}`,
            )).rows.map((r: { id: string }) => r.id);
            const seen: string[] = [];
            for (let offset = 0; offset < expected.length; offset += 2) {
              const res = await api.get<Listing<Declaration>>(`/api/v1/declarations?sort=${sort}&order=${order}${market}&limit=2&offset=${offset}`);
              expect(res.status).toBe(200);
              expect(res.body.total).toBe(expected.length);
              seen.push(...res.body.items.map((d) => d.id));
            }
            expect(seen, `${sort} ${order}${market}`).toEqual(expected);
            const last = (await api.get<Listing<Declaration>>(`/api/v1/declarations?sort=${sort}&order=${order}${market}&limit=1&offset=${expected.length - 1}`)).body.items[0]!;
            expect(sort === 'amount' ? last.transaction.totalAmountEur : last.signal?.score ?? null).toBeNull();
          }
        }
      }
    } finally {
      await t.db('declarations').where({ id: unpriced }).update({ total_amount_eur: 900_000 });
    }
  });

  it('totals are exact up to the limit, then flagged as a lower bound', async () => {
    const exact = await api.get<{ total: number; totalIsExact: boolean }>('/api/v1/declarations');
    expect(exact.body).toMatchObject({ total: 5, totalIsExact: true });
  });

  it('/declarations filters by market, score, direction, company and insider names (accent-insensitive)', async () => {
    const fr = await api.get<Listing<Declaration>>('/api/v1/declarations?market=fr');
    expect(fr.body.items.map((d) => d.market)).toEqual(['fr']);
    const scored = await api.get<Listing<Declaration>>('/api/v1/declarations?minScore=50&sort=signalScore&order=desc');
    expect(scored.body.items.map((d) => d.signal?.score)).toEqual([81, 72, 55]);
    const sells = await api.get<Listing<Declaration>>('/api/v1/declarations?direction=SELL');
    expect(sells.body.total).toBe(1);
    const byCompany = await api.get<Listing<Declaration>>('/api/v1/declarations?company=societe%20generale');
    expect(byCompany.body.items.map((d) => d.company.slug)).toEqual([societe.slug]);
    const byInsider = await api.get<Listing<Declaration>>('/api/v1/declarations?insider=Tim%20Cook');
    expect(byInsider.body.items.map((d) => d.id)).toEqual([original]);
    const byIsin = await api.get<Listing<Declaration>>('/api/v1/declarations?isin=FR0000130809');
    expect(byIsin.body.total).toBe(1);
    const withBacktest = await api.get<Listing<Declaration & { backtest: { horizons: Array<{ horizon: number } | null> } | null }>>(
      `/api/v1/declarations?ticker=acme&include=backtest&limit=2&sort=amount`,
    );
    expect(withBacktest.body.items[0]!.id).toBe(original);
    expect(withBacktest.body.items[0]!.backtest!.horizons.map((h) => h?.horizon ?? null)).toEqual([null, 5, null, null, null, null]);
    // scored on the row but with no signal record: not scored by the signals module, so no backtest
    expect(withBacktest.body.items[1]!.backtest).toBeNull();
  });

  it('/declarations/{id} returns one declaration with its backtest; a folded amendment shows its own record', async () => {
    const res = await api.get<Declaration & { backtest: { symbol: string; horizons: Array<{ excessReturn: number } | null> } }>(`/api/v1/declarations/${original}`);
    expect(res.status).toBe(200);
    expect(res.body.backtest.symbol).toBe('ACME');
    expect(res.body.backtest.horizons).toHaveLength(6);
    expect(res.body.backtest.horizons[0]).toBeNull();
    expect(res.body.backtest.horizons[1]!.excessReturn).toBe(0.08);
    const amended = await api.get<Declaration>(`/api/v1/declarations/${amendment}`);
    expect(amended.body).toMatchObject({ id: amendment, isAmendment: true, amends: original });
  });

  it('/declarations/{id}/score returns the audit, and nulls for an unscored declaration', async () => {
    const res = await api.get(`/api/v1/declarations/${original}/score`);
    expect(res.body).toMatchObject({ version: 'v3', total: 72, isCluster: true, clusterSize: 3, inputs: { marketCap: { asOf: '2026-03-01' } } });
    expect(res.body.factors).toHaveLength(1);
    const unscored = await api.get(`/api/v1/declarations/${amendment}/score`);
    expect(unscored.body).toMatchObject({ total: null, version: null, factors: [], inputs: null, nullReason: 'not scored yet' });
  });

  it('/signals, /clusters and /backtest', async () => {
    const signals = await api.get<Listing<Declaration>>('/api/v1/signals');
    expect(signals.body.items.map((d) => d.signal?.score)).toEqual([81, 72, 55]);
    const us = await api.get<Listing<Declaration>>('/api/v1/signals?market=us&minScore=60');
    expect(us.body.items.map((d) => d.signal?.score)).toEqual([72]);
    const clusters = await api.get<Listing<{ insiderCount: number; company: { slug: string } }>>('/api/v1/clusters');
    expect(clusters.body.items).toHaveLength(1);
    expect(clusters.body.items[0]).toMatchObject({ insiderCount: 3, company: { slug: acme.slug } });
    const backtest = await api.get<{ buckets: Array<{ scoreFrom: number; horizons: Array<{ count: number; hitRate: number }> }> }>('/api/v1/backtest?direction=BUY');
    expect(backtest.body.buckets).toHaveLength(2);
    expect(backtest.body.buckets[0]).toMatchObject({ bucket: '60-79', scoreFrom: 60, scoreTo: 79, market: null, direction: 'BUY' });
    expect(backtest.body.buckets[1]).toMatchObject({ bucket: '60-79', market: 'us', direction: 'BUY' });
    expect(backtest.body.buckets[0]!.horizons[0]).toMatchObject({ horizon: 5, count: 1, hitRate: 1 });
  });

  it('/companies, /companies/{slug} and its declarations, insiders and flow', async () => {
    const list = await api.get<Listing<{ slug: string; declarationCount: number }>>('/api/v1/companies?sort=declarations');
    expect(list.body.items.map((c) => [c.slug, c.declarationCount])).toEqual([
      [acme.slug, 4],
      [societe.slug, 1],
    ]);
    const searched = await api.get<Listing<{ slug: string }>>('/api/v1/companies?q=SOCIETE');
    expect(searched.body.items.map((c) => c.slug)).toEqual([societe.slug]);
    const profile = await api.get(`/api/v1/companies/${acme.slug}`);
    expect(profile.body).toMatchObject({ slug: acme.slug, counters: { declarations: 4, insiders: 4, buys: 3, sells: 1 }, identifiers: { ticker: 'ACME' } });
    const decls = await api.get<Listing<Declaration>>(`/api/v1/companies/${acme.slug}/declarations?direction=BUY`);
    expect(decls.body.total).toBe(3);
    const insiders = await api.get<Listing<{ slug: string; netAmountEur: number }>>(`/api/v1/companies/${acme.slug}/insiders`);
    expect(insiders.body.total).toBe(4);
    expect(insiders.body.items.find((i) => i.slug === dupont.slug)!.netAmountEur).toBe(-50_000);
    const flow = await api.get<{ buckets: Array<{ netAmountEur: number }>; rolling90d: { netAmountEur: number; signal: string } }>(`/api/v1/companies/${acme.slug}/flow?bucket=week`);
    expect(flow.status).toBe(200);
    const net = flow.body.buckets.reduce((s, b) => s + b.netAmountEur, 0);
    expect(net).toBe(900_000 + 20_000 + 10_000 - 50_000);
    expect(flow.body.rolling90d).toMatchObject({ netAmountEur: net, signal: 'BUY' });
  });

  it('/insiders, /insiders/{slug} and their declarations', async () => {
    const list = await api.get<Listing<{ slug: string }>>('/api/v1/insiders?q=frederic');
    expect(list.body.items.map((i) => i.slug)).toEqual([dupont.slug]);
    const inFrance = await api.get<Listing<{ slug: string }>>('/api/v1/insiders?market=fr');
    expect(inFrance.body).toMatchObject({ items: [{ slug: dupont.slug }], total: 1 });
    const inUs = await api.get<Listing<{ slug: string }>>('/api/v1/insiders?market=us,de');
    expect(inUs.body.total).toBe(4);
    expect(inUs.body.items.map((i) => i.slug)).toContain(cook.slug);
    expect((await api.get<Listing<{ slug: string }>>('/api/v1/insiders?market=de')).body.total).toBe(0);
    const profile = await api.get(`/api/v1/insiders/${cook.slug}`);
    expect(profile.body).toMatchObject({ slug: cook.slug, stats: { declarations: 1, buys: 1 }, trackRecord: [{ horizon: 5, count: 1, hitRate: 1 }] });
    const decls = await api.get<Listing<Declaration>>(`/api/v1/insiders/${dupont.slug}/declarations?market=fr`);
    expect(decls.body.items.map((d) => d.market)).toEqual(['fr']);
  });

  it("/insiders and /search give each insider's count of canonical declarations and the latest one", async () => {
    // Three declarations in one market for one insider, removed again for the tests that follow.
    const zeta = await insertCompany(t.db, { name: 'Zeta Holdings', market: 'us' });
    const zetaInsider = await insertInsider(t.db, { name: 'Zora Zetterberg' });
    const extra = await insertDeclarations(
      t.db,
      [40, 20, 30].map((daysAgo) => ({ companyId: zeta.id, insiderId: zetaInsider.id, pubDate: new Date(Date.now() - daysAgo * 86_400_000).toISOString() })),
    );
    try {
      await expectInsiderCountsMatchSql();
    } finally {
      await t.db('declarations').whereIn('id', extra).del();
      await t.db('insiders').where({ id: zetaInsider.id }).del();
      await t.db('companies').where({ id: zeta.id }).del();
    }
  });

  async function expectInsiderCountsMatchSql() {
    type Counted = { slug: string; declarationCount: number; lastDeclarationAt: string | null };
    const rows = (await t.db('insiders as i')
      .leftJoin('declarations as d', 'd.insider_id', 'i.id')
      .groupBy('i.slug')
      .select(
        'i.slug',
        t.db.raw('count(d.id) filter (where d.is_canonical)::int as canonical'),
        t.db.raw('count(d.id)::int as every'),
        t.db.raw('max(d.pub_date) filter (where d.is_canonical) as latest'),
      )) as Array<{ slug: string; canonical: number; every: number; latest: Date | null }>;
    // An insider with several canonical declarations in one market, and one with a folded original.
    expect(rows.some((r) => r.canonical > 2)).toBe(true);
    expect(rows.some((r) => r.every > r.canonical)).toBe(true);
    const expected = rows.map((r) => ({ slug: r.slug, declarationCount: r.canonical, lastDeclarationAt: r.latest?.toISOString() ?? null }));
    const bySlug = (a: Counted, b: Counted) => a.slug.localeCompare(b.slug);

    const listed = await api.get<Listing<Counted>>('/api/v1/insiders?limit=200');
    expect(listed.body.items.map(({ slug, declarationCount, lastDeclarationAt }) => ({ slug, declarationCount, lastDeclarationAt })).sort(bySlug)).toEqual(
      expected.sort(bySlug),
    );
    const found = await api.get<{ insiders: Counted[] }>(`/api/v1/search?q=${encodeURIComponent('frederic')}`);
    expect(found.body.insiders).toEqual([expect.objectContaining(expected.find((e) => e.slug === dupont.slug))]);
  }

  it('/search finds by name, ISIN, ticker and declaration id', async () => {
    const byName = await api.get<{ companies: Array<{ slug: string }>; insiders: Array<{ slug: string }> }>('/api/v1/search?q=g%C3%A9n%C3%A9rale');
    expect(byName.body.companies.map((c) => c.slug)).toEqual([societe.slug]);
    const byIsin = await api.get<{ companies: Array<{ slug: string }> }>('/api/v1/search?q=us0000000018');
    expect(byIsin.body.companies.map((c) => c.slug)).toEqual([acme.slug]);
    const byTicker = await api.get<{ companies: Array<{ slug: string }> }>('/api/v1/search?q=GLE');
    expect(byTicker.body.companies[0]!.slug).toBe(societe.slug);
    const byId = await api.get<{ declarations: Array<{ id: string }> }>(`/api/v1/search?q=${encodeURIComponent(original)}`);
    expect(byId.body.declarations.map((d) => d.id)).toEqual([original]);
  });

  it('/search by ticker or name also returns the newest declarations of the companies found', async () => {
    type Found = { declarations: Array<{ id: string; pubDate: string; company: { slug: string } }> };
    const byTicker = await api.get<Found>('/api/v1/search?q=gle');
    expect(byTicker.body.declarations.map((d) => d.company.slug)).toEqual([societe.slug]);
    // Acme's four canonical declarations, newest first; the folded amendment is not one of them.
    const acmeNewest = await api.get<Listing<Declaration>>(`/api/v1/declarations?ticker=ACME&sort=pubDate&order=desc`);
    expect(acmeNewest.body.total).toBe(4);
    const byName = await api.get<Found>('/api/v1/search?q=acme%20corp');
    expect(byName.body.declarations.map((d) => d.id)).toEqual(acmeNewest.body.items.map((d) => d.id));
    expect(byName.body.declarations.map((d) => d.id)).not.toContain(amendment);
    const bounded = await api.get<Found>('/api/v1/search?q=acme&limit=2');
    expect(bounded.body.declarations.map((d) => d.id)).toEqual(acmeNewest.body.items.slice(0, 2).map((d) => d.id));
    expect((await api.get<Found>('/api/v1/search?q=nothing%20like%20it')).body.declarations).toEqual([]);
  });

  it('/me, /markets and /health', async () => {
    const me = await api.get('/api/v1/me');
    expect(me.body).toMatchObject({ key: { name: 'test key' }, plan: { name: 'pro' } });
    expect((me.body.usage as { today: number }).today).toBeGreaterThan(0);
    const markets = await api.get<Listing<{ source: string; market: string; counters: { declarations: number } }>>('/api/v1/markets');
    expect(markets.body.items.map((m) => [m.source, m.market, m.counters.declarations])).toEqual([
      ['amf', 'fr', 1],
      ['sec', 'us', 4],
    ]);
    const health = await api.get('/api/v1/health', { key: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', database: { reachable: true } });
    expect(health.body.sources).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'sec', status: 'idle' })]));
  });

  it('every endpoint answers with exactly the shape its OpenAPI schema documents', async () => {
    const examples: Record<string, string> = {
      getDeclaration: `/declarations/${original}`,
      getDeclarationScore: `/declarations/${original}/score`,
      getCompany: `/companies/${acme.slug}`,
      listCompanyDeclarations: `/companies/${acme.slug}/declarations?include=backtest`,
      listCompanyInsiders: `/companies/${acme.slug}/insiders`,
      getCompanyFlow: `/companies/${acme.slug}/flow`,
      getInsider: `/insiders/${cook.slug}`,
      listInsiderDeclarations: `/insiders/${cook.slug}/declarations`,
      search: '/search?q=acme',
      listDeclarations: '/declarations?include=backtest',
    };
    for (const route of READ_ROUTES) {
      const path = examples[route.name] ?? route.path;
      const res = await api.get(`/api/v1${path}`);
      expect(res.status, path).toBe(200);
      const { meta, ...body } = res.body;
      expect(meta, path).toMatchObject({ requestId: expect.any(String), latencyMs: expect.any(Number) });
      const parsed = route.response.safeParse(body);
      expect(parsed.success, `${path}: ${parsed.error?.message}`).toBe(true);
      if (route.name === 'listDeclarations') {
        // exactly the documented fields: none missing (nulls are never omitted), none undocumented
        expect(Object.keys(res.body).sort()).toEqual(['items', 'limit', 'meta', 'offset', 'total', 'totalIsExact']);
        const documented = Object.keys(DeclarationResponseSchema.shape).sort();
        for (const item of res.body.items!) expect(Object.keys(item).sort()).toEqual(documented);
      }
    }
  });
});
