import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { constantRateLoad, quantile } from '../../../bench/lib/constant-rate.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A loopback server answering one request at a time, each `serviceMs` after the previous one. */
async function serialServer(serviceMs: number): Promise<string> {
  let queue = Promise.resolve();
  const server = http.createServer((req, res) => {
    queue = queue.then(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            res.writeHead(req.url === '/fail' ? 503 : 200, { 'content-type': 'text/plain' });
            res.end('x'.repeat(2_000));
            resolve();
          }, serviceMs),
        ),
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('quantile', () => {
  it('is the smallest value with the requested share at or below it', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile(values, 1)).toBe(100);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('constantRateLoad', () => {
  it('counts the time requests wait behind a server that cannot keep up (no coordinated omission)', async () => {
    // Capacity 50 req/s, offered 100 req/s for one second: request i is due at 10·i ms and done at
    // about 20·(i+1) ms, so the last ones have waited about a second.
    const url = await serialServer(20);
    const result = await constantRateLoad(url, ['/'], {}, { rate: 100, durationS: 1 });
    expect(result.completed).toBe(100);
    expect(result.errors).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result.p99).toBeGreaterThanOrEqual(700);
    expect(result.max).toBeGreaterThanOrEqual(result.p99);
    expect(result.achievedRps).toBeLessThanOrEqual(55);
  });

  it('spreads requests evenly and reports non-2xx answers', async () => {
    const url = await serialServer(1);
    const result = await constantRateLoad(url, ['/', '/fail'], {}, { rate: 50, durationS: 1 });
    expect(result.completed).toBe(50);
    expect(result.non2xx).toBe(25);
    // Sent one every 20 ms, never in a burst: the last answer comes about a second after the first send.
    expect(result.achievedRps).toBeGreaterThan(35);
    expect(result.achievedRps).toBeLessThanOrEqual(52);
  });

  it('counts refused connections as errors and still finishes', async () => {
    const url = await serialServer(1);
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    const result = await constantRateLoad(url, ['/'], {}, { rate: 20, durationS: 0.5 });
    expect(result.errors).toBe(10);
    expect(result.completed).toBe(0);
  });

  it('reads chunked and Connection: close answers, and counts a connection cut mid-answer as an error', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('a'.repeat(70_000));
        setImmediate(() => res.end('b'.repeat(10)));
      } else if (req.url === '/close') {
        res.writeHead(200, { connection: 'close', 'content-length': '2' });
        res.end('ok');
      } else {
        res.writeHead(200, { 'content-length': '100' });
        res.write('only part of it');
        setImmediate(() => res.destroy());
      }
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const result = await constantRateLoad(url, ['/chunked', '/close', '/cut'], {}, { rate: 60, durationS: 0.5, maxSockets: 2 });
    expect(result.completed).toBe(20);
    expect(result.errors).toBe(10);
    expect(result.non2xx).toBe(0);
  });
});
