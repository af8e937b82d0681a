import type Koa from 'koa';
import { appendMember, RawJson, serializeWithRaw } from '../raw-json.js';
import type { ApiState } from '../types.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof RawJson);
}

/**
 * Starts the clock and, on the way out, appends `meta: { requestId, latencyMs, dataFreshness }`
 * to every 200 JSON body produced by a route (routes start reading freshness next to their
 * handler, see handle.ts), and serializes it to UTF-8 bytes (RawJson parts verbatim). Extra meta
 * keys (the sandbox's watermark) come from `ctx.state.metaExtra` or a `meta` object already in the
 * body.
 */
export function timingAndMeta(): Koa.Middleware<ApiState> {
  return async (ctx, next) => {
    ctx.state.startedAt = performance.now();
    await next();
    const body: unknown = ctx.body;
    if (ctx.status === 200 && ctx.state.freshness && (body instanceof RawJson || isPlainObject(body))) {
      const dataFreshness = await ctx.state.freshness;
      const meta = {
        requestId: ctx.state.requestId,
        latencyMs: Math.round((performance.now() - ctx.state.startedAt) * 100) / 100,
        dataFreshness,
        ...ctx.state.metaExtra,
      };
      // The type first: a Buffer assigned to a body without one would be sent as octet-stream.
      ctx.type = 'application/json; charset=utf-8';
      ctx.body =
        body instanceof RawJson
          ? appendMember(body.bytes, 'meta', serializeWithRaw(meta))
          : serializeWithRaw({ ...body, meta: { ...meta, ...(isPlainObject(body.meta) ? body.meta : {}) } });
    }
    ctx.set('Server-Timing', `app;dur=${(performance.now() - ctx.state.startedAt).toFixed(1)}`);
  };
}
