import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createPlaygroundMiddleware, createPlaygroundRouter, playgroundContentSecurityPolicy } from '../../../src/sandbox/playground.js';

describe('playground page handler', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = new Koa();
    app.use(createPlaygroundMiddleware());
    app.use((ctx) => {
      ctx.status = 418;
      ctx.body = 'next';
    });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves the page at / with a strict CSP and no third-party origin', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('http');
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('name="viewport"');
    // No CDN: every script and stylesheet is ours.
    for (const match of html.matchAll(/(?:src|href)="([^"]+)"/g)) expect(match[1]!, match[1]).not.toMatch(/^(https?:)?\/\//);
    // Every form control has a label.
    for (const match of html.matchAll(/<input[^>]*id="([^"]+)"/g)) expect(html).toContain(`for="${match[1]}"`);
  });

  it('serves the script, worker and stylesheet with their types, and 304s on a matching ETag', async () => {
    for (const [file, type] of [
      ['app.js', 'text/javascript; charset=utf-8'],
      ['pow-worker.js', 'text/javascript; charset=utf-8'],
      ['style.css', 'text/css; charset=utf-8'],
    ] as const) {
      const response = await fetch(`${base}/playground/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      const etag = response.headers.get('etag')!;
      const again = await fetch(`${base}/playground/${file}`, { headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
    }
  });

  it('passes everything else on', async () => {
    expect((await fetch(`${base}/playground/../package.json`)).status).toBe(418);
    expect((await fetch(`${base}/playground/secret.js`)).status).toBe(418);
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(418);
  });

  it('as a router, serves the same page and admits Turnstile in the CSP only when a captcha secret is configured', async () => {
    for (const [env, expected] of [
      [{}, "frame-src 'none'"],
      [{ SIGMA_SANDBOX_CAPTCHA_SECRET: 'x' }, 'frame-src https://challenges.cloudflare.com'],
    ] as const) {
      const app = new Koa();
      app.use(createPlaygroundRouter({ config: loadConfig(env) }).routes());
      const s: Server = await new Promise((resolve) => {
        const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
      });
      const response = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/`);
      await new Promise<void>((resolve) => s.close(() => resolve()));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain(expected);
    }
  });

  it('allows the captcha provider in the CSP only when one is configured', () => {
    expect(playgroundContentSecurityPolicy(null)).toContain("frame-src 'none'");
    const withCaptcha = playgroundContentSecurityPolicy('https://challenges.cloudflare.com');
    expect(withCaptcha).toContain("script-src 'self' https://challenges.cloudflare.com");
    expect(withCaptcha).toContain('frame-src https://challenges.cloudflare.com');
  });
});
