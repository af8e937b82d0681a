import Router from '@koa/router';
import type Koa from 'koa';
import { loadDataFreshness } from '../api/freshness.js';
import { handle } from '../api/handle.js';
import { parseInput, validate } from '../api/middleware/validate.js';
import { documentRouter } from '../api/openapi/document.js';
import type { ApiDeps, ApiState, RouteDefinition } from '../api/types.js';
import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import type { Logger } from '../log.js';
import type { CaptchaVerifier } from './captcha.js';
import type { ChallengeClaims } from './challenge.js';
import { sandboxErrors } from './errors.js';
import type { Fingerprint } from './fingerprint.js';
import { sandboxOpenApi } from './openapi.js';
import { ChallengeQuery } from './schemas.js';
import { createSandboxGuard, type ProofHeaders, type Quota, type SandboxGuard } from './guard.js';

export const SANDBOX_PREFIX = '/api/v1/sandbox';

/**
 * Never reachable anonymously, whatever a route definition says: bulk export, MCP and webhooks
 * would hand a scraper in one call what the caps are there to ration.
 */
const NEVER_SANDBOXED = /^\/(export|exports|bulk|mcp|webhooks?)(\/|$)/i;

/** Whether the sandbox serves a read route (else it answers 403 sandbox_route_not_available). */
export function isSandboxed(route: RouteDefinition): boolean {
  return route.sandbox && !NEVER_SANDBOXED.test(route.path);
}

export const SANDBOX_HEADERS = {
  challenge: 'x-sandbox-pow-challenge',
  solution: 'x-sandbox-pow-solution',
  captchaToken: 'x-sandbox-captcha-token',
  watermark: 'X-Sigma-Watermark',
} as const;

/** What the sandbox's middlewares leave for the ones after them. */
export interface SandboxState extends ApiState {
  sandbox?: { fingerprint: Fingerprint; claims: ChallengeClaims; proof: ProofHeaders; at: Date };
}

type SandboxContext = Koa.ParameterizedContext<SandboxState, Router.RouterParamContext<SandboxState>>;
type SandboxMiddleware = Router.Middleware<SandboxState>;

export interface SandboxRouterOptions {
  db: Db;
  config: Config;
  log: Logger;
  /** The keyed API's READ_ROUTES; those flagged `sandbox` are served. */
  routes: readonly RouteDefinition[];
  /** Clock, injectable for tests of expiry and of the sliding window. */
  now?: () => Date;
  captchaVerifier?: CaptchaVerifier | null;
  guard?: SandboxGuard;
}

function header(ctx: SandboxContext, name: string): string | undefined {
  const value = ctx.get(name);
  return value === '' ? undefined : value;
}

function setQuotaHeaders(ctx: SandboxContext, quota: Quota, now: Date): void {
  ctx.set('X-RateLimit-Limit', String(quota.limit));
  ctx.set('X-RateLimit-Remaining', String(quota.remaining));
  ctx.set('X-RateLimit-Reset', quota.resetAt ?? new Date(now.getTime() + 86_400_000).toISOString());
}

