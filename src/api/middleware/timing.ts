import type Koa from 'koa';
import type { ApiState } from '../types.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/**
 * Starts the clock and, on the way out, appends `meta: { requestId, latencyMs, dataFreshness }`
 * to every 200 JSON body produced by a route (routes start reading freshness next to their
 * handler, see handle.ts). A body that already has meta (e.g. the sandbox's) gets the missing keys.
 */
export function timingAndMeta(): Koa.Middleware<ApiState> {
  return async (ctx, next) => {
    ctx.state.startedAt = performance.now();
    await next();
    if (ctx.status === 200 && isPlainObject(ctx.body) && ctx.state.freshness) {
      const dataFreshness = await ctx.state.freshness;
      const existing = isPlainObject(ctx.body.meta) ? ctx.body.meta : {};
      ctx.body = {
        ...ctx.body,
        meta: {
          requestId: ctx.state.requestId,
          latencyMs: Math.round((performance.now() - ctx.state.startedAt) * 100) / 100,
          dataFreshness,
          ...existing,
        },
      };
    }
    ctx.set('Server-Timing', `app;dur=${(performance.now() - ctx.state.startedAt).toFixed(1)}`);
  };
}
