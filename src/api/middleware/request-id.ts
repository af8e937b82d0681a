import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { ApiState } from '../types.js';

const CLIENT_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Every response carries `X-Request-Id`: the caller's own when it sent a sane one, else a new UUID. */
export function requestId(): Koa.Middleware<ApiState> {
  return async (ctx, next) => {
    const given = ctx.get('X-Request-Id');
    ctx.state.requestId = CLIENT_ID.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  };
}
