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
