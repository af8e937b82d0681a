import type Koa from 'koa';
import { loadDataFreshness } from './freshness.js';
import { RawJson } from './raw-json.js';
import type { ApiDeps, ApiState, RouteDefinition } from './types.js';

/**
 * Runs a route's handler with the validated input and reads data freshness beside it; the timing
 * middleware adds `meta`. Exported so other routers (the sandbox) serve the same handlers the same way.
 */
export function handle(route: RouteDefinition, deps: ApiDeps): Koa.Middleware<ApiState> {
  return async (ctx) => {
    const admitted = ctx.state.admission?.dataFreshness;
    ctx.state.freshness = admitted
      ? Promise.resolve(new RawJson(admitted))
      : loadDataFreshness(deps.db, deps.config).catch((error: unknown) => {
          deps.log.warn('reading data freshness failed', { error: String(error) });
          return new RawJson('{}');
        });
    const body = await route.handler({
      db: deps.db,
      config: deps.config,
      query: ctx.state.query,
      params: ctx.state.params,
      auth: ctx.state.auth ?? null,
    });
    ctx.status = 200;
    ctx.body = body;
  };
}