/** Query parameters as the API's validation sees them (a repeated one is left for it to refuse). */
function singleValued(query: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * The sandbox's item cap on whatever route takes a `limit` (listings, but also /search): asking
 * for more is a 400 (never a silent clamp), and a route whose default is above the cap is given
 * the cap instead of its default. Runs before the API's own validation, which then sees the cap.
 */
function capLimit(route: RouteDefinition, maxLimit: number): SandboxMiddleware {
  return async (ctx, next) => {
    const raw = ctx.query.limit;
    if (typeof raw === 'string') {
      const asked = Number(raw);
      if (Number.isFinite(asked) && asked > maxLimit) throw sandboxErrors.listingLimitTooHigh(asked, maxLimit);
    } else if (raw === undefined) {
      const defaults = route.query.safeParse(singleValued(ctx.query));
      const limit = defaults.success ? (defaults.data as { limit?: unknown } | null)?.limit : undefined;
      if (typeof limit === 'number' && limit > maxLimit) ctx.query = { ...ctx.query, limit: String(maxLimit) };
    }
    await next();
  };
}

/**
 * The anonymous sandbox: POST /challenge, then every read route flagged `sandbox` under the same
 * path and parameters as the keyed API, with proof of work instead of a key. Mounted through
 * `createApp({ extraRouters })`, so the app's request id, meta and error envelope wrap it.
 * Per call:
 *   identify (IP through trusted proxies + UA) → watermark → screen (datacenter, loopback) →
 *   proof (signature, expiry, fingerprint, work) → limit cap → the API's validation →
 *   admit (replay, caps, escalation, captcha; in PostgreSQL) → the API's handler.
 * Nothing that fails before admission spends the challenge.
 */
export function createSandboxRouter(options: SandboxRouterOptions): Router<SandboxState> {
  const { db, config, log } = options;
  const deps: ApiDeps = { db, config, log };
  const now = options.now ?? (() => new Date());
  const guard =
    options.guard ?? createSandboxGuard({ db, config, log: log.child({ component: 'sandbox' }), captchaVerifier: options.captchaVerifier });
  const router = new Router<SandboxState>({ prefix: SANDBOX_PREFIX });

  router.use(async (ctx, next) => {
    // Each response is watermarked for one client: no shared cache may hand it to another.
    ctx.set('Cache-Control', 'no-store');
    if (!config.sandbox.enabled) throw sandboxErrors.disabled();
    await next();
  });

  /** Identifies the caller and watermarks the response (refusals included) before anything can refuse. */
  const identify = async (ctx: SandboxContext, at: Date): Promise<Fingerprint> => {
    const fingerprint = await guard.identify({
      remoteAddress: ctx.req.socket.remoteAddress,
      forwardedFor: ctx.req.headers['x-forwarded-for'],
      userAgent: ctx.req.headers['user-agent'],
    });
    const watermark = await guard.watermark(fingerprint, at);
    ctx.set(SANDBOX_HEADERS.watermark, watermark);
    ctx.state.metaExtra = { ...ctx.state.metaExtra, watermark };
    guard.screen(fingerprint);
    return fingerprint;
  };

  router.post('/challenge', async (ctx) => {
    const at = now();
    const fingerprint = await identify(ctx, at);
    parseInput(ChallengeQuery, Object.fromEntries(Object.entries(ctx.query).map(([name, value]) => [name, String(value)])));
    const offer = await guard.offerChallenge(fingerprint, at);
    setQuotaHeaders(ctx, offer.quota, at);
    ctx.state.freshness = loadDataFreshness(db, config);
    ctx.status = 200;
    ctx.body = offer;
  });

  const checkProof: SandboxMiddleware = async (ctx, next) => {
    const at = now();
    const fingerprint = await identify(ctx, at);
    const proof: ProofHeaders = {
      challenge: header(ctx, SANDBOX_HEADERS.challenge),
      solution: header(ctx, SANDBOX_HEADERS.solution),
      captchaToken: header(ctx, SANDBOX_HEADERS.captchaToken),
    };
    const claims = await guard.checkProof(fingerprint, proof, at);
    ctx.state.sandbox = { fingerprint, claims, proof, at };
    await next();
  };

  const admit =
    (route: RouteDefinition): SandboxMiddleware =>
    async (ctx, next) => {
      const { fingerprint, claims, proof, at } = ctx.state.sandbox!;
      const limit = (ctx.state.query as { limit?: unknown } | undefined)?.limit;
      if (typeof limit === 'number' && limit > config.sandbox.maxListingLimit) {
        throw sandboxErrors.listingLimitTooHigh(limit, config.sandbox.maxListingLimit);
      }
      const admission = await guard.admit(fingerprint, claims, proof, ctx.path.slice(SANDBOX_PREFIX.length) + ctx.search, at);
      setQuotaHeaders(ctx, admission.quota, at);
      log.info('sandbox call', {
        requestId: ctx.state.requestId,
        route: route.name,
        fingerprint: fingerprint.hash,
        ip: fingerprint.ip,
        bot: fingerprint.isBot,
        used: admission.quota.used,
      });
      await next();
    };

  for (const route of options.routes) {
    if (!isSandboxed(route)) {
      router.all(route.path, () => {
        throw sandboxErrors.routeNotAvailable(`/api/v1${route.path}`);
      });
      continue;
    }
    router.get(
      route.path,
      checkProof,
      capLimit(route, config.sandbox.maxListingLimit),
      validate(route),
      admit(route),
      handle(route, deps),
    );
  }

  router.all('/(.*)', (ctx) => {
    const rest = ctx.path.slice(SANDBOX_PREFIX.length) || '/';
    if (NEVER_SANDBOXED.test(rest)) throw sandboxErrors.routeNotAvailable(`/api/v1${rest}`);
    throw sandboxErrors.unknownRoute(ctx.path);
  });

  return documentRouter(router, sandboxOpenApi(options.routes.filter(isSandboxed), { maxListingLimit: config.sandbox.maxListingLimit }));
}
