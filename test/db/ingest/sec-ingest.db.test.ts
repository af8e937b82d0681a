import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { secAdapter } from '../../../adapters/sec/index.js';
import { readArchive } from '../../../src/ingest/archive.js';
import { runIngest } from '../../../src/ingest/runner.js';
import { silentLogger } from '../../../src/log.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/sec');

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());
beforeEach(async () => {
  await t.db.raw('truncate declarations, insiders, companies, company_identifiers, raw_documents, quarantine, sources, ingest_runs cascade');
});

const ingestDir = (dir: string) =>
  runIngest({ db: t.db, adapter: secAdapter, pages: readArchive(dir, secAdapter), kind: 'archive', worker: 'test', log: silentLogger });

async function everything() {
  const tables = ['declarations', 'companies', 'company_identifiers', 'insiders', 'raw_documents', 'quarantine'];
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = (await t.db(table).select('*')) as Array<Record<string, unknown>>;
    out[table] = rows
      .map(({ last_seen_at, attempts, stored_at, ...rest }) => rest)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}

describe('SEC ingestion into PostgreSQL', () => {
  it('an amendment supersedes exactly its original; a quarantined document does not stop its neighbours', async () => {
    const summary = await ingestDir(FIXTURES);
    expect(summary.quarantined).toBe(1);
    expect(summary.inserted).toBeGreaterThanOrEqual(7);
    const q = await t.db('quarantine').first();
    expect(q.error).toMatch(/not well-formed/);

    const original = await t.db('declarations').where({ id: 'SEC:0009999500-25-000003' }).first();
    const amendment = await t.db('declarations').where({ id: 'SEC:0009999500-25-000011' }).first();
    expect(original).toMatchObject({ is_canonical: true, is_amendment: false, amended_by: 'SEC:0009999500-25-000011' });
    expect(amendment).toMatchObject({ is_canonical: false, is_amendment: true, amends: 'SEC:0009999500-25-000003' });
    // The canonical record carries the amendment's two gift lines; nothing else was amended.
    expect((original.lines as unknown[]).filter((l) => (l as { kind: string }).kind === 'transaction')).toHaveLength(2);
    const amendedElsewhere = await t.db('declarations').whereNotNull('amended_by').whereNot({ id: original.id });
    expect(amendedElsewhere).toEqual([]);
    const canonicalForPair = await t.db('declarations').where({ company_id: original.company_id, insider_id: original.insider_id, is_canonical: true });
    expect(canonicalForPair).toHaveLength(1);
  });

  it.runIf(hasCorpus('sec'))('ingesting the real corpus twice leaves identical rows', async () => {
    const first = await ingestDir(corpusPath('sec'));
    expect(first.inserted).toBeGreaterThan(90);
    expect(first.quarantined).toBe(2);
    const before = await everything();
    const second = await ingestDir(corpusPath('sec'));
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: first.inserted, quarantined: 2 });
    expect(await everything()).toEqual(before);
    // A joint filing is one declaration, its co-reporters linked, never a second row.
    const betr = await t.db('declarations').where({ id: 'SEC:0001493152-25-009612' }).first();
    expect(betr.co_reporter_ids).toHaveLength(7);
    expect(await t.db('declarations').whereRaw("id like 'SEC:0001493152-25-009612%'").count({ n: '*' }).first()).toEqual({ n: 1 });
  });
});
