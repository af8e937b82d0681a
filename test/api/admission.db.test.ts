import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdmissionQueue, admitKeyHashes, type Admission } from '../../src/auth/admit.js';
import { createApiKey, hashApiKey, revokeApiKey } from '../../src/auth/keys.js';
import { createDb } from '../../src/db/knex.js';
import { createTestKey } from '../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const SOURCES = ['sec'];
const DAY_MS = 86_400_000;

interface LimitedKey {
  hash: string;
  keyId: number;
  accountId: number;
  quota: number;
  burst: number;
}

type Verdict = Pick<Admission, 'outcome' | 'keyId' | 'usedToday' | 'burstUsed'>;

/**
 * The limits applied one request at a time, as sigma_api_admit does: a batch's requests taken
 * grouped by key, in key order, each key's in the order given.
 */
class OneAtATime {
  readonly windows = new Map<number, { second: number; requests: number }>();
  readonly accountDays = new Map<string, number>();
  readonly keyDays = new Map<string, number>();

  constructor(private readonly keys: LimitedKey[]) {}

  batch(hashes: string[], atMs: number): Verdict[] {
    const second = Math.floor(atMs / 1000);
    const day = Math.floor(atMs / DAY_MS);
    const verdicts: Verdict[] = hashes.map(() => ({ outcome: 'invalid', keyId: null, usedToday: null, burstUsed: null }));
    for (const k of [...this.keys].sort((a, b) => a.keyId - b.keyId)) {
      hashes.forEach((hash, position) => {
        if (hash !== k.hash) return;
        const previous = this.windows.get(k.keyId);
        // A request stamped before the window's second counts in that window, as in SQL.
        const window = !previous || second > previous.second ? { second, requests: 1 } : { second: previous.second, requests: previous.requests + 1 };
        this.windows.set(k.keyId, window);
        const accountDay = `${k.accountId}:${day}`;
        const used = this.accountDays.get(accountDay) ?? 0;
        if (window.requests > k.burst) {
          verdicts[position] = { outcome: 'burst', keyId: k.keyId, usedToday: used, burstUsed: window.requests };
        } else if (used >= k.quota) {
          verdicts[position] = { outcome: 'quota', keyId: k.keyId, usedToday: k.quota, burstUsed: window.requests };
        } else {
          this.accountDays.set(accountDay, used + 1);
          const keyDay = `${k.keyId}:${day}`;
          this.keyDays.set(keyDay, (this.keyDays.get(keyDay) ?? 0) + 1);
          verdicts[position] = { outcome: 'ok', keyId: k.keyId, usedToday: used + 1, burstUsed: window.requests };
        }
      });
    }
    return verdicts;
  }
}

const verdictOf = ({ outcome, keyId, usedToday, burstUsed }: Admission): Verdict => ({ outcome, keyId, usedToday, burstUsed });

