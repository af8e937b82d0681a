import type { ZodType } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';

/**
 * The shape of the keyed API's read routes (src/api/routes/index.ts, READ_ROUTES), which the
 * sandbox serves under /api/v1/sandbox with proof of work instead of a key. `path` is relative
 * to /api/v1, e.g. '/declarations/:id'.
 */
export interface RouteInput {
  db: Db;
  query: unknown;
  params: unknown;
  config: Config;
  /** The keyed API passes the caller's key here; the sandbox is anonymous. */
  auth: null;
}

export interface RouteDefinition {
  name: string;
  path: string;
  query: ZodType;
  params?: ZodType;
  listing: boolean;
  sandbox: boolean;
  // Method syntax on purpose: handlers declare their own parsed query and params types.
  handler(input: RouteInput): Promise<object>;
}
