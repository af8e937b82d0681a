import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChallenge, solveChallenge } from '../../../src/sandbox/challenge.js';
import type { CaptchaVerifier } from '../../../src/sandbox/captcha.js';
import { loadSandboxKeys } from '../../../src/sandbox/keys.js';
import { readWatermark } from '../../../src/sandbox/watermark.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import {
  freshBrowserUa,
  offer,
  requestChallenge,
  sandboxGet,
  solvedGet,
  solvedProof,
  type ClientIdentity,
} from './client.js';
import { seedSandboxFixtures, type SeededData } from './fixtures.js';
import { startSandboxServer, type SandboxServer } from './server.js';

// Small work so the suite stays fast; one test below runs the real 16-bit default. Every test
// client calls from 127.0.0.1, so the per-address ceiling is raised except where it is tested.
const FAST = { SIGMA_SANDBOX_DIFFICULTY: '6', SIGMA_SANDBOX_DIFFICULTY_STEP: '4', SIGMA_SANDBOX_ADDRESS_DAILY_CAP: '1000' };
const HOUR = 3_600_000;

let t: TestDatabase;
let seeded: SeededData;
let clock = Date.parse('2026-11-22T09:00:00.000Z');
const now = () => new Date(clock);
const servers: SandboxServer[] = [];

async function server(env: Record<string, string> = {}, extra: { captchaVerifier?: CaptchaVerifier } = {}): Promise<string> {
  const s = await startSandboxServer({ db: t.db, env: { ...FAST, ...env }, now, ...extra });
  servers.push(s);
  return s.baseUrl;
}

function browser(): ClientIdentity {
  return { ua: freshBrowserUa() };
}

beforeAll(async () => {
  t = await createTestDatabase();
  seeded = await seedSandboxFixtures(t.db);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await t.drop();
});

describe('POST /api/v1/sandbox/challenge', () => {
  let base: string;
  beforeAll(async () => {
    base = await server();
  });

  it('returns a signed challenge, its difficulty, expiry, algorithm and the caller quota', async () => {
    const response = await requestChallenge(base, browser());
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.algorithm).toBe('sha256');
    expect(body.difficulty).toBe(6);
    expect(Date.parse(body.expiresAt) - clock).toBeGreaterThan(599_000);
    expect(Date.parse(body.expiresAt) - clock).toBeLessThanOrEqual(600_000);
    expect(parseChallenge(body.challenge)).not.toBeNull();
    expect(body.quota).toEqual({ limit: 10, used: 0, remaining: 10, resetAt: null });
    expect(body.captcha).toBeNull();
    expect(body.meta.requestId).toBe(response.headers.get('x-request-id'));
    expect(Object.keys(body.meta.dataFreshness)).toEqual(expect.arrayContaining(['sec', 'prices', 'fx', 'scoring', 'backtest']));
    expect(body.meta.watermark).toBe(response.headers.get('x-sigma-watermark'));
    expect(response.headers.get('x-ratelimit-limit')).toBe('10');
  });

  it('binds the challenge to the caller: two clients get different fingerprints', async () => {
    const a = await offer(base, browser());
    const b = await offer(base, browser());
    expect(parseChallenge(a.challenge)!.fingerprintHash).not.toBe(parseChallenge(b.challenge)!.fingerprintHash);
  });
});

