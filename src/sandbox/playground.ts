import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Router from '@koa/router';
import type { Context, Middleware, Next } from 'koa';
import { COMMON_HEADERS, documentRouter } from '../api/openapi/document.js';
import type { Config } from '../config.js';
import { TURNSTILE_SCRIPT_ORIGIN, type CaptchaVerifier } from './captcha.js';

export const PLAYGROUND_DIR = fileURLToPath(new URL('./playground/', import.meta.url));

/** URL path → file in PLAYGROUND_DIR. Nothing else is served: no directory walking, no guessing. */
const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/playground/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/playground/pow-worker.js': { file: 'pow-worker.js', type: 'text/javascript; charset=utf-8' },
  '/playground/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The page only talks to its own origin; a configured captcha provider is the one exception. */
export function playgroundContentSecurityPolicy(captchaScriptOrigin: string | null): string {
  const extra = captchaScriptOrigin ? ` ${captchaScriptOrigin}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${extra}`,
    "worker-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    `frame-src ${captchaScriptOrigin ?? "'none'"}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the playground page at `/` and its three assets from memory (read once at start), with
 * an ETag so revisits cost a 304, and a strict Content-Security-Policy.
 */
export function createPlaygroundMiddleware(options: { captchaScriptOrigin?: string | null; dir?: string } = {}): Middleware {
  const dir = options.dir ?? PLAYGROUND_DIR;
  const assets = new Map<string, Asset>();
  for (const [urlPath, { file, type }] of Object.entries(ASSETS)) {
    const body = readFileSync(path.join(dir, file));
    assets.set(urlPath, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  const csp = playgroundContentSecurityPolicy(options.captchaScriptOrigin ?? null);

  return async (ctx: Context, next: Next) => {
    const asset = ctx.method === 'GET' || ctx.method === 'HEAD' ? assets.get(ctx.path) : undefined;
    if (!asset) return next();
    ctx.set('Content-Security-Policy', csp);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('ETag', asset.etag);
    if (ctx.get('If-None-Match') === asset.etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = asset.type;
    ctx.body = asset.body;
  };
}

/**
 * The same, as a router for `createApp({ extraRouters })`. With the config, the CSP admits the
 * captcha provider exactly when the sandbox uses one (a configured secret).
 */
export function createPlaygroundRouter(options: { config?: Config; captcha?: CaptchaVerifier | null; dir?: string } = {}): Router {
  const captchaScriptOrigin =
    options.captcha !== undefined
      ? (options.captcha?.scriptOrigin ?? null)
      : options.config?.sandbox.captcha.secret
        ? TURNSTILE_SCRIPT_ORIGIN
        : null;
  const serve = createPlaygroundMiddleware({ captchaScriptOrigin, dir: options.dir });
  const router = new Router();
  router.get(Object.keys(ASSETS), (ctx, next) => serve(ctx, next));
  // The page is documented; its files (index.html, playground/*) are what it loads.
  return documentRouter(router, {
    paths: {
      '/': {
        get: {
          operationId: 'getPlayground',
          summary: 'The playground: solves a sandbox challenge in the browser and shows the answer',
          tags: ['Service'],
          security: [],
          parameters: [],
          responses: { '200': { description: 'HTML page', headers: COMMON_HEADERS, content: { 'text/html': { schema: { type: 'string' } } } } },
        },
      },
    },
  });
}
