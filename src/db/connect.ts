import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { startEmbeddedPostgres } from './embedded.js';
import { createDb, type Db } from './knex.js';
import { migrateLatest } from './migrate.js';

export interface DatabaseHandle {
  db: Db;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * The one way processes get a database: DATABASE_URL when set, else the embedded server under
 * SIGMA_DATA_DIR. Migrations run on open unless told not to.
 */
export async function openDatabase(
  config: Config,
  log: Logger,
  options: { migrate?: boolean } = {},
): Promise<DatabaseHandle> {
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  const url = config.databaseUrl ?? embedded!.url;
  const db = createDb(url, config.dbPoolMax);
  try {
    if (options.migrate ?? true) {
      const applied = await migrateLatest(db);
      if (applied.length) log.info('migrations applied', { migrations: applied });
    }
  } catch (error) {
    await db.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    db,
    url,
    embedded: embedded !== null,
    async close() {
      // Connections still held by a job that ignored shutdown must not keep the server running.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([db.destroy(), new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
      clearTimeout(timer);
      await embedded?.stop();
    },
  };
}
