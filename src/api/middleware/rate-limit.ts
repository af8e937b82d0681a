import type Koa from 'koa';
import { errors } from '../errors.js';
import type { ApiState } from '../types.js';

export function nextUtcMidnight(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

/**
 * Applies the verdict counted by `authenticate`: `X-RateLimit-*` describe the account's daily
 * quota (Reset = next 00:00 UTC), `X-RateLimit-Burst-*` the key's per-second budget. Over the
 * burst: 429 rate_limited, Retry-After 1; over the quota: 429 quota_exceeded, Retry-After = seconds
 * to midnight UTC.
 */
export function rateLimit(): Koa.Middleware<ApiState> {
  return async (ctx, next) => {
    const a = ctx.state.admission;
    if (!a || a.dailyQuota === null || a.burstPerSecond === null) return next();
    const resetsAt = nextUtcMidnight(a.checkedAt);
    const used = a.usedToday ?? 0;
    ctx.set('X-RateLimit-Limit', String(a.dailyQuota));
    ctx.set('X-RateLimit-Remaining', String(Math.max(0, a.dailyQuota - used)));
    ctx.set('X-RateLimit-Reset', resetsAt.toISOString());
    ctx.set('X-RateLimit-Burst-Limit', String(a.burstPerSecond));
    ctx.set('X-RateLimit-Burst-Remaining', String(Math.max(0, a.burstPerSecond - (a.burstUsed ?? 0))));
    if (a.outcome === 'burst') throw errors.rateLimited(1, a.burstPerSecond);
    if (a.outcome === 'quota') {
      const seconds = Math.max(1, Math.ceil((resetsAt.getTime() - a.checkedAt.getTime()) / 1000));
      throw errors.quotaExceeded(seconds, a.dailyQuota, resetsAt.toISOString());
    }
    await next();
  };
}

/**
 * API.md: every response carries X-RateLimit-Limit/Remaining/Reset. A response that no quota
 * counted (a public route such as /health, /openapi.json or /docs; a 401 or a sandbox refusal
 * before a key or proof was accepted; an unknown path) gets the anonymous caller's values: a daily
 * quota of 0 keyed requests, 0 left, resetting at the next 00:00 UTC. Public routes are never
 * counted or refused whatever these say. Runs outside the error envelope so refusals get them too;
 * values already set by the keyed rate limit or the sandbox win.
 */
export function anonymousRateLimitHeaders(now: () => Date = () => new Date()): Koa.Middleware<ApiState> {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      if (!ctx.response.get('X-RateLimit-Limit')) {
        ctx.set('X-RateLimit-Limit', '0');
        ctx.set('X-RateLimit-Remaining', '0');
        ctx.set('X-RateLimit-Reset', nextUtcMidnight(now()).toISOString());
      }
    }
  };
}
