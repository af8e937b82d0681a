import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { compression, COMPRESSION_THRESHOLD_BYTES } from '../../src/api/middleware/compression.js';
import { loadConfig } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/knex.js';
import { silentLogger } from '../../src/log.js';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: Buffer;
}

/** node:http, not fetch: fetch asks for gzip itself and hides the encoded bytes. */
function request(url: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url + path, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decoded(res: RawResponse): string {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return zlib.brotliDecompressSync(res.bytes).toString('utf8');
  if (encoding === 'gzip') return zlib.gunzipSync(res.bytes).toString('utf8');
  return res.bytes.toString('utf8');
}

function listen(app: Koa): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}

describe('compression middleware', () => {
  const large = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: `SEC:${i}`, name: 'Société Générale – ☃' })) });
  let server: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    const app = new Koa();
    app.use(compression());
    app.use((ctx) => {
      if (ctx.path === '/string') {
        ctx.type = 'application/json; charset=utf-8';
        ctx.body = large;
      } else if (ctx.path === '/object') ctx.body = JSON.parse(large) as object;
      else if (ctx.path === '/small') ctx.body = { ok: true, pad: 'x'.repeat(COMPRESSION_THRESHOLD_BYTES - 30) };
      else if (ctx.path === '/stream') ctx.body = Readable.from([large]);
      else if (ctx.path === '/etag') {
        ctx.set('ETag', '"v1"');
        ctx.type = 'text/html';
        ctx.body = large;
      }
    });
    server = await listen(app);
  });
  afterAll(() => server.close());

  it('sends brotli or gzip as the client prefers, with the same bytes once decoded and the type kept', async () => {
    for (const [accept, expected] of [
      ['br', 'br'],
      ['gzip, deflate', 'gzip'],
      ['gzip;q=0.5, br', 'br'],
      ['br;q=0, gzip', 'gzip'],
    ] as const) {
      const res = await request(server.url, '/string', { 'Accept-Encoding': accept });
      expect(res.headers['content-encoding'], accept).toBe(expected);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers.vary).toBe('Accept-Encoding');
      expect(Number(res.headers['content-length'])).toBe(res.bytes.length);
      expect(res.bytes.length).toBeLessThan(Buffer.byteLength(large) / 5);
      expect(decoded(res)).toBe(large);
    }
  });

  it('serializes object bodies as Koa would before compressing them', async () => {
    const res = await request(server.url, '/object', { 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(decoded(res)).toBe(large);
  });

  it('leaves the body alone without Accept-Encoding, for identity or unknown codings, and under 1 KB', async () => {
    for (const headers of [{} as Record<string, string>, { 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': 'deflate' }, { 'Accept-Encoding': 'gzip;q=0, br;q=0' }]) {
      const res = await request(server.url, '/string', headers);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.bytes.toString('utf8')).toBe(large);
      expect(res.headers.vary).toBe('Accept-Encoding');
    }
    const small = await request(server.url, '/small', { 'Accept-Encoding': 'br, gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.bytes.toString('utf8'))).toMatchObject({ ok: true });
  });

  it('passes streams and bodies with their own ETag through untouched', async () => {
    for (const path of ['/stream', '/etag']) {
      const res = await request(server.url, path, { 'Accept-Encoding': 'gzip' });
      expect(res.headers['content-encoding'], path).toBeUndefined();
      expect(res.bytes.toString('utf8')).toBe(large);
    }
  });

  it('answers HEAD with the headers GET would send', async () => {
    const get = await request(server.url, '/string', { 'Accept-Encoding': 'gzip' });
    const head = await request(server.url, '/string', { 'Accept-Encoding': 'gzip' }, 'HEAD');
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.bytes.length).toBe(0);
  });
});

describe('the API app compresses what it serves', () => {
  // Public routes only: the database is never reached (knex connects on the first query).
  let db: Db;
  let server: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    db = createDb('postgres://nobody@127.0.0.1:1/unused', 1);
    server = await listen(createApp({ db, config: loadConfig({}), log: silentLogger }) as unknown as Koa);
  });
  afterAll(async () => {
    await server.close();
    await db.destroy();
  });

  it('the OpenAPI document and the /docs page, identical once decoded; a small 404 goes as is', async () => {
    const plain = await request(server.url, '/api/v1/openapi.json');
    const br = await request(server.url, '/api/v1/openapi.json', { 'Accept-Encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['x-request-id']).toBeTruthy();
    expect(JSON.parse(decoded(br))).toEqual(JSON.parse(plain.bytes.toString('utf8')));

    const docs = await request(server.url, '/docs', { 'Accept-Encoding': 'gzip' });
    expect(docs.headers['content-encoding']).toBe('gzip');
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    expect(decoded(docs)).toContain('<html');

    const missing = await request(server.url, '/api/v1/nothing-here', { 'Accept-Encoding': 'gzip' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(missing.bytes.toString('utf8')).error.code).toBeTruthy();
  });
});
