import type { AddressInfo } from 'node:net';
import type Router from '@koa/router';
import type Koa from 'koa';
import type { Server } from 'node:http';
import { createApp } from '../../src/api/app.js';
import { createAccount } from '../../src/auth/accounts.js';
import { createApiKey } from '../../src/auth/keys.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/knex.js';
import { silentLogger, type Logger } from '../../src/log.js';
import type { ApiState, RouteDefinition } from '../../src/api/types.js';

export interface TestApi {
  url: string;
  config: Config;
  /** The Koa app being served, for tests that inspect what it mounts. */
  app: Koa<ApiState>;
  /** GET with the given key (Bearer) unless `key: null`; returns status, headers and parsed JSON. */
  get<T = ApiBody>(path: string, options?: { key?: string | null; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export interface ErrorBody {
  error: { code: string; message: string; status: number; requestId: string; details?: Array<{ parameter: string; message: string }> };
}

export interface Meta {
  requestId: string;
  latencyMs: number;
  dataFreshness: Record<string, string | null>;
}

/** The loose shape tests read; endpoints' own types narrow it with the type parameter of `get`. */
export interface ApiBody extends Partial<ErrorBody> {
  meta?: Meta;
  items?: Array<Record<string, unknown>>;
  total?: number;
  limit?: number;
  offset?: number;
  [key: string]: unknown;
}

export interface ApiResponse<T = ApiBody> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface StartTestApiOptions {
  defaultKey?: string;
  env?: Record<string, string>;
  log?: Logger;
  /** Routes instead of READ_ROUTES (e.g. plus one that fails on purpose). */
  routes?: RouteDefinition[];
  /** Routers mounted after the read API, as `sigma serve` mounts the sandbox's. */
  extraRouters?: (deps: { db: Db; config: Config; log: Logger }) => Router<ApiState>[];
}

/** The API on a real HTTP server on 127.0.0.1, over the given database. */
export async function startTestApi(db: Db, options: StartTestApiOptions = {}): Promise<TestApi> {
  const config = loadConfig({ SIGMA_SOURCES: 'sec,amf', ...options.env });
  const log = options.log ?? silentLogger;
  const app = createApp({ db, config, log, routes: options.routes, extraRouters: options.extraRouters?.({ db, config, log }) });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    config,
    app,
    async get<T>(path: string, opts: { key?: string | null; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
      const key = opts.key === undefined ? options.defaultKey : opts.key;
      const headers: Record<string, string> = { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...opts.headers };
      const res = await fetch(url + path, { headers });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON (the docs page)
      }
      return { status: res.status, headers: res.headers, body: body as T, text };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A fresh account with a generous plan (so ordinary tests never hit a limit) and one key. */
export async function createTestKey(
  db: Db,
  options: { dailyQuota?: number; burstPerSecond?: number; name?: string } = {},
): Promise<{ accountId: number; keyId: number; key: string }> {
  const account = await createAccount(db, {
    name: options.name ?? 'test account',
    plan: 'pro',
    dailyQuota: options.dailyQuota ?? 1_000_000,
    burstPerSecond: options.burstPerSecond ?? 100_000,
  });
  const key = await createApiKey(db, account.id, 'test key');
  return { accountId: account.id, keyId: key.id, key: key.key };
}
