import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsCommand } from '../../src/cli/commands/accounts.js';
import { keysCommand } from '../../src/cli/commands/keys.js';
import { startApiServer } from '../../src/api/server.js';
import { usageCommand } from '../../src/cli/commands/usage.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('sigma accounts / keys / usage', () => {
  let t: TestDatabase;
  let lines: string[];
  const deps = () => ({ db: t.db, config: loadConfig({ PORT: '0', HOST: '127.0.0.1' }), log: silentLogger, out: (s: string) => lines.push(s) });

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('creates an account and a key, prints the key once, lists and revokes it, shows top usage', async () => {
    lines = [];
    expect(await accountsCommand(['create', '--name', 'Quant Desk', '--plan', 'free', '--daily-quota', '500'], deps())).toBe(0);
    expect(lines[0]).toMatch(/^account (\d+) created: "Quant Desk", plan free \(500 requests\/day, 10\/s per key\)/);
    const accountId = /^account (\d+)/.exec(lines[0]!)![1]!;

    lines = [];
    expect(await keysCommand(['create', '--account', accountId, '--name', 'research'], deps())).toBe(0);
    const key = lines.map((l) => l.trim()).find((l) => /^sit_live_[0-9A-Za-z]{32}$/.test(l))!;
    expect(key).toBeDefined();

    // use the key through a real server, as `sigma serve` starts it
    const announced: string[] = [];
    const api = await startApiServer({ ...deps(), announceFirstKey: (_id, k) => announced.push(k) });
    expect(announced).toEqual([]); // accounts already exist
    const res = await fetch(`${api.url}/api/v1/me`, { headers: { 'X-Api-Key': key } });
    expect(res.status).toBe(200);
    await api.close();

    lines = [];
    expect(await keysCommand(['list', '--account', accountId], deps())).toBe(0);
    const listed = lines.join('\n');
    expect(listed).toContain(`${key.slice(0, 13)}…`);
    expect(listed).not.toContain(key);
    expect(listed).toMatch(/research/);

    lines = [];
    expect(await usageCommand(['--top', '5'], deps())).toBe(0);
    expect(lines.join('\n')).toMatch(/1\s+\d+ sit_live_\w{4}…\s+research\s+\d+ Quant Desk\s+1\s+1/);

    const keyId = /^key (\d+)/.exec((await (async () => {
      lines = [];
      await keysCommand(['create', '--account', accountId, '--name', 'second'], deps());
      return lines[0]!;
    })()))![1]!;
    lines = [];
    expect(await keysCommand(['revoke', keyId], deps())).toBe(0);
    expect(lines[0]).toContain('revoked');
    lines = [];
    await keysCommand(['list'], deps());
    expect(lines.join('\n')).toMatch(new RegExp(`${keyId}\\s.*second.*\\d{4}-\\d{2}-\\d{2}T.*Z`));
  });

  it('bad arguments print usage and exit 2; refusals exit 1 with a clear message', async () => {
    lines = [];
    expect(await keysCommand(['create', '--name', 'x'], deps())).toBe(2);
    expect(lines.join('\n')).toContain('usage:');
    expect(await keysCommand(['create', '--account', 'abc', '--name', 'x'], deps())).toBe(2);
    expect(await accountsCommand(['create', '--name', 'x', '--plan', 'gold'], deps())).toBe(1);
    expect(await usageCommand(['--period', 'week'], deps())).toBe(2);
    expect(await keysCommand(['revoke', '999999'], deps())).toBe(1);
    expect(await keysCommand(['frobnicate'], deps())).toBe(2);
  });
});
