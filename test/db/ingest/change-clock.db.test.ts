import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stampChanges } from '../../../src/db/change-clock.js';
import { runIngest } from '../../../src/ingest/runner.js';
import { silentLogger } from '../../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { makeDraft } from '../../helpers/factories/drafts.js';
import { docOf, testAdapter } from '../../helpers/test-adapter.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(12);
  const docs = Array.from({ length: 20 }, (_, i) => docOf(makeDraft({ id: `TST:${i}`, sourceId: String(i) })));
  await runIngest({ db: t.db, adapter: testAdapter, pages: (async function* () { yield { documents: docs, cursor: null }; })(), kind: 'archive', worker: 't', log: silentLogger });
});
afterAll(async () => t.drop());

describe('change clock', () => {
  it('gives concurrent transactions strictly increasing millisecond stamps in commit order', async () => {
    const commits: Array<{ stamp: number; committedAt: number }> = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.db.transaction(async (trx) => {
          await new Promise((r) => setTimeout(r, Math.random() * 20));
          const stamp = await stampChanges(trx, [`TST:${i}`, `TST:${i + 10}`]);
          return stamp!.getTime();
        }).then((stamp) => commits.push({ stamp, committedAt: performance.now() })),
      ),
    );
    const stamps = commits.map((c) => c.stamp);
    expect(new Set(stamps).size).toBe(10);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    // Stored at millisecond precision, so an ISO timestamp handed to a client compares exactly.
    const subMs = await t.db.raw("select count(*)::int as n from declarations where extract(microseconds from updated_at)::bigint % 1000 <> 0");
    expect(subMs.rows[0].n).toBe(0);
  });

  it('ignores an empty change set', async () => {
    await t.db.transaction(async (trx) => expect(await stampChanges(trx, [])).toBeNull());
  });
});
