import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApi } from '../../../src/api/server.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import { createSandboxRouters } from '../../../src/sandbox/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { BROWSER_UA, sandboxGet, solvedProof } from './client.js';
import { seedSandboxFixtures } from './fixtures.js';

describe('the sandbox as `sigma serve` mounts it', () => {
  let t: TestDatabase;
  let api: RunningApi;
  let base: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedSandboxFixtures(t.db);
    const config = loadConfig({ SIGMA_SANDBOX_DIFFICULTY: '8' });
    api = await startApiServer({ db: t.db, config, log: silentLogger, port: 0, extraRouters: createSandboxRouters({ db: t.db, config, log: silentLogger }) });
    base = api.url.replace('localhost', '127.0.0.1');
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('serves the playground at /, every sandbox route of READ_ROUTES, and still the keyed API and /docs', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>Sigma</h1>');
    const who = { ua: BROWSER_UA };
    for (const path of ['/declarations?limit=3', '/signals', '/companies', '/markets', '/search?q=acme']) {
      const proof = await solvedProof(base, who);
      const response = await sandboxGet(base, path, who, proof);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('x-sigma-watermark'), path).toMatch(/^w1\./);
    }
    const keyOnly = await sandboxGet(base, '/me', who, await solvedProof(base, who));
    expect(keyOnly.body.error.code).toBe('sandbox_route_not_available');
    expect((await fetch(`${base}/api/v1/declarations`)).status).toBe(401);
    expect((await fetch(`${base}/docs`)).status).toBe(200);
  });
});
