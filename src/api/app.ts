import Router from '@koa/router';
import Koa from 'koa';
import type { Config } from '../config.js';
import { pingDb, type Db } from '../db/knex.js';
import type { Logger } from '../log.js';

/**
 * Minimal API process for the foundation: liveness and per-source status at /api/v1/health.
 * The full REST API (keys, rate limits, 18 endpoints) mounts here.
 */
export function createApp(deps: { db: Db; config: Config; log: Logger; extraRouters?: Router[] }): Koa {
  const app = new Koa();
  const router = new Router({ prefix: '/api/v1' });
  router.get('/health', async (ctx) => {
    let database: { reachable: boolean; latencyMs: number | null; error: string | null };
    try {
      database = { reachable: true, latencyMs: await pingDb(deps.db), error: null };
    } catch (error) {
      database = { reachable: false, latencyMs: null, error: error instanceof Error ? error.message : String(error) };
    }
    const sources = database.reachable
      ? ((await deps.db('sources')
          .select('source', 'status', 'last_success_at', 'last_attempt_at', 'last_error', 'consecutive_failures')
          .orderBy('source')) as Array<Record<string, unknown>>)
      : [];
    ctx.status = database.reachable ? 200 : 503;
    ctx.body = { status: database.reachable ? 'ok' : 'degraded', database, sources };
  });
  app.use(router.routes()).use(router.allowedMethods());
  for (const extra of deps.extraRouters ?? []) app.use(extra.routes()).use(extra.allowedMethods());
  return app;
}
