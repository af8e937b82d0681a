import os from 'node:os';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/connect.js';
import type { Db } from '../db/knex.js';
import { createLogger, type Logger } from '../log.js';

export interface CliContext {
  config: Config;
  log: Logger;
  worker: string;
}

export interface CommandDeps {
  db: Db;
  config: Config;
  log: Logger;
}

export function createCliContext(env: Record<string, string | undefined> = process.env): CliContext {
  const config = loadConfig(env);
  return { config, log: createLogger(config.logLevel), worker: `${os.hostname()}:${process.pid}` };
}

/** Opens the database (embedded or DATABASE_URL, migrated), runs `fn`, and always closes it. */
export async function withDatabase<T>(ctx: CliContext, fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(ctx.config, ctx.log);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}
