/**
 * The anonymous sandbox: what the app mounts (router and playground page) and what the CLI needs.
 * See createSandboxRouter for the order of checks on every call.
 */
import type Router from '@koa/router';
import { READ_ROUTES } from '../api/routes/index.js';
import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import type { Logger } from '../log.js';
import { createPlaygroundRouter } from './playground.js';
import { createSandboxRouter } from './router.js';

export { createSandboxRouter, SANDBOX_PREFIX, SANDBOX_HEADERS, type SandboxRouterOptions } from './router.js';
export { createPlaygroundMiddleware, createPlaygroundRouter } from './playground.js';
export { createSandboxGuard, type SandboxGuard } from './guard.js';
export { createTurnstileVerifier, type CaptchaVerifier, type CaptchaOutcome } from './captcha.js';
export { SandboxError, sandboxErrors, SANDBOX_REFUSALS, type SandboxRefusalCode } from './errors.js';
export { sandboxOpenApi } from './openapi.js';

/**
 * Everything the sandbox adds to the app, for `createApp({ extraRouters })`: the anonymous
 * read routes under /api/v1/sandbox (the keyed API's READ_ROUTES flagged `sandbox`) and the
 * playground page at /.
 */
export function createSandboxRouters(deps: { db: Db; config: Config; log: Logger }): Router[] {
  return [createSandboxRouter({ ...deps, routes: READ_ROUTES }), createPlaygroundRouter({ config: deps.config })];
}
