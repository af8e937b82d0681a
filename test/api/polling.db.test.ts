import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stampChanges, takeChangeStamp } from '../../src/db/change-clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';
import { runIngest } from '../../src/ingest/runner.js';
import { silentLogger } from '../../src/log.js';
import { declarationRow, insertCompany, insertInsider } from '../helpers/factories/declarations.js';
import { makeDraft, makeLine } from '../helpers/factories/drafts.js';
import { docOf, testAdapter } from '../helpers/test-adapter.js';

interface Item {
  id: string;
  updatedAt: string;
  pubDate: string;
  transaction: { totalAmount: number };
  isAmendment: boolean;
}

/** The documented recipe: page by (updatedAt, id) from `start` until a short page after the writers stopped. */
async function followUpdatedSince(api: TestApi, start: string, pageSize: number, writersDone: () => boolean): Promise<Item[]> {
  const seen: Item[] = [];
  let cursor: { updatedAt: string; id: string | null } = { updatedAt: start, id: null };
  for (;;) {
    const finishedBeforePage = writersDone();
    const after = cursor.id ? `&afterId=${encodeURIComponent(cursor.id)}` : '';
    const res = await api.get<{ items: Item[] }>(
      `/api/v1/declarations?updatedSince=${encodeURIComponent(cursor.updatedAt)}${after}&sort=updatedAt&order=asc&limit=${pageSize}`,
    );
    expect(res.status).toBe(200);
    seen.push(...res.body.items);
    const last = res.body.items[res.body.items.length - 1];
    if (last) cursor = { updatedAt: last.updatedAt, id: last.id };
    if (res.body.items.length < pageSize && finishedBeforePage) return seen;
  }
}

/** No (id, updatedAt) seen twice, and the cursor strictly increasing. */
function expectEachChangeOnceInOrder(seen: Item[]): void {
  const changes = seen.map((s) => `${s.id}@${s.updatedAt}`);
  expect(new Set(changes).size).toBe(changes.length);
  for (let i = 1; i < seen.length; i += 1) {
    const a = seen[i - 1]!;
    const b = seen[i]!;
    expect(a.updatedAt < b.updatedAt || (a.updatedAt === b.updatedAt && a.id < b.id), `${a.id}@${a.updatedAt} then ${b.id}@${b.updatedAt}`).toBe(true);
  }
}

/**
 * The documented recipe, run while writers insert, amend and update declarations concurrently the
 * way the ingest store does (the change stamp taken before the first write and used as every changed
 * row's updated_at, with a slow commit after the writes). The poller must see every declaration, every final version, nothing twice.
 */
