import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { z } from 'zod';
import { createApp } from '../../../src/api/app.js';
import { READ_ROUTES } from '../../../src/api/routes/index.js';
import { defineRoute, type RouteDefinition } from '../../../src/api/types.js';
import { loadConfig, type Config } from '../../../src/config.js';
import type { Db } from '../../../src/db/knex.js';
import { silentLogger, type Logger } from '../../../src/log.js';
import type { CaptchaVerifier } from '../../../src/sandbox/captcha.js';
import { createPlaygroundRouter } from '../../../src/sandbox/playground.js';
import { createSandboxRouter } from '../../../src/sandbox/router.js';

export interface SandboxServer {
  baseUrl: string;
  config: Config;
  close(): Promise<void>;
}

/**
 * An export route flagged `sandbox: true` on purpose: the sandbox must refuse bulk export
 * whatever a route definition says.
 */
export const EXPORT_PROBE: RouteDefinition = defineRoute({
  name: 'exportProbe',
  path: '/export/declarations',
  summary: 'test only',
  tag: 'test',
  query: z.object({}),
  response: z.object({}),
  listing: false,
  sandbox: true,
  handler: async () => ({ exported: true }),
});

/**
 * The real app (createApp) on 127.0.0.1 with the sandbox and the playground mounted as the
 * serve command mounts them, over the given database.
 */
export async function startSandboxServer(options: {
  db: Db;
  env?: Record<string, string>;
  now?: () => Date;
  captchaVerifier?: CaptchaVerifier | null;
  log?: Logger;
}): Promise<SandboxServer> {
  const config = loadConfig({ SIGMA_SOURCES: 'sec,amf', SIGMA_SANDBOX_ALLOW_LOOPBACK: 'true', ...options.env });
  const log = options.log ?? silentLogger;
  const sandbox = createSandboxRouter({
    db: options.db,
    config,
    log,
    routes: [...READ_ROUTES, EXPORT_PROBE],
    now: options.now,
    captchaVerifier: options.captchaVerifier,
  });
  const playground = createPlaygroundRouter({ config, captcha: options.captchaVerifier });
  const app = createApp({ db: options.db, config, log, extraRouters: [sandbox, playground] });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
