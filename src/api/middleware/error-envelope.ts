import type Koa from 'koa';
import type { Logger } from '../../log.js';
import { ApiError, errors } from '../errors.js';
import type { ApiState } from '../types.js';

interface HttpishError {
  status?: number;
  expose?: boolean;
  message?: string;
}

/**
 * The one place errors become responses: `{ error: { code, message, status, requestId, details? } }`.
 * Anything that is not an ApiError is logged and becomes a 500 without internals; an HTTP error
 * raised by Koa itself for a malformed request keeps its 4xx status.
 */
export function errorEnvelope(log: Logger): Koa.Middleware<ApiState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw errors.notFound();
    } catch (caught) {
      let error: ApiError;
      if (caught instanceof ApiError) {
        error = caught;
      } else {
        const e = caught as HttpishError;
        if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
          error = new ApiError(e.status, e.status === 404 ? 'not_found' : 'invalid_parameter', e.message ?? 'Bad request');
        } else {
          log.error('request failed', {
            requestId: ctx.state.requestId,
            path: ctx.path,
            error: caught instanceof Error ? (caught.stack ?? caught.message) : String(caught),
          });
          error = errors.internal();
        }
      }
      for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
      ctx.status = error.status;
      ctx.body = {
        error: {
          code: error.code,
          message: error.message,
          status: error.status,
          requestId: ctx.state.requestId,
          ...(error.details ? { details: error.details } : {}),
        },
      };
    }
  };
}
