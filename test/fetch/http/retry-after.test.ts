import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/http/client.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

let server: LoopbackServer;
beforeEach(async () => {
  server = await startLoopbackServer();
});
afterEach(async () => server.close());

/** Back-off alone would retry within ~20 ms: any wait near a second comes from Retry-After. */
const client = () =>
  createHttpClient({ userAgent: 'Sigma test ops@example.org', timeoutMs: 5000, retries: 2, backoffBaseMs: 10, defaultPerSecond: 1000 });

describe('Retry-After on 503 Service Unavailable', () => {
  it('waits the seconds the server asks for, then returns the retried body', async () => {
    server.route('/maintenance', { body: 'back online' });
    server.failNext('/maintenance', 1, { status: 503, headers: { 'Retry-After': '1' }, body: 'down for maintenance' });

    const res = await client().get(`${server.baseUrl}/maintenance`);

    expect(res.status).toBe(200);
    expect(res.text()).toBe('back online');
    expect(server.requests).toHaveLength(2);
    const gap = server.requests[1]!.at - server.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(5000);
  });

  it('waits until the HTTP date the server gives, then returns the retried body', async () => {
    let retryAt = 0;
    let served = 0;
    server.route('/maintenance', () => {
      served += 1;
      if (served > 1) return { body: 'back online' };
      // An IMF-fixdate has whole seconds: the next whole second at least 1.5 s ahead.
      retryAt = Math.ceil((Date.now() + 1500) / 1000) * 1000;
      return { status: 503, headers: { 'Retry-After': new Date(retryAt).toUTCString() }, body: 'down for maintenance' };
    });

    const res = await client().get(`${server.baseUrl}/maintenance`);

    expect(res.text()).toBe('back online');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at).toBeGreaterThanOrEqual(retryAt - 50);
    const gap = server.requests[1]!.at - server.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(1400);
    expect(gap).toBeLessThan(6000);
  });
});
