import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';

function nextMidnightUtc(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
}

describe('rate limits and quotas, shared by several API processes through PostgreSQL', () => {
  let t: TestDatabase;
  let a: TestApi;
  let b: TestApi;

  beforeAll(async () => {
    t = await createTestDatabase(10);
    // Two app instances on the same database stand for two API processes.
    a = await startTestApi(t.db);
    b = await startTestApi(t.db);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await t.drop();
  });

  it('sends X-RateLimit-Limit/Remaining/Reset on successes and on errors after auth', async () => {
    const { key } = await createTestKey(t.db, { dailyQuota: 100, burstPerSecond: 1000 });
    const ok = await a.get('/api/v1/me', { key });
    expect(ok.headers.get('x-ratelimit-limit')).toBe('100');
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('99');
    expect(ok.headers.get('x-ratelimit-reset')).toBe(nextMidnightUtc());
    const bad = await b.get('/api/v1/declarations?limit=0', { key });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-ratelimit-remaining')).toBe('98');
    expect(bad.headers.get('x-request-id')).toBeTruthy();
  });

  it.each([
    ['a 401 without a key', '/api/v1/declarations', null, 401],
    ['a 401 with an unknown key', '/api/v1/me', 'sit_live_00000000000000000000000000000000', 401],
    ['/health (no key needed)', '/api/v1/health', null, 200],
    ['/openapi.json', '/api/v1/openapi.json', null, 200],
    ['/docs', '/docs', null, 200],
    ['an unknown path', '/api/v1/nothing-here', null, 404],
  ])('%s carries the anonymous caller\'s X-RateLimit-* (no quota: 0 of 0, reset at 00:00 UTC)', async (_, path, key, status) => {
    const res = await a.get(path, { key });
    expect(res.status).toBe(status);
    expect(res.headers.get('x-ratelimit-limit')).toBe('0');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('x-ratelimit-reset')).toBe(nextMidnightUtc());
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('a keyed call to a public route is not counted and says so the same way', async () => {
    const { key, accountId } = await createTestKey(t.db, { dailyQuota: 100, burstPerSecond: 1000 });
    const health = await a.get('/api/v1/health', { key });
    expect(health.status).toBe(200);
    expect(health.headers.get('x-ratelimit-limit')).toBe('0');
    expect(await t.db('account_usage').where({ account_id: accountId }).first('requests')).toBeUndefined();
  });

  it('burst: a key gets at most N requests per second across both processes, then 429 rate_limited with Retry-After', async () => {
    const burst = 4;
    const { key, accountId } = await createTestKey(t.db, { dailyQuota: 10_000, burstPerSecond: burst });
    // Start right after a second boundary so the volley lands in one window.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    const startedMs = Date.now();
    const responses = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).get('/api/v1/me', { key })));
    // The database shares this machine's clock: the volley touched this many one-second windows.
    const windows = Math.floor(Date.now() / 1000) - Math.floor(startedMs / 1000) + 1;
    const ok = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    // One limiter for both processes: a per-process limiter would let 2 × burst through per window.
    expect(ok.length).toBeLessThanOrEqual(burst * windows);
    expect(ok.length + limited.length).toBe(24);
    const r = limited[0]!;
    expect(r.body.error).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(r.headers.get('retry-after')).toBe('1');
    expect(r.headers.get('x-ratelimit-burst-limit')).toBe(String(burst));
    expect(r.headers.get('x-ratelimit-limit')).toBe('10000');
    // refused requests do not use up the daily quota
    const used = await t.db('account_usage').where({ account_id: accountId }).first('requests');
    expect(Number(used.requests)).toBe(ok.length);
    await new Promise((r2) => setTimeout(r2, 1100));
    expect((await a.get('/api/v1/me', { key })).status).toBe(200);
  });

  it('quota: exactly the daily quota is served under concurrency across both processes, then 429 quota_exceeded until 00:00 UTC', async () => {
    const quota = 25;
    const { key, accountId } = await createTestKey(t.db, { dailyQuota: quota, burstPerSecond: 100_000 });
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).get('/api/v1/markets', { key })));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(quota);
    const refused = responses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(60 - quota);
    const r = refused[0]!;
    expect(r.body.error!.code).toBe('quota_exceeded');
    expect(r.body.error!.message).toContain(nextMidnightUtc());
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    const retryAfter = Number(r.headers.get('retry-after'));
    const secondsToMidnight = (Date.parse(nextMidnightUtc()) - Date.now()) / 1000;
    expect(Math.abs(retryAfter - secondsToMidnight)).toBeLessThan(5);
    const counted = await t.db('account_usage').where({ account_id: accountId }).first('requests');
    expect(Number(counted.requests)).toBe(quota);
  });

  it('the quota is per account: every key of the account draws on it; /me shows per-key usage', async () => {
    const { key, accountId } = await createTestKey(t.db, { dailyQuota: 6, burstPerSecond: 1000 });
    const { createApiKey } = await import('../../src/auth/keys.js');
    const second = await createApiKey(t.db, accountId, 'second');
    for (let i = 0; i < 3; i += 1) expect((await a.get('/api/v1/markets', { key })).status).toBe(200);
    const me = await b.get<{ usage: { today: number; total: number; accountToday: number; remainingToday: number } }>('/api/v1/me', { key: second.key });
    expect(me.body.usage).toMatchObject({ today: 1, total: 1, accountToday: 4, remainingToday: 2 });
    expect((await a.get('/api/v1/markets', { key })).status).toBe(200);
    expect((await a.get('/api/v1/markets', { key: second.key })).status).toBe(200);
    expect((await a.get('/api/v1/markets', { key })).body.error?.code).toBe('quota_exceeded');
  });
});
