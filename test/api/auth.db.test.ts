import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, ensureFirstAccount } from '../../src/auth/accounts.js';
import { createApiKey, generateApiKey, KeyLimitError, listApiKeys, MAX_ACTIVE_KEYS_PER_ACCOUNT, revokeApiKey } from '../../src/auth/keys.js';
import { INVALID_KEY_MESSAGE } from '../../src/api/errors.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';

describe('API keys and authentication', () => {
  let t: TestDatabase;
  let api: TestApi;
  let key: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    ({ key } = await createTestKey(t.db));
    api = await startTestApi(t.db);
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('ensureFirstAccount creates one account and one key on an empty database, and nothing after', async () => {
    const fresh = await createTestDatabase(2);
    try {
      const [a, b] = await Promise.all([ensureFirstAccount(fresh.db), ensureFirstAccount(fresh.db)]);
      const keys = [a.key, b.key].filter((k) => k !== null);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^sit_live_[0-9A-Za-z]{32}$/);
      expect(a.accountId).toBe(b.accountId);
      expect(await fresh.db('accounts').count({ n: '*' })).toEqual([{ n: 1 }]);
      expect((await ensureFirstAccount(fresh.db)).key).toBeNull();
    } finally {
      await fresh.drop();
    }
  });

  it('stores only the SHA-256 of a key, never the key', async () => {
    const account = await createAccount(t.db, { name: 'hash check' });
    const created = await createApiKey(t.db, account.id, 'k');
    const row = await t.db('api_keys').where({ id: created.id }).first();
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.key.slice(9));
    expect(row.prefix).toBe(created.key.slice(0, 13));
  });

  it('keys are sit_live_ + 32 base62 characters, all different', () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(k).toMatch(/^sit_live_[0-9A-Za-z]{32}$/);
  });

  it('accepts the key as Bearer, as X-Api-Key, or both when equal', async () => {
    expect((await api.get('/api/v1/me', { key })).status).toBe(200);
    expect((await api.get('/api/v1/me', { key: null, headers: { 'X-Api-Key': key } })).status).toBe(200);
    expect((await api.get('/api/v1/me', { key, headers: { 'X-Api-Key': key } })).status).toBe(200);
  });

  it('refuses two different keys in the two headers', async () => {
    const other = await createTestKey(t.db, { name: 'other' });
    const res = await api.get('/api/v1/me', { key, headers: { 'X-Api-Key': other.key } });
    expect(res.status).toBe(401);
    expect(res.body.error!.code).toBe('invalid_api_key');
    expect(res.body.error!.message).toMatch(/different keys/);
  });

  it('401 missing_api_key without a key, with the error envelope and request id', async () => {
    const res = await api.get('/api/v1/declarations', { key: null });
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({
      code: 'missing_api_key',
      message: expect.stringContaining('Bearer'),
      status: 401,
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('gives malformed, unknown and revoked keys the same 401', async () => {
    const account = await createAccount(t.db, { name: 'revoked' });
    const revoked = await createApiKey(t.db, account.id, 'to revoke');
    expect((await api.get('/api/v1/me', { key: revoked.key })).status).toBe(200);
    expect(await revokeApiKey(t.db, revoked.id)).toBe(true);
    expect(await revokeApiKey(t.db, revoked.id)).toBe(false);
    for (const bad of ['nope', 'sit_live_short', generateApiKey(), revoked.key]) {
      const res = await api.get('/api/v1/me', { key: bad });
      expect(res.status, bad).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'invalid_api_key', message: INVALID_KEY_MESSAGE });
    }
    const basic = await api.get('/api/v1/me', { key: null, headers: { Authorization: 'Basic abc' } });
    expect(basic.body.error!.code).toBe('invalid_api_key');
    // revoked keys stay listed, as history
    const listed = (await listApiKeys(t.db, { accountId: account.id }))[0]!;
    expect(listed).toMatchObject({ id: revoked.id, name: 'to revoke' });
    expect(listed.revokedAt).toBeInstanceOf(Date);
    expect(listed.lastUsedAt).toBeInstanceOf(Date);
    expect(listed.requestsTotal).toBe(1);
  });

  it(`allows at most ${MAX_ACTIVE_KEYS_PER_ACCOUNT} active keys per account, even when created concurrently`, async () => {
    const account = await createAccount(t.db, { name: 'many keys' });
    const results = await Promise.allSettled(Array.from({ length: 14 }, (_, i) => createApiKey(t.db, account.id, `k${i}`)));
    const created = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(created).toHaveLength(MAX_ACTIVE_KEYS_PER_ACCOUNT);
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(KeyLimitError);
      expect(String(r.reason.message)).toMatch(/already has 10 active keys.*revoke one/);
    }
    const first = (created[0] as PromiseFulfilledResult<{ id: number }>).value;
    await revokeApiKey(t.db, first.id);
    await expect(createApiKey(t.db, account.id, 'after revoke')).resolves.toMatchObject({ name: 'after revoke' });
  });

  it('/health needs no key', async () => {
    expect((await api.get('/api/v1/health', { key: null })).status).toBe(200);
  });
});
