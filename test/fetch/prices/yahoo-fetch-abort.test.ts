import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/http/rate-limiter.js';
import { createYahooFetch } from '../../../src/prices/yahoo-fetch.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

let server: LoopbackServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('Yahoo fetch stop signal', () => {
  it('abandons retries and back-off as soon as the job is stopped (shutdown never waits on Yahoo)', async () => {
    server = await startLoopbackServer();
    server.route('/v8/finance/chart/AAPL', { status: 503, body: 'busy' });
    const stop = new AbortController();
    const yahooFetch = createYahooFetch({
      baseUrl: server.baseUrl,
      limiter: new RateLimiter(100),
      timeoutMs: 5_000,
      retries: 5,
      backoffBaseMs: 10_000,
      signal: stop.signal,
    });
    const started = Date.now();
    const pending = yahooFetch('https://query2.finance.yahoo.com/v8/finance/chart/AAPL?interval=1d');
    setTimeout(() => stop.abort(new Error('shutting down')), 200);
    await expect(pending).rejects.toThrow(/shutting down/);
    // Without the signal the first back-off alone would be 10 s.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.requests).toHaveLength(1);
  });
});
