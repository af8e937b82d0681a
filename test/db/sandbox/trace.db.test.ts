import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxCommand } from '../../../src/cli/commands/sandbox.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { parseChallenge } from '../../../src/sandbox/challenge.js';
import { loadSandboxKeys } from '../../../src/sandbox/keys.js';
import { purgeExpiredCalls } from '../../../src/sandbox/usage.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { freshBrowserUa, sandboxGet, solvedGet, solvedProof } from './client.js';
import { seedSandboxFixtures } from './fixtures.js';
import { startSandboxServer, type SandboxServer } from './server.js';

const HMAC_KEY = 'operator-chosen-secret-of-at-least-32-chars';

describe('sigma sandbox trace', () => {
  let t: TestDatabase;
  let server: SandboxServer;
  const clock = Date.parse('2026-11-20T08:30:00.000Z');
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedSandboxFixtures(t.db);
    server = await startSandboxServer({
      db: t.db,
      env: { SIGMA_SANDBOX_DIFFICULTY: '6', SIGMA_SANDBOX_HMAC_KEY: HMAC_KEY },
      now: () => new Date(clock),
    });
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  function run(argv: string[], env: Record<string, string> = { SIGMA_SANDBOX_HMAC_KEY: HMAC_KEY }) {
    const out: string[] = [];
    const errors: string[] = [];
    const log = createLogger('info', {}, (line) => errors.push(line));
    return sandboxCommand(argv, { db: t.db, config: loadConfig(env), log, print: (line) => out.push(line) }).then((code) => ({
      code,
      out,
      errors,
    }));
  }

  it("recovers the fingerprint hash and day of a response's watermark, with that client's calls", async () => {
    const who = { ua: freshBrowserUa() };
    const proof = await solvedProof(server.baseUrl, who);
    const first = await sandboxGet<{ meta: { watermark: string } }>(server.baseUrl, '/declarations?limit=3', who, proof);
    await solvedGet(server.baseUrl, '/signals?limit=2', who);
    const fingerprint = parseChallenge(proof.challenge)!.fingerprintHash;

    const text = await run(['trace', first.headers.get('x-sigma-watermark')!]);
    expect(text.code).toBe(0);
    expect(text.out.join('\n')).toContain(`fingerprint  ${fingerprint}`);
    expect(text.out.join('\n')).toContain('day          2026-11-20 (UTC)');
    expect(text.out.join('\n')).toMatch(/calls\s+2/);
    expect(text.out.join('\n')).toContain('/declarations?limit=3');

    const json = await run(['trace', first.body.meta.watermark, '--json']);
    expect(JSON.parse(json.out[0]!)).toEqual({
      fingerprintHash: fingerprint,
      day: '2026-11-20',
      calls: [
        { calledAt: '2026-11-20T08:30:00.000Z', route: '/declarations?limit=3', isBot: false, difficulty: 6 },
        { calledAt: '2026-11-20T08:30:00.000Z', route: '/signals?limit=2', isBot: false, difficulty: 6 },
      ],
    });
  });

  it('refuses watermarks it cannot read: altered, or under another key (exit 1)', async () => {
    const who = { ua: freshBrowserUa() };
    const response = await solvedGet(server.baseUrl, '/declarations?limit=1', who);
    const mark = response.headers.get('x-sigma-watermark')!;
    const otherKey = await run(['trace', mark], { SIGMA_SANDBOX_HMAC_KEY: 'x'.repeat(40) });
    expect(otherKey.code).toBe(1);
    expect(otherKey.errors.join('\n')).toMatch(/does not decrypt/);
    // Without a configured key, trace uses the database key, which is not the one this server used.
    expect((await run(['trace', mark], {})).code).toBe(1);
    expect((await run(['trace', 'garbage'])).code).toBe(1);
  });

  it('prints usage for a missing or unknown subcommand (exit 2)', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['trace'])).code).toBe(2);
    const help = await run(['help']);
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toMatch(/usage: sigma sandbox trace WATERMARK/);
  });

  it('keeps the call log only until its expiry', async () => {
    const before = (await t.db('sandbox_calls').count({ n: '*' }))[0] as { n: number };
    expect(before.n).toBeGreaterThan(0);
    expect(await purgeExpiredCalls(t.db, new Date(clock + 29 * 86_400_000))).toBe(0);
    expect(await purgeExpiredCalls(t.db, new Date(clock + 31 * 86_400_000))).toBe(before.n);
  });

  it('generates the master key once and keeps it in the database when none is configured', async () => {
    const first = await loadSandboxKeys(t.db, undefined);
    const second = await loadSandboxKeys(t.db, undefined);
    expect(first.origin).toBe('database');
    expect(first.signing.equals(second.signing)).toBe(true);
    const configured = await loadSandboxKeys(t.db, HMAC_KEY);
    expect(configured.origin).toBe('config');
    expect(configured.signing.equals(first.signing)).toBe(false);
  });
});