describe('a sandbox call with a valid proof', () => {
  let base: string;
  beforeAll(async () => {
    base = await server();
  });

  it('serves the same route as the keyed API, watermarked, with the limit capped at 10', async () => {
    const who = browser();
    const response = await solvedGet<{ items: Array<{ id: string }>; limit: number; total: number; meta: Record<string, unknown> }>(
      base,
      '/declarations',
      who,
    );
    expect(response.status).toBe(200);
    expect(response.body.items.map((d) => d.id)).toEqual(seeded.declarationIds);
    expect(response.body.limit).toBe(10);
    expect(response.body.total).toBe(5);
    expect(response.body.meta).toMatchObject({ requestId: response.headers.get('x-request-id') });
    expect(response.body.meta.watermark).toBe(response.headers.get('x-sigma-watermark'));
    expect(Object.keys(response.body.meta.dataFreshness as object)).toEqual(['sec', 'amf', 'prices', 'fx', 'scoring', 'backtest']);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('9');
    expect(Date.parse(response.headers.get('x-ratelimit-reset')!)).toBe(clock + 24 * HOUR);
  });

  it("applies the keyed API's own validation, and leaves the keyed API itself behind its key", async () => {
    const who = browser();
    const proof = await solvedProof(base, who);
    const unknown = await sandboxGet(base, '/declarations?limit=2&colour=blue', who, proof);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('invalid_parameter');
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ parameter: 'colour' })]);
    expect((await sandboxGet(base, '/declarations?limit=2', who, proof)).status).toBe(200);
    const keyed = await fetch(`${base}/api/v1/declarations`, { headers: { 'User-Agent': who.ua } });
    expect(keyed.status).toBe(401);
  });

  it('passes path parameters and returns the nine score factors', async () => {
    const response = await solvedGet<{ factors: Array<{ key: string; points: number; cap: number; rationale: string }> }>(
      base,
      `/declarations/${encodeURIComponent(seeded.scoredId)}/score`,
      browser(),
    );
    expect(response.status).toBe(200);
    expect(response.body.factors).toHaveLength(9);
    expect(response.body.factors[0]).toMatchObject({ key: 'role', cap: 12, rationale: expect.stringContaining('role') });
  });

  it("passes the handler's own 404 through in the envelope, and counts the call", async () => {
    const who = browser();
    const response = await solvedGet(base, '/declarations/SEC:nope/score', who);
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'declaration_not_found', status: 404 });
    expect((await offer(base, who)).quota.used).toBe(1);
  });

  it('refuses a listing limit above 10 with a 400 that names the parameter, without spending the challenge', async () => {
    const who = browser();
    const proof = await solvedProof(base, who);
    const tooMany = await sandboxGet(base, '/declarations?limit=11', who, proof);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('invalid_parameter');
    expect(tooMany.body.error.details).toEqual([expect.objectContaining({ parameter: 'limit' })]);
    expect(tooMany.body.error.message).toMatch(/at most|maximum/);
    const zero = await sandboxGet(base, '/declarations?limit=0', who, proof);
    expect(zero.status).toBe(400);
    expect(zero.body.error.code).toBe('invalid_parameter');
    const ok = await sandboxGet<{ items: unknown[] }>(base, '/declarations?limit=2', who, proof);
    expect(ok.status).toBe(200);
    expect(ok.body.items).toHaveLength(2);
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('9');
  });

  it('caps the limit of any route that takes one, listing or not (/search)', async () => {
    const who = browser();
    const proof = await solvedProof(base, who);
    const tooMany = await sandboxGet(base, '/search?q=acme&limit=20', who, proof);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details).toEqual([expect.objectContaining({ parameter: 'limit' })]);
    const ok = await sandboxGet<{ companies: Array<{ slug: string }> }>(base, '/search?q=acme', who, proof);
    expect(ok.status).toBe(200);
    expect(ok.body.companies.map((c) => c.slug)).toEqual([seeded.companySlug]);
  });

  it('caps /signals the same way and serves a company flow', async () => {
    const who = browser();
    const signals = await solvedGet<{ items: Array<{ id: string }>; limit: number }>(base, '/signals', who);
    expect(signals.status).toBe(200);
    expect(signals.body.limit).toBe(10);
    expect(signals.body.items[0]!.id).toBe(seeded.scoredId);
    const flow = await solvedGet<{ buckets: unknown[] }>(base, `/companies/${seeded.companySlug}/flow`, who);
    expect(flow.status).toBe(200);
    expect(flow.body.buckets.length).toBeGreaterThan(0);
  });
});