describe('admitting requests in batches', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  async function limitedKeys(): Promise<{ keys: LimitedKey[]; revoked: string; unknown: string }> {
    const a = await createTestKey(t.db, { dailyQuota: 7, burstPerSecond: 3 });
    const aSecond = await createApiKey(t.db, a.accountId, 'second');
    const b = await createTestKey(t.db, { dailyQuota: 4, burstPerSecond: 2 });
    const bRevoked = await createApiKey(t.db, b.accountId, 'revoked');
    await revokeApiKey(t.db, bRevoked.id);
    return {
      keys: [
        { hash: hashApiKey(a.key), keyId: a.keyId, accountId: a.accountId, quota: 7, burst: 3 },
        { hash: hashApiKey(aSecond.key), keyId: aSecond.id, accountId: a.accountId, quota: 7, burst: 3 },
        { hash: hashApiKey(b.key), keyId: b.keyId, accountId: b.accountId, quota: 4, burst: 2 },
      ],
      revoked: hashApiKey(bRevoked.key),
      unknown: hashApiKey('sit_live_00000000000000000000000000000000'),
    };
  }

  it('gives every request of a batch the verdict of one request at a time, and counts the same', async () => {
    const { keys, revoked, unknown } = await limitedKeys();
    const choices = [...keys.map((k) => k.hash), revoked, unknown];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ afterMs: fc.integer({ min: 0, max: 1_400 }), picks: fc.array(fc.integer({ min: 0, max: choices.length - 1 }), { minLength: 1, maxLength: 9 }) }),
          { minLength: 1, maxLength: 10 },
        ),
        async (batches) => {
          // A fresh day and fresh windows for every run.
          run += 1;
          const keyIds = keys.map((k) => k.keyId);
          await t.db('api_burst').whereIn('key_id', keyIds).del();
          const model = new OneAtATime(keys);
          let at = Date.UTC(2031, 0, 1) + run * DAY_MS + 3_600_000 + 250;
          for (const { afterMs, picks } of batches) {
            at += afterMs;
            const hashes = picks.map((p) => choices[p]!);
            const admissions = await admitKeyHashes(t.db, hashes, SOURCES, new Date(at));
            expect(admissions.map(verdictOf)).toEqual(model.batch(hashes, at));
            for (const a of admissions) {
              expect(a.checkedAt.getTime()).toBe(at);
              expect(a.dataFreshness !== null).toBe(a.outcome === 'ok');
            }
          }
          const day = new Date(Math.floor(at / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
          const accounts = await t.db('account_usage').whereIn('account_id', [...new Set(keys.map((k) => k.accountId))]).where('day', day).select('account_id', 'requests');
          const keyDays = await t.db('api_key_usage').whereIn('key_id', keyIds).where('day', day).select('key_id', 'requests');
          const fromModel = (map: Map<string, number>) =>
            Object.fromEntries([...map].filter(([k, n]) => k.endsWith(`:${Math.floor(at / DAY_MS)}`) && n > 0).map(([k, n]) => [k.split(':')[0], n]));
          expect(Object.fromEntries(accounts.filter((r) => Number(r.requests) > 0).map((r) => [String(r.account_id), Number(r.requests)]))).toEqual(fromModel(model.accountDays));
          expect(Object.fromEntries(keyDays.map((r) => [String(r.key_id), Number(r.requests)]))).toEqual(fromModel(model.keyDays));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('one process counts concurrent requests in a few calls, each request getting its own verdict', async () => {
    const quota = 30;
    const { key, keyId, accountId } = await createTestKey(t.db, { dailyQuota: quota, burstPerSecond: 100_000 });
    const queue = new AdmissionQueue(t.db, SOURCES);
    let calls = 0;
    const count = (q: { sql: string }) => {
      if (q.sql.includes('sigma_api_admit')) calls += 1;
    };
    t.db.on('query', count);
    try {
      const unknown = 'sit_live_00000000000000000000000000000000';
      const admissions = await Promise.all(Array.from({ length: 81 }, (_, i) => queue.admit(i === 40 ? unknown : key)));
      expect(admissions[40]!.outcome).toBe('invalid');
      const mine = admissions.filter((_, i) => i !== 40);
      const ok = mine.filter((a) => a.outcome === 'ok');
      expect(ok).toHaveLength(quota);
      expect(mine.filter((a) => a.outcome === 'quota')).toHaveLength(80 - quota);
      // Each admitted request has its own place in the day's count.
      expect(ok.map((a) => a.usedToday).sort((x, y) => x! - y!)).toEqual(Array.from({ length: quota }, (_, i) => i + 1));
      expect(new Set(mine.map((a) => a.burstUsed)).size).toBe(80);
      expect(calls).toBeGreaterThan(1);
      expect(calls).toBeLessThanOrEqual(10);
    } finally {
      t.db.off('query', count);
    }
    expect(Number((await t.db('account_usage').where({ account_id: accountId }).first('requests')).requests)).toBe(quota);
    expect(Number((await t.db('api_key_usage').where({ key_id: keyId }).first('requests')).requests)).toBe(quota);
  });

  it("two processes' batches over several keys of one account neither deadlock nor overshoot the quota", async () => {
    // Rows are locked by kind, then by id: batches naming the same keys in any order cannot wait
    // for each other in a cycle (PostgreSQL would abort one with a deadlock error).
    const quota = 150;
    const first = await createTestKey(t.db, { dailyQuota: quota, burstPerSecond: 100_000 });
    const others = await Promise.all([1, 2, 3].map((i) => createApiKey(t.db, first.accountId, `key ${i}`)));
    const keys = [first.key, ...others.map((k) => k.key)];
    const processes = [new AdmissionQueue(t.db, SOURCES), new AdmissionQueue(t.db, SOURCES)];
    const admissions = await Promise.all(
      Array.from({ length: 400 }, (_, i) => processes[i % 2]!.admit(keys[(i * 7 + Math.floor(i / 5)) % keys.length]!)),
    );
    expect(admissions.filter((a) => a.outcome === 'ok')).toHaveLength(quota);
    expect(admissions.filter((a) => a.outcome === 'quota')).toHaveLength(400 - quota);
    expect(Number((await t.db('account_usage').where({ account_id: first.accountId }).first('requests')).requests)).toBe(quota);
    const perKey = await t.db('api_key_usage').whereIn('key_id', [first.keyId, ...others.map((k) => k.id)]).sum({ n: 'requests' }).first();
    expect(Number(perKey!.n)).toBe(quota);
  });

  it('a lone request is sent at once, and a failed call fails its requests without holding up the queue', async () => {
    const { key } = await createTestKey(t.db);
    const queue = new AdmissionQueue(t.db, SOURCES);
    expect((await queue.admit(key)).outcome).toBe('ok');

    const closed = createDb(t.url, 1);
    await closed.destroy();
    const broken = new AdmissionQueue(closed, SOURCES);
    const settled = await Promise.allSettled(Array.from({ length: 5 }, () => broken.admit(key)));
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    expect((await queue.admit(key)).outcome).toBe('ok');
  });
});
