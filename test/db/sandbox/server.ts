import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Koa from 'koa';
import { loadConfig, type Config } from '../../../src/config.js';
import type { Db } from '../../../src/db/knex.js';
import { silentLogger, type Logger } from '../../../src/log.js';
import type { CaptchaVerifier } from '../../../src/sandbox/captcha.js';
import { createPlaygroundRouter } from '../../../src/sandbox/playground.js';
import type { RouteDefinition } from '../../../src/sandbox/route-definition.js';
import { createSandboxRouter } from '../../../src/sandbox/router.js';
import { STAND_IN_ROUTES } from './stand-in-routes.js';

export interface SandboxServer {
  baseUrl: string;
  config: Config;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 with the playground at / and the sandbox router, the way the
 * app mounts them, over the given database.
 */
export async function startSandboxServer(options: {
  db: Db;
  env?: Record<string, string>;
  now?: () => Date;
  captchaVerifier?: CaptchaVerifier | null;
  routes?: RouteDefinition[];
  log?: Logger;
}): Promise<SandboxServer> {
  const config = loadConfig({ SIGMA_SANDBOX_ALLOW_LOOPBACK: 'true', ...options.env });
  const router = createSandboxRouter({
    db: options.db,
    config,
    log: options.log ?? silentLogger,
    routes: options.routes ?? STAND_IN_ROUTES,
    now: options.now,
    captchaVerifier: options.captchaVerifier,
  });
  const app = new Koa();
  // As createApp mounts its extraRouters.
  for (const mounted of [router, createPlaygroundRouter({ config, captcha: options.captchaVerifier })]) {
    app.use(mounted.routes());
    app.use(mounted.allowedMethods());
  }
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
