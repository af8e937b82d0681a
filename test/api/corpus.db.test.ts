import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secAdapter } from '../../adapters/sec/index.js';
import { DeclarationResponseSchema } from '../../src/api/responses.js';
import { readArchive } from '../../src/ingest/archive.js';
import { runIngest } from '../../src/ingest/runner.js';
import { silentLogger } from '../../src/log.js';
import type { Declaration } from '../../src/model/declaration.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';

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
  }, 180_000);
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
});