describe('incremental polling never loses or repeats a change', () => {
  let t: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    t = await createTestDatabase(12);
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, { defaultKey: key });
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('updatedSince + sort=updatedAt&order=asc + afterId, against concurrent writers', async () => {
    const company = await insertCompany(t.db, { name: 'Polled Inc' });
    const insider = await insertInsider(t.db, { name: 'Pat Poller' });
    const start = new Date(Date.now() - 1000).toISOString();

    const canonical = new Set<string>();
    const folded = new Set<string>();
    const version = new Map<string, number>();
    let sequence = 0;
    const writer = async (w: number) => {
      for (let i = 0; i < 25; i += 1) {
        await t.db.transaction(async (trx) => {
          const stamp = await takeChangeStamp(trx);
          const existing = [...canonical];
          const action = existing.length < 5 ? 'insert' : ['insert', 'update', 'amend'][(w + i) % 3]!;
          const changed: string[] = [];
          if (action === 'insert') {
            for (let k = 0; k < 1 + ((w + i) % 3); k += 1) {
              sequence += 1;
              const row = declarationRow({ companyId: company.id, insiderId: insider.id, totalAmount: 1, pubDate: new Date(Date.now() - sequence).toISOString() });
              await trx('declarations').insert({ ...row, updated_at: stamp });
              changed.push(row.id as string);
            }
          } else {
            const target = existing[(i * 7 + w) % existing.length]!;
            const next = (version.get(target) ?? 1) + 1;
            version.set(target, next);
            await trx('declarations').where({ id: target }).update({ total_amount: next, updated_at: stamp });
            changed.push(target);
            if (action === 'amend') {
              const amendment = declarationRow({ companyId: company.id, insiderId: insider.id, isAmendment: true, amends: target, isCanonical: false, totalAmount: next });
              await trx('declarations').insert({ ...amendment, updated_at: stamp });
              await trx('declarations').where({ id: target }).update({ amended_by: amendment.id as string, updated_at: stamp });
              changed.push(amendment.id as string);
              folded.add(amendment.id as string);
            }
          }
          // A slow commit after the writes: the window in which a naive poller loses rows.
          await trx.raw('select pg_sleep(?)', [((w * 13 + i * 7) % 5) / 1000]);
          for (const id of changed) if (!folded.has(id)) canonical.add(id);
          for (const id of changed) if (!version.has(id)) version.set(id, 1);
        });
      }
    };

    let writersDone = false;
    const poller = followUpdatedSince(api, start, 5, () => writersDone);
    await Promise.all([0, 1, 2, 3].map(writer));
    writersDone = true;
    const seen = await poller;

    // every canonical declaration seen, in its final version, and no folded amendment listed
    const lastSeen = new Map<string, Item>();
    for (const item of seen) lastSeen.set(item.id, item);
    expect(canonical.size).toBeGreaterThan(30);
    for (const id of canonical) {
      expect(lastSeen.get(id), id).toBeDefined();
      expect(lastSeen.get(id)!.transaction.totalAmount, id).toBe(version.get(id));
    }
    for (const id of folded) expect(lastSeen.has(id)).toBe(false);
    expect(new Set(seen.map((s) => s.id))).toEqual(canonical);

    // each change seen once, in cursor order, and versions only move forward
    expectEachChangeOnceInOrder(seen);
    const versions = new Map<string, number>();
    for (const s of seen) {
      expect(s.transaction.totalAmount).toBeGreaterThan(versions.get(s.id) ?? 0);
      versions.set(s.id, s.transaction.totalAmount);
    }
    // and every row's current stamp is the one the poller saw last
    const rows = await t.db('declarations').whereIn('id', [...canonical]).select('id', 'updated_at');
    for (const r of rows) expect(lastSeen.get(r.id)!.updatedAt).toBe((r.updated_at as Date).toISOString());
  });

  it('updatedSince recipe against the real ingest runner inserting, re-versioning and amending concurrently', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    // Each writer is an ingest run of its own, over its own filings: new ones, corrected
    // re-publications of earlier ones (same source id, new content) and amendments (4/A).
    const writer = async (w: number) => {
      async function* pages() {
        for (let round = 0; round < 8; round += 1) {
          const documents = [];
          for (let k = 0; k < 3; k += 1) {
            const sourceId = `w${w}-${round}-${k}`;
            documents.push(docOf(makeDraft({ sourceId, linkKey: `link-${sourceId}`, pubDate: new Date(Date.parse('2025-03-05T21:15:00Z') + round * 60_000 + k).toISOString() })));
          }
          if (round > 0) {
            const earlier = `w${w}-${round - 1}-0`;
            documents.push(docOf(makeDraft({ sourceId: earlier, linkKey: `link-${earlier}`, lines: [makeLine({ shares: 100 + round })] })));
            const amended = `w${w}-${round - 1}-1`;
            documents.push(
              docOf(makeDraft({ sourceId: `${amended}-A`, formType: '4/A', isAmendment: true, amendsKey: `link-${amended}`, lines: [makeLine({ shares: 500 + round })] })),
            );
          }
          yield { documents, cursor: null };
          await new Promise((r) => setTimeout(r, (w * 7 + round * 3) % 11));
        }
      }
      await runIngest({ db: t.db, adapter: testAdapter, pages: pages(), kind: 'archive', worker: `w${w}`, log: silentLogger, batchSize: 5 });
    };

    let writersDone = false;
    const poller = followUpdatedSince(api, start, 4, () => writersDone);
    await Promise.all([0, 1, 2].map(writer));
    writersDone = true;
    const seen = await poller;

    // What ingestion left: every canonical row of the test source, in its final version.
    const rows = (await t.db('declarations').where({ source: 'tst', is_canonical: true }).select('id', 'updated_at', 'total_amount')) as Array<{
      id: string;
      updated_at: Date;
      total_amount: number;
    }>;
    expect(rows.length).toBe(3 * 8 * 3);
    const amendedOriginals = await t.db('declarations').where({ source: 'tst' }).whereNotNull('amended_by').count({ n: '*' });
    expect(Number(amendedOriginals[0]!.n)).toBe(3 * 7);
    const lastSeen = new Map<string, Item>();
    for (const item of seen) lastSeen.set(item.id, item);
    // (The window also holds the previous test's rows; only this source's are accounted here.)
    expect(new Set(seen.map((s) => s.id).filter((id) => id.startsWith('TST:')))).toEqual(new Set(rows.map((r) => r.id)));
    for (const r of rows) {
      expect(lastSeen.get(r.id)!.updatedAt, r.id).toBe(r.updated_at.toISOString());
      expect(lastSeen.get(r.id)!.transaction.totalAmount, r.id).toBe(r.total_amount);
    }
    expectEachChangeOnceInOrder(seen);
  });

  it('since + sort=pubDate&order=asc + afterId pages through rows sharing one timestamp without repeats', async () => {
    const company = await insertCompany(t.db);
    const insider = await insertInsider(t.db);
    const pubDate = '2030-01-01T00:00:00.000Z';
    const rows = Array.from({ length: 23 }, () => declarationRow({ companyId: company.id, insiderId: insider.id, pubDate }));
    await t.db.transaction(async (trx) => {
      await trx('declarations').insert(rows);
      await stampChanges(trx, rows.map((r) => r.id as string));
    });
    const ids: string[] = [];
    let cursor: { since: string; afterId: string | null } = { since: pubDate, afterId: null };
    for (let page = 0; page < 10; page += 1) {
      const after = cursor.afterId ? `&afterId=${encodeURIComponent(cursor.afterId)}` : '';
      const res = await api.get<{ items: Item[]; total: number }>(`/api/v1/declarations?since=${pubDate}${after}&sort=pubDate&order=asc&limit=5`);
      ids.push(...res.body.items.map((i) => i.id));
      if (res.body.items.length < 5) break;
      const last = res.body.items[res.body.items.length - 1]!;
      cursor = { since: last.pubDate, afterId: last.id };
    }
    expect(ids).toEqual(rows.map((r) => r.id as string).sort());
  });
});
