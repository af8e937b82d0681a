import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { createDb } from '../../src/db/knex.js';
import { migrateLatest } from '../../src/db/migrate.js';
import { silentLogger } from '../../src/log.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplateDatabase: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Database tests run against TEST_DATABASE_URL when it is set (CI points it at the real server),
 * otherwise against an embedded PostgreSQL started for this run in a temporary directory. A
 * migrated template database is made once; each test file clones it (see test/helpers/db.ts).
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | null = null;
  let tempDir: string | null = null;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'sigma-test-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: tempDir, port: await freePort(), log: silentLogger });
    serverUrl = embedded.url;
    console.log(`[db tests] embedded PostgreSQL in ${tempDir}`);
  } else {
    console.log(`[db tests] PostgreSQL server from TEST_DATABASE_URL (${new URL(serverUrl).host})`);
  }
  const template = `sigma_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const db = createDb(withDatabase(serverUrl, template), 2);
  await migrateLatest(db);
  await db.destroy();

  project.provide('pgServerUrl', serverUrl);
  project.provide('pgTemplateDatabase', template);

  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like $1 or datname = $2",
      [`sigma_t_${process.pid}_%`, template],
    );
    for (const { datname } of leftovers.rows) {
      await admin.query(`drop database if exists ${datname} with (force)`).catch(() => undefined);
    }
    await admin.end();
    await embedded?.stop();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  };
}
