import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { secAdapter } from '../../adapters/sec/index.js';
import { DeclarationResponseSchema } from '../../src/api/responses.js';
import { readArchive } from '../../src/ingest/archive.js';
import { runIngest } from '../../src/ingest/runner.js';
import { silentLogger } from '../../src/log.js';
import type { Declaration } from '../../src/model/declaration.js';
import { RESOLUTION_METHODS } from '../../src/prices/resolve.js';
import { saveResolution, upsertBars } from '../../src/prices/store.js';
import { computeBacktests, scoreDeclarations, SCORE_BUCKETS } from '../../src/signals/index.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';
import { weekdays } from '../helpers/factories/signals.js';

const SEC_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/sec');

type Listing = { items: Declaration[]; total: number; totalIsExact: boolean };

async function setup(dir: string): Promise<{ t: TestDatabase; api: TestApi }> {
  const t = await createTestDatabase();
  await runIngest({ db: t.db, adapter: secAdapter, pages: readArchive(dir, secAdapter), kind: 'archive', worker: 'test', log: silentLogger });
  const { key } = await createTestKey(t.db);
  const api = await startTestApi(t.db, { defaultKey: key, env: { SIGMA_SOURCES: 'sec' } });
  return { t, api };
}

/** Everything the polling recipe returns, walking pages of `limit` from the epoch. */
async function pollAll(api: TestApi, limit: number): Promise<Declaration[]> {
  const seen: Declaration[] = [];
  let cursor = { updatedSince: '1970-01-01T00:00:00.000Z', afterId: '' };
  for (let page = 0; page < 1000; page += 1) {
    const after = cursor.afterId ? `&afterId=${encodeURIComponent(cursor.afterId)}` : '';
    const res = await api.get<Listing>(`/api/v1/declarations?updatedSince=${cursor.updatedSince}${after}&sort=updatedAt&order=asc&limit=${limit}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.items);
    if (res.body.items.length < limit) return seen;
    const last = res.body.items[res.body.items.length - 1]!;
    cursor = { updatedSince: last.updatedAt, afterId: last.id };
  }
  throw new Error('polling did not finish');
}

describe('the API over declarations ingested by the real SEC pipeline (repository fixtures)', () => {
  let t: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    ({ t, api } = await setup(SEC_FIXTURES));
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('lists the canonical original, not its folded amendment; the amendment keeps its own record', async () => {
    const list = await api.get<Listing>('/api/v1/declarations?limit=200');
    const ids = list.body.items.map((d) => d.id);
    expect(ids).toContain('SEC:0009999500-25-000003');
    expect(ids).not.toContain('SEC:0009999500-25-000011');
    const original = list.body.items.find((d) => d.id === 'SEC:0009999500-25-000003')!;
    expect(original.amendedBy).toBe('SEC:0009999500-25-000011');
    const amendment = await api.get<Declaration>('/api/v1/declarations/SEC:0009999500-25-000011');
    expect(amendment.body).toMatchObject({ isAmendment: true, amends: 'SEC:0009999500-25-000003' });
    for (const item of list.body.items) expect(DeclarationResponseSchema.safeParse(item).success, item.id).toBe(true);
  });
});

describe.runIf(hasCorpus('sec'))('the API over the real SEC corpus, ingested through the ingest store', () => {
  let t: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    ({ t, api } = await setup(corpusPath('sec')));
    await scoreDeclarations(t.db, { all: true });
  }, 180_000);

  /** The API as it answers the day after the newest corpus filing (look-backs count from "now"). */
  async function theDayAfterTheCorpus<T>(call: () => Promise<T>): Promise<T> {
    const newest = (await t.db('declarations').max({ at: 'pub_date' }).first()) as { at: Date };
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(newest.at.getTime() + 86_400_000) });
    try {
      return await call();
    } finally {
      vi.useRealTimers();
    }
  }
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('every listed declaration has the documented shape, and the count matches the canonical rows', async () => {
    const canonical = Number((await t.db('declarations').where({ is_canonical: true }).count({ n: '*' }))[0]!.n);
    expect(canonical).toBeGreaterThan(50);
    const list = await api.get<Listing>('/api/v1/declarations?limit=200');
    expect(list.body).toMatchObject({ total: canonical, totalIsExact: true });
    for (const item of list.body.items) {
      const parsed = DeclarationResponseSchema.safeParse(item);
      expect(parsed.success, `${item.id}: ${parsed.error?.message}`).toBe(true);
    }
    expect(list.body.items.some((d) => d.direction === 'BUY' || d.direction === 'SELL')).toBe(true);
  });

  it('a joint filing is one declaration with its co-reporters', async () => {
    const res = await api.get<Declaration>('/api/v1/declarations/SEC:0001493152-25-009612');
    expect(res.status).toBe(200);
    expect(res.body.coReporters).toHaveLength(7);
    for (const co of res.body.coReporters) expect(co.name.length).toBeGreaterThan(0);
  });

  it('company, insider, flow, search and markets answer from the ingested rows', async () => {
    const sample = (await api.get<Listing>('/api/v1/declarations?direction=BUY&limit=1')).body.items[0]
      ?? (await api.get<Listing>('/api/v1/declarations?limit=1')).body.items[0]!;
    const company = await api.get<{ counters: { declarations: number } }>(`/api/v1/companies/${sample.company.slug}`);
    expect(company.status).toBe(200);
    expect(company.body.counters.declarations).toBeGreaterThan(0);
    const scoped = await api.get<Listing>(`/api/v1/companies/${sample.company.slug}/declarations`);
    expect(scoped.body.items.every((d) => d.company.slug === sample.company.slug)).toBe(true);
    expect((await api.get(`/api/v1/companies/${sample.company.slug}/flow`)).status).toBe(200);
    expect((await api.get(`/api/v1/companies/${sample.company.slug}/insiders`)).body.total).toBeGreaterThan(0);
    const insider = await api.get<{ stats: { declarations: number } }>(`/api/v1/insiders/${sample.insider.slug}`);
    expect(insider.body.stats.declarations).toBeGreaterThan(0);
    const word = sample.company.name.split(/\s+/).find((w) => w.length >= 4) ?? sample.company.name;
    const search = await api.get<{ companies: Array<{ slug: string }> }>(`/api/v1/search?q=${encodeURIComponent(word.toLowerCase())}`);
    expect(search.body.companies.map((c) => c.slug)).toContain(sample.company.slug);
    const byId = await api.get<{ declarations: Array<{ id: string }> }>(`/api/v1/search?q=${encodeURIComponent(sample.id)}`);
    expect(byId.body.declarations.map((d) => d.id)).toEqual([sample.id]);
    const markets = await api.get<{ items: Array<{ source: string; market: string; counters: { declarations: number } }> }>('/api/v1/markets');
    const sec = markets.body.items.find((m) => m.source === 'sec')!;
    expect(sec.market).toBe('us');
    expect(sec.counters.declarations).toBe(Number((await t.db('declarations').where({ is_canonical: true, source: 'sec' }).count({ n: '*' }))[0]!.n));
    const health = await api.get<{ sources: Array<{ source: string; lastSuccessAt: string | null }> }>('/api/v1/health', { key: null });
    expect(health.status).toBe(200);
  });

  it('the polling recipe returns every canonical declaration exactly once, in small or large pages', async () => {
    const canonical = ((await t.db('declarations').where({ is_canonical: true }).pluck('id')) as string[]).sort();
    for (const limit of [7, 200]) {
      const seen = await pollAll(api, limit);
      expect(seen.map((d) => d.id).sort()).toEqual(canonical);
    }
  });

  it('/declarations/{id}/score audits a scored corpus filing with its nine factors', async () => {
    const d = (await api.get<Declaration>('/api/v1/declarations/SEC:0001127602-25-001055')).body;
    expect(d).toMatchObject({ direction: 'SELL', company: { name: 'AAR CORP' }, signal: { version: 'v3' } });
    const audit = await api.get<{
      declarationId: string;
      version: string;
      total: number;
      direction: string;
      nullReason: string | null;
      factors: Array<{ key: string; points: number; cap: number; rationale: string }>;
      inputs: Record<string, unknown> | null;
    }>(`/api/v1/declarations/${encodeURIComponent(d.id)}/score`);
    expect(audit.body).toMatchObject({ declarationId: d.id, version: 'v3', total: d.signal!.score, direction: 'SELL', nullReason: null });
    expect(audit.body.factors.map((f) => f.key)).toHaveLength(9);
    expect(new Set(audit.body.factors.map((f) => f.key)).size).toBe(9);
    const sum = audit.body.factors.reduce((total, f) => total + f.points, 0);
    expect(audit.body.total).toBe(Math.min(100, Math.max(0, Math.round(sum))));
    for (const f of audit.body.factors) expect(f.rationale, f.key).toMatch(/\S/);
    expect(audit.body.inputs).not.toBeNull();
    // A filing with no discretionary direction is audited as such, with the reason.
    const grant = (await t.db('declarations').whereNull('direction').where({ is_canonical: true }).orderBy('id').first('id')) as { id: string };
    const unscored = await api.get<{ total: null; nullReason: string; factors: unknown[] }>(`/api/v1/declarations/${encodeURIComponent(grant.id)}/score`);
    expect(unscored.body).toMatchObject({ total: null, factors: [] });
    expect(unscored.body.nullReason.length).toBeGreaterThan(0);
  });

  it('/signals ranks the scored filings of the look-back by score', async () => {
    type Item = Declaration & { signal: { score: number } };
    const res = await theDayAfterTheCorpus(() => api.get<{ items: Item[]; total: number }>('/api/v1/signals?direction=SELL&minScore=0&lookbackDays=365&limit=100'));
    expect(res.status).toBe(200);
    const newest = (await t.db('declarations').max({ at: 'pub_date' }).first()) as { at: Date };
    const since = new Date(newest.at.getTime() + 86_400_000 - 365 * 86_400_000);
    const expected = (await t.db('declarations as d')
      .join('signals as s', 's.declaration_id', 'd.id')
      .where({ 'd.is_canonical': true, 's.direction': 'SELL' })
      .whereNotNull('s.score')
      .where('d.pub_date', '>=', since)
      .pluck('d.id')) as string[];
    expect(expected.length).toBeGreaterThan(2);
    expect(res.body.total).toBe(expected.length);
    expect(res.body.items.map((d) => d.id).sort()).toEqual([...expected].sort());
    const scores = res.body.items.map((d) => d.signal.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(res.body.items.every((d) => d.direction === 'SELL')).toBe(true);
    const strict = await theDayAfterTheCorpus(() => api.get<{ items: Item[] }>(`/api/v1/signals?direction=SELL&minScore=${scores[0]}&lookbackDays=365`));
    expect(strict.body.items.map((d) => d.signal.score)).toEqual(scores.filter((x) => x >= scores[0]!));
  });

  it('/clusters finds the 2019 Apple officers\' and directors\' sales as one event', async () => {
    type Cluster = { company: { name: string }; direction: string; insiderCount: number; declarationIds: string[]; insiders: Array<{ slug: string }>; maxScore: number | null };
    const res = await theDayAfterTheCorpus(() =>
      api.get<{ items: Cluster[]; total: number }>('/api/v1/clusters?direction=SELL&minInsiders=3&windowDays=180&lookbackDays=3650'),
    );
    expect(res.status).toBe(200);
    const apple = res.body.items.find((c) => c.company.name === 'Apple Inc.')!;
    expect(apple).toMatchObject({ direction: 'SELL', insiderCount: 3 });
    expect(apple.insiders.map((i) => i.slug)).toContain('cook-timothy-d');
    const members = await t.db('declarations as d')
      .join('companies as c', 'c.id', 'd.company_id')
      .join('signals as s', 's.declaration_id', 'd.id')
      .whereIn('d.id', apple.declarationIds)
      .select('c.name', 'd.direction', 'd.insider_id', 's.score');
    expect(members).toHaveLength(apple.declarationIds.length);
    expect(members.every((m) => m.name === 'Apple Inc.' && m.direction === 'SELL')).toBe(true);
    expect(new Set(members.map((m) => m.insider_id)).size).toBe(3);
    expect(apple.maxScore).toBe(Math.max(...members.map((m) => m.score as number)));
    const none = await theDayAfterTheCorpus(() => api.get<{ total: number }>('/api/v1/clusters?direction=BUY&minInsiders=3&windowDays=180&lookbackDays=3650'));
    expect(none.body.total).toBe(0);
  });

  it('/insiders lists the ingested insiders and finds one by name', async () => {
    const count = Number((await t.db('insiders').count({ n: '*' }))[0]!.n);
    const list = await api.get<{ items: Array<{ slug: string; name: string }>; total: number }>('/api/v1/insiders?limit=200');
    expect(list.body.total).toBe(count);
    expect(count).toBeGreaterThan(50);
    expect(list.body.items).toHaveLength(count);
    const musk = await api.get<{ items: Array<{ slug: string; declarationCount: number }> }>('/api/v1/insiders?q=elon%20musk');
    expect(musk.body.items.map((i) => i.slug)).toEqual(['musk-elon']);
    const own = Number((await t.db('declarations as d').join('insiders as i', 'i.id', 'd.insider_id').where({ 'i.slug': 'musk-elon', 'd.is_canonical': true }).count({ n: '*' }))[0]!.n);
    expect(musk.body.items[0]!.declarationCount).toBe(own);
  });

  it('/me shows the key and the requests this suite made with it', async () => {
    const before = await api.get<{ usage: { today: number; total: number } }>('/api/v1/me');
    const after = await api.get<{ key: { prefix: string; name: string; lastUsedAt: string }; plan: { name: string }; usage: { today: number; total: number } }>('/api/v1/me');
    expect(after.body).toMatchObject({ key: { name: 'test key' }, plan: { name: 'pro' } });
    expect(after.body.key.prefix).toMatch(/^sit_live_/);
    expect(before.body.usage.total).toBeGreaterThan(10);
    expect(after.body.usage.total).toBe(before.body.usage.total + 1);
    expect(after.body.usage.today).toBe(before.body.usage.today + 1);
  });

  it('/backtest reports the real score of a corpus filing once its prices are stored and backtests computed', async () => {
    // AAR CORP: a sale published on Friday 2025-01-10 after the New York close. The bars are
    // constructed (the corpus has no such prices); the declaration, its score and the backtest
    // computation are real.
    const id = 'SEC:0001127602-25-001055';
    const row = (await t.db('declarations as d').join('signals as s', 's.declaration_id', 'd.id').where('d.id', id).first('d.company_id', 's.score')) as {
      company_id: number;
      score: number;
    };
    await saveResolution(t.db, { companyId: Number(row.company_id), symbol: 'AIR', method: RESOLUTION_METHODS.usTicker, query: 'AIR' });
    const sessions = weekdays('2025-01-02', 40);
    const bar = (symbol: string, date: string, close: number) => ({ symbol, date, open: close, high: close, low: close, close, adjClose: close, volume: 1, currency: 'USD' as const });
    await upsertBars(t.db, sessions.map((date, i) => bar('AIR', date, 60 - i * 0.5)));
    await upsertBars(t.db, sessions.map((date) => bar('^GSPC', date, 5000)));
    await computeBacktests(t.db, { all: true });

    const entry = sessions.indexOf('2025-01-13');
    const close = (i: number) => 60 - i * 0.5;
    const bucket = SCORE_BUCKETS.find((b) => row.score >= b.min && row.score <= b.max)!;
    const report = await api.get<{
      horizons: number[];
      buckets: Array<{ bucket: string; market: string | null; direction: string; horizons: Array<{ horizon: number; count: number; meanRaw: number; meanExcess: number; hitRate: number }> }>;
    }>('/api/v1/backtest?direction=SELL&market=us');
    expect(report.status).toBe(200);
    expect(report.body.horizons).toEqual([1, 5, 21, 63, 126, 252]);
    const us = report.body.buckets.find((b) => b.market === 'us')!;
    expect(us).toMatchObject({ bucket: bucket.label, direction: 'SELL' });
    expect(report.body.buckets.filter((b) => b.market === 'us')).toHaveLength(1);
    expect(us.horizons.map((h) => h.horizon)).toEqual([1, 5, 21]);
    expect(us.horizons[1]!.count).toBe(1);
    expect(us.horizons[1]!.meanRaw).toBeCloseTo(close(entry + 5) / close(entry) - 1, 12);
    expect(us.horizons[1]!.meanExcess).toBeCloseTo(close(entry + 5) / close(entry) - 1, 12);
    // The price fell after the sale: the signal was right.
    expect(us.horizons[1]!.hitRate).toBe(1);
    const decl = await api.get<Declaration & { backtest: { entryDate: string; horizons: Array<{ horizon: number } | null> } }>(`/api/v1/declarations/${id}`);
    expect(decl.body.backtest.entryDate).toBe('2025-01-13');
    expect(decl.body.backtest.horizons.map((h) => h?.horizon ?? null)).toEqual([1, 5, 21, null, null, null]);
  });
});
