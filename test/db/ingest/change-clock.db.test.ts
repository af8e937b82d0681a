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
  it('gives concurrent transactions distinct, millisecond-precise stamps', async () => {
    const stamps = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.db.transaction(async (trx) => {
          await new Promise((r) => setTimeout(r, Math.random() * 20));
          return (await stampChanges(trx, [`TST:${i}`, `TST:${i + 10}`]))!.getTime();
        }),
      ),
    );
    expect(new Set(stamps).size).toBe(10);
    // Stored at millisecond precision, so an ISO timestamp handed to a client compares exactly.
    const subMs = await t.db.raw("select count(*)::int as n from declarations where extract(microseconds from updated_at)::bigint % 1000 <> 0");
    expect(subMs.rows[0].n).toBe(0);
  });

  it('holds the next writer until the stamped transaction commits, so stamps follow commit order', async () => {
    // (Commit order is the database's; the order in which a client hears of commits is not, so the
    // proof is that a second writer cannot take a stamp while the first is uncommitted.)
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    let firstStamp = 0;
    const firstStamped = new Promise<void>((stamped) => {
      void t.db.transaction(async (trx) => {
        firstStamp = (await stampChanges(trx, ['TST:1']))!.getTime();
        stamped();
        await firstHolds;
      });
    });
    await firstStamped;
    let secondStamp: number | null = null;
    let firstCommitted = false;
    const second = t.db.transaction(async (trx) => {
      secondStamp = (await stampChanges(trx, ['TST:2']))!.getTime();
      expect(firstCommitted).toBe(true);
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(secondStamp).toBeNull();
    firstCommitted = true;
    releaseFirst();
    await second;
    expect(secondStamp!).toBeGreaterThan(firstStamp);
  });

  it('ignores an empty change set', async () => {
    await t.db.transaction(async (trx) => expect(await stampChanges(trx, [])).toBeNull());
  });
});
