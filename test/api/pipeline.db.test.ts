import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJobs } from '../../src/ingest/jobs.js';
import { runIngest } from '../../src/ingest/runner.js';
import type { ScheduledJob } from '../../src/ingest/scheduler.js';
import { silentLogger } from '../../src/log.js';
import type { Declaration, DeclarationDraft } from '../../src/model/index.js';
import { RESOLUTION_METHODS } from '../../src/prices/resolve.js';
import { saveResolution, upsertBars } from '../../src/prices/store.js';
import { scoreAfterIngest } from '../../src/signals/jobs.js';
import { createTestKey, startTestApi, type Meta, type TestApi } from '../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { makeDraft, makeLine } from '../helpers/factories/drafts.js';
import { weekdays } from '../helpers/factories/signals.js';
import { docOf, testAdapter } from '../helpers/test-adapter.js';

type Backtest = { entryDate: string | null; horizons: Array<{ horizon: number; rawReturn: number } | null> } | null;
type Item = Declaration & { backtest?: Backtest };
type Listing = { items: Item[]; meta: Meta };

const draft = (n: number, insider: string, pubDate: string): DeclarationDraft => {
  const base = makeDraft();
  return makeDraft({
    id: `TST:0000000001-25-00000${n}`,
    sourceId: `0000000001-25-00000${n}`,
    pubDate,
    insider: { ...base.insider, name: insider, externalId: `000000020${n}` },
    lines: [makeLine({ transactionDate: pubDate.slice(0, 10), shares: 5000, price: 20, sharesOwnedAfter: 10_000 })],
  });
};

/**
 * Scores and backtests appear on their own: declarations go through the real ingest runner with the
 * post-commit scoring a worker wires up, the worker's own scoring and backtest jobs run over stored
 * prices, and the API then serves signals, audits, backtests and the freshness those runs recorded.
 */
describe('scores, backtests and their freshness through the running pipeline', () => {
  let t: TestDatabase;
  let api: TestApi;
  let jobs: ScheduledJob[];
  const first = draft(1, 'Doe Jane', '2025-03-05T21:15:00.000Z');
  const second = draft(2, 'Roe Richard', '2025-03-06T21:15:00.000Z');

  const ingest = (drafts: DeclarationDraft[]) =>
    runIngest({
      db: t.db,
      adapter: testAdapter,
      pages: (async function* () {
        yield { documents: drafts.map((d) => docOf(d)), cursor: null };
      })(),
      kind: 'archive',
      worker: 'test',
      log: silentLogger,
      onCommitted: scoreAfterIngest({ db: t.db, log: silentLogger }),
    });
  const job = (name: string) => jobs.find((j) => j.name === name)!;
  const freshness = async () => (await api.get<Listing>('/api/v1/declarations?limit=1')).body.meta.dataFreshness;
  const declaration = async (id: string) => (await api.get<Item>(`/api/v1/declarations/${encodeURIComponent(id)}`)).body;

  beforeAll(async () => {
    t = await createTestDatabase();
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, { defaultKey: key });
    jobs = buildJobs({ db: t.db, config: api.config, log: silentLogger, worker: 'test' });
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('a worker schedules the stale-scoring sweep and the backtest job', () => {
    expect(jobs.map((j) => j.name)).toEqual(expect.arrayContaining(['scoring', 'backtests']));
  });

  it('before anything ran, nothing is scored and freshness says so', async () => {
    expect(await freshness()).toMatchObject({ scoring: null, backtest: null });
  });

  it('an ingested declaration is scored when its batch commits, with a nine-factor audit', async () => {
    const summary = await ingest([first]);
    expect(summary.inserted).toBe(1);
    const d = await declaration(first.id);
    expect(d.signal).toMatchObject({ version: 'v3', score: expect.any(Number) });
    expect(d.signal!.score).toBeGreaterThanOrEqual(0);
    const audit = await api.get<{ total: number; direction: string; factors: Array<{ key: string; points: number; rationale: string }> }>(
      `/api/v1/declarations/${encodeURIComponent(first.id)}/score`,
    );
    expect(audit.body.total).toBe(d.signal!.score);
    expect(audit.body.direction).toBe('BUY');
    expect(audit.body.factors).toHaveLength(9);
    expect(new Set(audit.body.factors.map((f) => f.key)).size).toBe(9);
    for (const f of audit.body.factors) expect(f.rationale.length, f.key).toBeGreaterThan(0);
    // Scored, but no symbol or prices yet: every horizon is pending.
    expect(d.backtest).toMatchObject({ entryDate: null, horizons: [null, null, null, null, null, null] });
    const fresh = await freshness();
    expect(fresh.scoring).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(fresh.backtest).toBeNull();
  });

  it('a later batch is scored too, and the scoring time moves forward', async () => {
    const before = (await freshness()).scoring!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await ingest([second]);
    expect((await declaration(second.id)).signal).not.toBeNull();
    expect(Date.parse((await freshness()).scoring!)).toBeGreaterThan(Date.parse(before));
  });

  it('once the symbol and prices are stored, the worker jobs fill backtests and record their time', async () => {
    const company = (await t.db('companies').where({ name: 'Acme Widgets Inc.' }).first('id')) as { id: number };
    await saveResolution(t.db, { companyId: company.id, symbol: 'ACME', method: RESOLUTION_METHODS.usTicker, query: 'ACME' });
    const sessions = weekdays('2025-02-03', 60);
    const bar = (symbol: string, date: string, close: number) => ({
      symbol, date, open: close, high: close, low: close, close, adjClose: close, volume: 1000, currency: 'USD' as const,
    });
    // The stock rises 1 a session from 100, the S&P 500 stays flat.
    await upsertBars(t.db, sessions.map((date, i) => bar('ACME', date, 100 + i)));
    await upsertBars(t.db, sessions.map((date) => bar('^GSPC', date, 5000)));
    const scoredAt = (await freshness()).scoring!;
    await new Promise((resolve) => setTimeout(resolve, 5));

    await job('scoring').run(new AbortController().signal);
    await job('backtests').run(new AbortController().signal);

    const fresh = await freshness();
    expect(Date.parse(fresh.scoring!)).toBeGreaterThan(Date.parse(scoredAt));
    expect(fresh.backtest).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    // Published after the close on 2025-03-05: entry at the next session's close (2025-03-06).
    const entry = sessions.indexOf('2025-03-06');
    const listed = await api.get<Listing>('/api/v1/declarations?include=backtest&sort=pubDate&order=asc');
    expect(listed.body.items.map((d) => d.id)).toEqual([first.id, second.id]);
    const bt = listed.body.items[0]!.backtest!;
    expect(bt.entryDate).toBe('2025-03-06');
    expect(bt.horizons.map((h) => h?.horizon ?? null)).toEqual([1, 5, 21, null, null, null]);
    expect(bt.horizons[1]!.rawReturn).toBeCloseTo((100 + entry + 5) / (100 + entry) - 1, 12);
    expect((await declaration(first.id)).backtest).toEqual(bt);
  });
});
