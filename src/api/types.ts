import type { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import type { Admission } from '../auth/admit.js';
import type { Logger } from '../log.js';
import type { RawJson } from './raw-json.js';

/** Who is calling, once the key has been checked. */
export interface AuthContext {
  keyId: number;
  accountId: number;
  dailyQuota: number;
  burstPerSecond: number;
}

export interface DataFreshness {
  [block: string]: string | null;
}

/** What the middlewares leave on `ctx.state` for the ones after them. */
export interface ApiState {
  requestId: string;
  startedAt: number;
  admission?: Admission;
  auth?: AuthContext;
  /** Started beside the handler so reading freshness does not add to the latency. */
  freshness?: Promise<RawJson>;
  query?: unknown;
  params?: unknown;
  /** Keys another router adds to `meta` (the sandbox's watermark). */
  metaExtra?: Record<string, unknown>;
}

export interface ApiDeps {
  db: Db;
  config: Config;
  log: Logger;
}

export interface RouteInput<Q, P> {
  db: Db;
  config: Config;
  query: Q;
  params: P;
  /** Absent or null on public routes (health) and when a route is served anonymously (the sandbox). */
  auth?: AuthContext | null;
}

/**
 * One read endpoint: its zod schemas (which validate requests and generate OpenAPI) and handler.
 * `path` is relative to /api/v1 in koa-router syntax. `sandbox` says whether the anonymous sandbox
 * may serve it; `public` routes need no key.
 */
export interface RouteDefinition<Q = unknown, P = unknown> {
  name: string;
  path: string;
  summary: string;
  description?: string;
  tag: string;
  query: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** The body without `meta`, for the OpenAPI document. */
  response: z.ZodType;
  listing: boolean;
  sandbox: boolean;
  public?: boolean;
  handler(input: RouteInput<Q, P>): Promise<object>;
}

/** Keeps a route's handler typed by its own schemas while the list of routes stays uniform. */
export function defineRoute<QS extends z.ZodType, PS extends z.ZodType = z.ZodType<Record<string, never>>>(
  route: Omit<RouteDefinition<z.output<QS>, z.output<PS>>, 'query' | 'params'> & { query: QS; params?: PS },
): RouteDefinition {
  return route as unknown as RouteDefinition;
}
