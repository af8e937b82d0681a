import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { ZodError } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import type { Logger } from '../log.js';
import type { CaptchaVerifier } from './captcha.js';
import { SandboxError, sandboxErrors } from './errors.js';
import type { Fingerprint } from './fingerprint.js';
import { readDataFreshness, type DataFreshness } from './freshness.js';
import { createSandboxGuard, type ProofHeaders, type Quota, type SandboxGuard } from './guard.js';
import type { RouteDefinition } from './route-definition.js';

export const SANDBOX_PREFIX = '/api/v1/sandbox';

/**
 * Never reachable anonymously, whatever a route definition says: bulk export, MCP and webhooks
 * would hand a scraper in one call what the caps are there to ration.
 */
const NEVER_SANDBOXED = /^\/(export|exports|bulk|mcp|webhooks?)(\/|$)/i;

export const SANDBOX_HEADERS = {
  challenge: 'x-sandbox-pow-challenge',
  solution: 'x-sandbox-pow-solution',
  captchaToken: 'x-sandbox-captcha-token',
  watermark: 'X-Sigma-Watermark',
} as const;

export interface SandboxRouterOptions {
  db: Db;
  config: Config;
  log: Logger;
  routes: readonly RouteDefinition[];
  /** Clock, injectable for tests of expiry and of the sliding window. */
  now?: () => Date;
  captchaVerifier?: CaptchaVerifier | null;
  /** The keyed API's `meta.dataFreshness`, so both surfaces report the same thing. */
  dataFreshness?: (db: Db) => Promise<DataFreshness>;
  guard?: SandboxGuard;
}

interface SandboxState {
  requestId: string;
  startedAt: number;
  fingerprint?: Fingerprint;
}

function stateOf(ctx: Context): SandboxState {
  const state = ctx.state as { requestId?: unknown; startedAt?: unknown; sandbox?: SandboxState };
  if (!state.sandbox) {
    const requestId = typeof state.requestId === 'string' ? state.requestId : randomUUID();
    state.sandbox = { requestId, startedAt: typeof state.startedAt === 'number' ? state.startedAt : performance.now() };
    if (!ctx.response.get('X-Request-Id')) ctx.set('X-Request-Id', requestId);
  }
  return state.sandbox;
}

function header(ctx: Context, name: string): string | undefined {
  const value = ctx.get(name);
  return value === '' ? undefined : value;
}

function zodDetails(error: ZodError, where: 'query' | 'path'): Array<{ parameter: string; message: string }> {
  return error.issues.map((issue) => ({ parameter: issue.path.join('.') || `(${where})`, message: issue.message }));
}

function invalidParameter(error: ZodError, where: 'query' | 'path'): SandboxError {
  const details = zodDetails(error, where);
  const summary = details.map((d) => `${d.parameter}: ${d.message}`).join('; ');
  return new SandboxError(400, 'invalid_parameter', `Invalid ${where} parameter${details.length > 1 ? 's' : ''}: ${summary}.`, details);
}

/**
 * The route's own query validation, plus the sandbox's item cap on whatever route takes a
 * `limit` (listings, but also e.g. /search): asking for more is a 400 (never a silent clamp), and
 * a route whose default is above the cap gets the cap instead of its default.
 */
function validateQuery(route: RouteDefinition, rawQuery: Record<string, unknown>, maxLimit: number): unknown {
  const asked = typeof rawQuery.limit === 'string' ? Number(rawQuery.limit) : Number.NaN;
  if (Number.isFinite(asked) && asked > maxLimit) throw sandboxErrors.listingLimitTooHigh(asked, maxLimit);
  const parsed = route.query.safeParse(rawQuery);
  if (!parsed.success) throw invalidParameter(parsed.error, 'query');
  const limit = (parsed.data as { limit?: unknown } | null)?.limit;
  if (typeof limit !== 'number' || limit <= maxLimit) return parsed.data;
  if (rawQuery.limit !== undefined) throw sandboxErrors.listingLimitTooHigh(limit, maxLimit);
  const capped = route.query.safeParse({ ...rawQuery, limit: String(maxLimit) });
  if (!capped.success) throw invalidParameter(capped.error, 'query');
  return capped.data;
}

function setQuotaHeaders(ctx: Context, quota: Quota, now: Date): void {
  ctx.set('X-RateLimit-Limit', String(quota.limit));
  ctx.set('X-RateLimit-Remaining', String(quota.remaining));
  ctx.set('X-RateLimit-Reset', quota.resetAt ?? new Date(now.getTime() + 86_400_000).toISOString());
}

/**
 * Errors thrown by the keyed API's handlers (its ApiError factories) carry `status` and `code`;
 * they are rendered as they are. Anything else is ours to hide behind a 500.
 */
function asEnvelopeError(error: unknown): {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  headers?: Record<string, string>;
} | null {
  if (error instanceof SandboxError) return error;
  if (typeof error === 'object' && error !== null) {
    const e = error as { status?: unknown; code?: unknown; message?: unknown; details?: unknown; headers?: unknown };
    const clientOrUnavailable = typeof e.status === 'number' && ((e.status >= 400 && e.status < 500) || e.status === 503);
    if (clientOrUnavailable && typeof e.code === 'string') {
      const headers = typeof e.headers === 'object' && e.headers !== null ? (e.headers as Record<string, string>) : undefined;
      return { status: e.status as number, code: e.code, message: String(e.message), details: e.details, headers };
    }
  }
  return null;
}