describe('refusals, each with its own code', () => {
  let base: string;
  beforeAll(async () => {
    base = await server();
  });

  it('no proof: 401 sandbox_proof_missing naming the missing headers, in the error envelope', async () => {
    const response = await sandboxGet(base, '/declarations', browser());
    expect(response.status).toBe(401);
    expect(response.body.error).toEqual({
      code: 'sandbox_proof_missing',
      message: expect.stringContaining('POST /api/v1/sandbox/challenge'),
      status: 401,
      requestId: response.headers.get('x-request-id'),
      details: { missing: ['X-Sandbox-POW-Challenge', 'X-Sandbox-POW-Solution'] },
    });
    // Refusals are watermarked too: the header is set as soon as the caller is identified.
    expect(response.headers.get('x-sigma-watermark')).toMatch(/^w1\./);
  });

  it('malformed challenge: 400 sandbox_challenge_malformed', async () => {
    const response = await sandboxGet(base, '/declarations', browser(), { challenge: 'hello', solution: '1' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('sandbox_challenge_malformed');
  });

  it('bad signature: 403 sandbox_challenge_signature_invalid', async () => {
    const who = browser();
    const o = await offer(base, who);
    const tampered = o.challenge.replace(`.${o.difficulty}.`, '.1.');
    const response = await sandboxGet(base, '/declarations', who, { challenge: tampered, solution: solveChallenge(tampered, 1) });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('sandbox_challenge_signature_invalid');
  });

  it('expired: 403 sandbox_challenge_expired after 10 minutes', async () => {
    const who = browser();
    const proof = await solvedProof(base, who);
    clock += 10 * 60_000;
    const response = await sandboxGet(base, '/declarations', who, proof);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('sandbox_challenge_expired');
    expect(response.body.error.message).toMatch(/Request a new one/);
  });

  it('wrong fingerprint: 403 sandbox_fingerprint_mismatch for another User-Agent', async () => {
    const proof = await solvedProof(base, browser());
    const response = await sandboxGet(base, '/declarations', browser(), proof);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('sandbox_fingerprint_mismatch');
  });

  it('too few zeros: 403 sandbox_solution_incorrect', async () => {
    const who = browser();
    const o = await offer(base, who);
    let wrong = 0;
    while (solveChallenge(o.challenge, o.difficulty, wrong) === String(wrong)) wrong += 1;
    const response = await sandboxGet(base, '/declarations', who, { challenge: o.challenge, solution: String(wrong) });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('sandbox_solution_incorrect');
  });

  it('replay: a solved challenge works once; a second use is 403 sandbox_challenge_replayed', async () => {
    const who = browser();
    const proof = await solvedProof(base, who);
    expect((await sandboxGet(base, '/declarations', who, proof)).status).toBe(200);
    const again = await sandboxGet(base, '/signals', who, proof);
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('sandbox_challenge_replayed');
  });

  it('concurrent replays: of eight simultaneous uses of one proof, exactly one is served', async () => {
    const who = browser();
    const proof = await solvedProof(base, who);
    const responses = await Promise.all(Array.from({ length: 8 }, () => sandboxGet(base, '/declarations?limit=1', who, proof)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.body.error?.code === 'sandbox_challenge_replayed')).toHaveLength(7);
    expect((await offer(base, who)).quota.used).toBe(1);
  });

  it('routes that are never anonymous: export, MCP, webhooks and keyed-only routes are 403; unknown paths 404', async () => {
    const who = browser();
    const proof = await solvedProof(base, who);
    for (const path of ['/export/declarations', '/mcp', '/webhooks', '/webhooks/123', '/me']) {
      const response = await sandboxGet(base, path, who, proof);
      expect(response.status, path).toBe(403);
      expect(response.body.error.code, path).toBe('sandbox_route_not_available');
      expect(response.body.error.message, path).toMatch(/API key/);
    }
    const unknown = await sandboxGet(base, '/nothing-here', who, proof);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    // None of those spent the proof.
    expect((await sandboxGet(base, '/declarations', who, proof)).status).toBe(200);
  });
});

describe('caps over a sliding 24 hours', () => {
  let base: string;
  beforeAll(async () => {
    base = await server();
  });

  it('allows 10 calls per fingerprint, then 429 sandbox_daily_cap_reached until the oldest call is 24 h old', async () => {
    const who = browser();
    const start = clock;
    expect((await solvedGet(base, '/declarations?limit=1', who)).status).toBe(200);
    clock += HOUR;
    for (let call = 2; call <= 10; call += 1) {
      const response = await solvedGet(base, '/declarations?limit=1', who);
      expect(response.status, `call ${call}`).toBe(200);
      expect(response.headers.get('x-ratelimit-remaining')).toBe(String(10 - call));
    }
    const spare = await solvedProof(base, browser()); // another client is unaffected
    expect(spare.offer.quota.used).toBe(0);

    const refusedOffer = await requestChallenge(base, who);
    expect(refusedOffer.status).toBe(429);
    expect(refusedOffer.body.error.code).toBe('sandbox_daily_cap_reached');
    const retryAfter = Number(refusedOffer.headers.get('retry-after'));
    expect(retryAfter).toBe((start + 24 * HOUR - clock) / 1000);
    expect(refusedOffer.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refusedOffer.headers.get('x-ratelimit-reset')).toBe(new Date(start + 24 * HOUR).toISOString());
    expect(refusedOffer.body.error.message).toMatch(/API key/);

    // A challenge obtained before the cap was reached does not get around it either.
    clock = start + 24 * HOUR - 60_000;
    expect((await requestChallenge(base, who)).status).toBe(429);

    // The first call slides out of the window: exactly one slot frees up.
    clock = start + 24 * HOUR + 1000;
    expect((await solvedGet(base, '/declarations?limit=1', who)).status).toBe(200);
    expect((await requestChallenge(base, who)).status).toBe(429);
  });

  it('refuses an already-issued challenge once the cap is reached', async () => {
    const who = browser();
    const held = await solvedProof(base, who);
    for (let call = 1; call <= 10; call += 1) expect((await solvedGet(base, '/signals?limit=1', who)).status).toBe(200);
    const response = await sandboxGet(base, '/declarations', who, held);
    expect(response.status).toBe(429);
    expect(response.body.error.code).toBe('sandbox_daily_cap_reached');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('holds under concurrency: of 12 simultaneous calls with distinct proofs, exactly 10 are served', async () => {
    const noEscalation = await server({ SIGMA_SANDBOX_ESCALATE_FROM_CALL: '100' });
    const who = browser();
    const proofs = await Promise.all(Array.from({ length: 12 }, () => solvedProof(noEscalation, who)));
    const responses = await Promise.all(proofs.map((proof) => sandboxGet(noEscalation, '/declarations?limit=1', who, proof)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(10);
    expect(responses.filter((r) => r.body.error?.code === 'sandbox_daily_cap_reached')).toHaveLength(2);
  });

  it('bounds one address across User-Agents: 429 sandbox_address_cap_reached once all its clients made the address cap', async () => {
    const office = await server({ SIGMA_TRUSTED_PROXIES: 'loopback', SIGMA_SANDBOX_ADDRESS_DAILY_CAP: '4' });
    const address = '81.2.69.160';
    for (let client = 1; client <= 4; client += 1) {
      expect((await solvedGet(office, '/declarations?limit=1', { ua: freshBrowserUa(), forwardedFor: address })).status).toBe(200);
    }
    const rotated = { ua: freshBrowserUa(), forwardedFor: address };
    const refused = await requestChallenge(office, rotated);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('sandbox_address_cap_reached');
    expect(refused.body.error.message).toMatch(/every browser and User-Agent/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // A neighbour on another address is not affected.
    expect((await solvedGet(office, '/declarations?limit=1', { ua: rotated.ua, forwardedFor: '81.2.69.161' })).status).toBe(200);
  });

  it('gives bot User-Agents 3 calls, then 429 sandbox_bot_cap_reached', async () => {
    const curl = { ua: 'curl/8.5.0' };
    const first = await offer(base, curl);
    expect(first.quota.limit).toBe(3);
    for (let call = 1; call <= 3; call += 1) expect((await solvedGet(base, '/declarations?limit=1', curl)).status).toBe(200);
    const response = await requestChallenge(base, curl);
    expect(response.status).toBe(429);
    expect(response.body.error.code).toBe('sandbox_bot_cap_reached');
    expect(response.body.error.message).toMatch(/automated client/);
  });

  it('from call 6 requires the harder challenge: an old easy one is 403 sandbox_harder_challenge_required', async () => {
    const who = browser();
    const easy = await solvedProof(base, who);
    expect(easy.offer.difficulty).toBe(6);
    for (let call = 1; call <= 5; call += 1) expect((await solvedGet(base, '/declarations?limit=1', who)).status).toBe(200);
    const refused = await sandboxGet(base, '/declarations?limit=1', who, easy);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('sandbox_harder_challenge_required');
    expect(refused.body.error.details).toEqual({ callNumber: 6, requiredDifficulty: 10, challengeDifficulty: 6 });
    const hard = await solvedProof(base, who);
    expect(hard.offer.difficulty).toBe(10);
    expect((await sandboxGet(base, '/declarations?limit=1', who, hard)).status).toBe(200);
  });
});

describe('datacenter and loopback screening', () => {
  it('refuses datacenter addresses seen through a trusted proxy with 403 sandbox_datacenter_ip_denied', async () => {
    const base = await server({ SIGMA_TRUSTED_PROXIES: 'loopback' });
    const aws = { ua: freshBrowserUa(), forwardedFor: '3.120.10.1' };
    const denied = await requestChallenge(base, aws);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('sandbox_datacenter_ip_denied');
    const call = await sandboxGet(base, '/declarations', aws, { challenge: 'x', solution: '1' });
    expect(call.body.error.code).toBe('sandbox_datacenter_ip_denied');
    const home = { ua: aws.ua, forwardedFor: '81.2.69.142' };
    expect((await solvedGet(base, '/declarations?limit=1', home)).status).toBe(200);
    // The address is part of the fingerprint: a proof for one address does not serve another.
    const proof = await solvedProof(base, home);
    const moved = await sandboxGet(base, '/declarations?limit=1', { ua: aws.ua, forwardedFor: '81.2.69.143' }, proof);
    expect(moved.body.error.code).toBe('sandbox_fingerprint_mismatch');
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const base = await server();
    const spoofing = { ua: freshBrowserUa(), forwardedFor: '3.120.10.1' };
    expect((await requestChallenge(base, spoofing)).status).toBe(200);
  });

  it('refuses loopback callers when loopback is not allowed (an undeclared proxy in production)', async () => {
    const base = await server({ SIGMA_SANDBOX_ALLOW_LOOPBACK: 'false' });
    const response = await requestChallenge(base, browser());
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('sandbox_client_ip_unknown');
    expect(response.body.error.message).toMatch(/SIGMA_TRUSTED_PROXIES/);
  });

  it('answers 404 sandbox_disabled when the sandbox is turned off', async () => {
    const base = await server({ SIGMA_SANDBOX_ENABLED: 'false' });
    const response = await requestChallenge(base, browser());
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('sandbox_disabled');
  });
});

describe('captcha on escalated calls (only when a verifier is configured)', () => {
  it('asks for it from call 6, refuses a bad token without spending the proof, accepts a good one', async () => {
    const verified: Array<{ token: string; ip: string }> = [];
    const verifier: CaptchaVerifier = {
      provider: 'test-captcha',
      siteKey: 'site-key',
      scriptOrigin: null,
      async verify(token, ip) {
        verified.push({ token, ip });
        return token === 'good' ? { success: true, reasons: [] } : { success: false, reasons: ['invalid-input-response'] };
      },
    };
    const base = await server({}, { captchaVerifier: verifier });
    const who = browser();
    expect((await offer(base, who)).captcha).toBeNull();
    for (let call = 1; call <= 5; call += 1) expect((await solvedGet(base, '/declarations?limit=1', who)).status).toBe(200);
    expect(verified).toHaveLength(0);

    const proof = await solvedProof(base, who);
    expect(proof.offer.captcha).toEqual({ provider: 'test-captcha', siteKey: 'site-key' });
    const missing = await sandboxGet(base, '/declarations?limit=1', who, proof);
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('sandbox_captcha_required');
    const bad = await sandboxGet(base, '/declarations?limit=1', who, { ...proof, captchaToken: 'bad' });
    expect(bad.status).toBe(403);
    expect(bad.body.error.code).toBe('sandbox_captcha_failed');
    const good = await sandboxGet(base, '/declarations?limit=1', who, { ...proof, captchaToken: 'good' });
    expect(good.status).toBe(200);
    expect(verified).toEqual([
      { token: 'bad', ip: '127.0.0.1' },
      { token: 'good', ip: '127.0.0.1' },
    ]);
  });
});

describe('watermark', () => {
  it("decrypts, with the server's key only, to the caller's fingerprint hash and the UTC day", async () => {
    const base = await server();
    const who = browser();
    const proof = await solvedProof(base, who);
    const response = await sandboxGet<{ meta: { watermark: string } }>(base, '/declarations?limit=1', who, proof);
    const keys = await loadSandboxKeys(t.db, undefined);
    expect(keys.origin).toBe('database');
    expect(readWatermark(keys.watermark, response.body.meta.watermark)).toEqual({
      fingerprintHash: parseChallenge(proof.challenge)!.fingerprintHash,
      day: new Date(clock).toISOString().slice(0, 10),
    });
  });
});

describe('several API processes on one database', () => {
  it('share the generated key, the replay guard and the caps', async () => {
    const a = await server();
    const b = await server();
    const who = browser();
    const proof = await solvedProof(a, who);
    expect((await sandboxGet(b, '/declarations?limit=1', who, proof)).status).toBe(200);
    expect((await sandboxGet(a, '/declarations?limit=1', who, proof)).body.error.code).toBe('sandbox_challenge_replayed');
    expect((await offer(b, who)).quota.used).toBe(1);
  });
});

describe('the real defaults', () => {
  it('issues 16-bit challenges that a solver meets and the server accepts', async () => {
    // Defaults throughout, except the per-address ceiling every earlier test in this file has used up.
    const s = await startSandboxServer({ db: t.db, now, env: { SIGMA_SANDBOX_ADDRESS_DAILY_CAP: '1000' } });
    servers.push(s);
    const who = browser();
    const proof = await solvedProof(s.baseUrl, who);
    expect(proof.offer.difficulty).toBe(16);
    expect((await sandboxGet(s.baseUrl, '/declarations?limit=1', who, proof)).status).toBe(200);
  });
});
