import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, HttpError, parseRetryAfter } from '../../../src/http/client.js';
import { RateLimiter } from '../../../src/http/rate-limiter.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

let server: LoopbackServer;
beforeEach(async () => {
  server = await startLoopbackServer();
});
afterEach(async () => server.close());

const client = (overrides: Partial<Parameters<typeof createHttpClient>[0]> = {}) =>
  createHttpClient({ userAgent: 'Sigma test ops@example.org', timeoutMs: 2000, retries: 3, backoffBaseMs: 10, defaultPerSecond: 1000, ...overrides });

describe('polite HTTP client', () => {
  it('declares its User-Agent, asks for gzip and decodes it', async () => {
    server.route('/doc', { body: 'hello '.repeat(100) });
    const res = await client().get(`${server.baseUrl}/doc`);
    expect(res.text()).toBe('hello '.repeat(100));
    expect(server.requests[0]!.headers['user-agent']).toBe('Sigma test ops@example.org');
    expect(server.requests[0]!.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('honours Retry-After on 429 before retrying', async () => {
    server.route('/busy', { body: 'ok' });
    server.failNext('/busy', 1, { status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const res = await client().get(`${server.baseUrl}/busy`);
    expect(res.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('retries a 500 and then succeeds', async () => {
    server.route('/flaky', { body: 'fine' });
    server.failNext('/flaky', 2, { status: 500 });
    const res = await client().get(`${server.baseUrl}/flaky`);
    expect(res.text()).toBe('fine');
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after its retries with the status and URL in the error', async () => {
    server.failNext('/down', 10, { status: 503 });
    await expect(client({ retries: 2 }).get(`${server.baseUrl}/down`)).rejects.toMatchObject({
      name: 'HttpError',
      status: 503,
      message: expect.stringContaining('/down'),
    });
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 403 or 404', async () => {
    server.route('/forbidden', { status: 403 });
    await expect(client().get(`${server.baseUrl}/forbidden`)).rejects.toBeInstanceOf(HttpError);
    expect(server.requests).toHaveLength(1);
  });

  it('times out a hung request and retries it', async () => {
    server.route('/slow', { body: 'late', delayMs: 400 });
    await expect(client({ timeoutMs: 100, retries: 1 }).get(`${server.baseUrl}/slow`)).rejects.toMatchObject({ status: null });
    expect(server.requests).toHaveLength(2);
  });

  it('spaces requests to one host by its rate limit', async () => {
    server.route('/r', { body: 'x' });
    const http = client({ perHostPerSecond: { [new URL(server.baseUrl).host]: 20 } });
    await Promise.all(Array.from({ length: 6 }, () => http.get(`${server.baseUrl}/r`)));
    const times = server.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(5 * 50 - 15);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

describe('RateLimiter', () => {
  it('hands out slots 1/rate apart', async () => {
    let now = 0;
    const limiter = new RateLimiter(10, () => now);
    await limiter.acquire();
    const second = limiter.acquire();
    now = 100;
    await second;
    expect(() => new RateLimiter(0)).toThrow();
  });
});