/**
 * The anonymous sandbox: POST /challenge, then every read route flagged `sandbox` under the same
 * path and parameters as the keyed API, guarded by proof of work instead of a key. Order per call:
 * identify (IP through trusted proxies + UA) → watermark header → screen (datacenter, loopback) →
 * proof (signature, expiry, fingerprint, work) → validate → admit (replay, caps, escalation,
 * captcha; in PostgreSQL) → handler → meta with watermark.
 */
export function createSandboxRouter(options: SandboxRouterOptions): Router {
  const { db, config, log } = options;
  const now = options.now ?? (() => new Date());
  const guard =
    options.guard ?? createSandboxGuard({ db, config, log: log.child({ component: 'sandbox' }), captchaVerifier: options.captchaVerifier });
  const freshness = options.dataFreshness ?? ((d: Db) => readDataFreshness(d, config.enabledSources));
  const maxLimit = config.sandbox.maxListingLimit;
  const router = new Router({ prefix: SANDBOX_PREFIX });

  router.use(async (ctx: Context, next: Next) => {
    const state = stateOf(ctx);
    // Each response is watermarked for one client: no shared cache may hand it to another.
    ctx.set('Cache-Control', 'no-store');
    try {
      if (!config.sandbox.enabled) throw sandboxErrors.disabled();
      await next();
    } catch (error) {
      const known = asEnvelopeError(error);
      if (!known) log.error('sandbox request failed', { requestId: state.requestId, path: ctx.path, error: String(error), stack: (error as Error)?.stack });
      const rendered = known ?? { status: 500, code: 'internal_error', message: 'Something went wrong on our side; retry later with exponential back-off.' };
      for (const [name, value] of Object.entries(rendered.headers ?? {})) ctx.set(name, value);
      ctx.status = rendered.status;
      ctx.body = {
        error: {
          code: rendered.code,
          message: rendered.message,
          status: rendered.status,
          requestId: state.requestId,
          ...(rendered.details !== undefined ? { details: rendered.details } : {}),
        },
      };
    }
  });

  const identify = async (ctx: Context): Promise<Fingerprint> => {
    const fingerprint = await guard.identify({
      remoteAddress: ctx.req.socket.remoteAddress,
      forwardedFor: ctx.req.headers['x-forwarded-for'],
      userAgent: ctx.req.headers['user-agent'],
    });
    stateOf(ctx).fingerprint = fingerprint;
    return fingerprint;
  };

  router.post('/challenge', async (ctx) => {
    const at = now();
    const fingerprint = await identify(ctx);
    const watermark = await guard.watermark(fingerprint, at);
    ctx.set(SANDBOX_HEADERS.watermark, watermark);
    guard.screen(fingerprint);
    const offer = await guard.offerChallenge(fingerprint, at);
    setQuotaHeaders(ctx, offer.quota, at);
    ctx.status = 200;
    ctx.body = {
      ...offer,
      meta: {
        requestId: stateOf(ctx).requestId,
        latencyMs: Math.round((performance.now() - stateOf(ctx).startedAt) * 100) / 100,
        dataFreshness: await freshness(db),
        watermark,
      },
    };
  });

  for (const route of options.routes) {
    if (!route.sandbox || NEVER_SANDBOXED.test(route.path)) {
      router.all(route.path, () => {
        throw sandboxErrors.routeNotAvailable(`/api/v1${route.path}`);
      });
      continue;
    }
    router.get(route.path, async (ctx) => {
      const at = now();
      const state = stateOf(ctx);
      const fingerprint = await identify(ctx);
      const watermark = await guard.watermark(fingerprint, at);
      ctx.set(SANDBOX_HEADERS.watermark, watermark);
      guard.screen(fingerprint);

      const proof: ProofHeaders = {
        challenge: header(ctx, SANDBOX_HEADERS.challenge),
        solution: header(ctx, SANDBOX_HEADERS.solution),
        captchaToken: header(ctx, SANDBOX_HEADERS.captchaToken),
      };
      const claims = await guard.checkProof(fingerprint, proof, at);

      const query = validateQuery(route, { ...ctx.query }, maxLimit);
      const params = route.params ? route.params.safeParse(ctx.params) : { success: true as const, data: ctx.params };
      if (!params.success) throw invalidParameter(params.error, 'path');

      const admission = await guard.admit(fingerprint, claims, proof, ctx.path.slice(SANDBOX_PREFIX.length) + ctx.search, at);
      setQuotaHeaders(ctx, admission.quota, at);
      log.info('sandbox call', {
        requestId: state.requestId,
        route: route.name,
        fingerprint: fingerprint.hash,
        ip: fingerprint.ip,
        bot: fingerprint.isBot,
        used: admission.quota.used,
      });

      const [result, dataFreshness] = await Promise.all([
        route.handler({ db, query, params: params.data, config, auth: null }),
        freshness(db),
      ]);
      const ownMeta = (result as { meta?: Record<string, unknown> }).meta ?? {};
      ctx.status = 200;
      ctx.body = {
        ...result,
        meta: {
          ...ownMeta,
          requestId: state.requestId,
          latencyMs: Math.round((performance.now() - state.startedAt) * 100) / 100,
          dataFreshness,
          watermark,
        },
      };
    });
  }

  router.all('/(.*)', (ctx) => {
    const rest = ctx.path.slice(SANDBOX_PREFIX.length) || '/';
    if (NEVER_SANDBOXED.test(rest)) throw sandboxErrors.routeNotAvailable(`/api/v1${rest}`);
    throw sandboxErrors.unknownRoute(ctx.path);
  });

  return router;
}
