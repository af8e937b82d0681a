import Router from '@koa/router';
import Koa from 'koa';
import { AdmissionQueue } from '../auth/admit.js';
import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import type { Logger } from '../log.js';
import { errors } from './errors.js';
import { handle } from './handle.js';
import { authenticate } from './middleware/auth.js';
import { compression } from './middleware/compression.js';
import { errorEnvelope } from './middleware/error-envelope.js';
import { anonymousRateLimitHeaders, rateLimit } from './middleware/rate-limit.js';
import { requestId } from './middleware/request-id.js';
import { timingAndMeta } from './middleware/timing.js';
import { validate } from './middleware/validate.js';
import { API_PREFIX, buildOpenApiDocument, DOCS_PATH, routerDocumentation } from './openapi/document.js';
import { renderDocsPage } from './openapi/docs-page.js';
import { READ_ROUTES } from './routes/index.js';
import type { ApiDeps, ApiState, RouteDefinition } from './types.js';

export interface CreateAppOptions {
  db: Db;
  config: Config;
  log: Logger;
  /**
   * Mounted after the read API, in order (e.g. the sandbox router); what they document with
   * `documentRouter` is published in /openapi.json and /docs.
   */
  extraRouters?: Router<ApiState>[];
  /** Defaults to the 18 read endpoints. */
  routes?: RouteDefinition[];
}

/**
 * The whole middleware order, in one place:
 *   request id → compression → anonymous rate-limit headers → timing/meta → error envelope → auth
 *   → rate limit → zod validation → handler.
 * Auth and rate limit are per route (public routes skip them); the other five wrap everything,
 * so even a 404 or a crash carries a request id, X-RateLimit-* and the error envelope, and every
 * body is compressed as the client allows.
 */
export function createApp({ db, config, log, extraRouters = [], routes = READ_ROUTES }: CreateAppOptions): Koa<ApiState> {
  const deps: ApiDeps = { db, config, log };
  const app = new Koa<ApiState>();
  app.silent = true;

  app.use(requestId());
  app.use(compression());
  app.use(anonymousRateLimitHeaders());
  app.use(timingAndMeta());
  app.use(errorEnvelope(log));

  const api = new Router<ApiState>({ prefix: API_PREFIX });
  const admissions = new AdmissionQueue(db, config.enabledSources);
  for (const route of routes) {
    const guards = route.public ? [] : [authenticate(admissions), rateLimit()];
    api.get(route.name, route.path, ...guards, validate(route), handle(route, deps));
  }

  const document = buildOpenApiDocument(routes, { extensions: extraRouters.flatMap((router) => routerDocumentation(router) ?? []) });
  const docsPage = renderDocsPage(document);
  api.get('/openapi.json', (ctx) => {
    ctx.body = document;
  });
  app.use(api.routes());
  app.use(
    api.allowedMethods({
      throw: true,
      methodNotAllowed: () => errors.methodNotAllowed(['GET', 'HEAD']),
      notImplemented: () => errors.methodNotAllowed(['GET', 'HEAD']),
    }),
  );

  for (const router of extraRouters) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }

  const site = new Router<ApiState>();
  site.get(DOCS_PATH, (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = docsPage;
  });
  app.use(site.routes());
  return app;
}
