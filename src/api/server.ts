import type { Server } from 'node:http';
import type Router from '@koa/router';
import { ensureFirstAccount } from '../auth/accounts.js';
import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import type { Logger } from '../log.js';
import { createApp } from './app.js';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/** Where a local user reaches the API listening on HOST and `port`. */
export function apiUrl(config: Pick<Config, 'host'>, port: number): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${port}`;
}

/**
 * Listens on HOST:PORT (`port` overrides). On an empty database it first creates an account and
 * hands its key to `announceFirstKey` once, so a newcomer can call the API at once.
 */
export async function startApiServer(deps: {
  db: Db;
  config: Config;
  log: Logger;
  port?: number;
  extraRouters?: Router[];
  announceFirstKey?: (accountId: number, key: string) => void;
}): Promise<RunningApi> {
  const first = await ensureFirstAccount(deps.db);
  if (first.key) deps.announceFirstKey?.(first.accountId, first.key);
  const app = createApp({ db: deps.db, config: deps.config, log: deps.log, extraRouters: deps.extraRouters });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(deps.port ?? deps.config.port, deps.config.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : deps.config.port;
  return {
    url: apiUrl(deps.config, port),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
