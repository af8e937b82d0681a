import cluster from 'node:cluster';
import { ensureFirstAccount } from '../../auth/accounts.js';
import { startApiProcesses, type ApiProcesses } from '../../api/processes.js';
import { apiUrl, startApiServer, type RunningApi } from '../../api/server.js';
import { createSandboxRouters } from '../../sandbox/index.js';
import { openDatabase } from '../../db/connect.js';
import { buildJobs } from '../../ingest/jobs.js';
import { Scheduler } from '../../ingest/scheduler.js';
import { parseCommandArgs } from '../args.js';
import type { CliContext } from '../context.js';
import { onShutdownSignal } from '../lifecycle.js';

const announceFirstKey = (port: number) => (accountId: number, key: string) =>
  console.log(
    `\nFirst account ${accountId} created. Its API key, shown once (store it now):\n\n  ${key}\n\n` +
      `Try: curl -H "Authorization: Bearer ${key}" http://localhost:${port}/api/v1/declarations?limit=5\n`,
  );

/**
 * The long-running process. `serve` = API and scheduler, `serve --api-only` = API, `worker` =
 * scheduler. Workers coordinate through PostgreSQL, so any number of each can share one database.
 * With SIGMA_API_PROCESSES above 1 this process runs the database, migrations and scheduler, and
 * forks that many API processes sharing PORT (see src/api/processes.ts); they land in
 * `serveApiProcess`.
 */
export async function serveCommand(argv: string[], ctx: CliContext, mode: 'serve' | 'worker'): Promise<number> {
  if (cluster.isWorker) return serveApiProcess(ctx);
  const { values } = parseCommandArgs(argv, { 'api-only': { type: 'boolean', default: false } }, false);
  const runApi = mode === 'serve';
  const runWorker = mode === 'worker' || !values['api-only'];
  const { config, log, worker } = ctx;

  const handle = await openDatabase(config, log);
  const { db } = handle;
  let scheduler: Scheduler | null = null;
  let api: RunningApi | null = null;
  let apiProcesses: ApiProcesses | null = null;
  let shutdown: ((reason: string) => void) | null = null;
  try {
    if (runWorker) {
      scheduler = new Scheduler({ db, log, worker }, buildJobs({ db, config, log, worker }));
    }
    if (runApi && config.apiProcesses > 1) {
      const first = await ensureFirstAccount(db);
      if (first.key) announceFirstKey(config.port)(first.accountId, first.key);
      apiProcesses = await startApiProcesses({
        count: config.apiProcesses,
        env: { DATABASE_URL: handle.url },
        log,
        onStoppedFromOutside: () => shutdown?.('an API process was stopped'),
      });
      const url = apiUrl(config, apiProcesses.port);
      log.info(`Sigma API listening on ${url} (reference: ${url}/docs)`, { processes: config.apiProcesses });
    } else if (runApi) {
      api = await startApiServer({
        db,
        config,
        log,
        extraRouters: createSandboxRouters({ db, config, log }),
        announceFirstKey: announceFirstKey(config.port),
      });
      log.info(`Sigma API listening on ${api.url} (reference: ${api.url}/docs)`);
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  scheduler?.start();
  if (runWorker) log.info('ingestion scheduler started', { worker, sources: config.enabledSources.join(',') });

  shutdown = onShutdownSignal(log, async () => {
    await scheduler?.stop();
    await apiProcesses?.stop();
    await api?.close();
    await handle.close();
  });
  // Keeps running until a signal arrives.
  return new Promise<number>(() => undefined);
}

/**
 * One of several API processes: the primary has opened and migrated the database (its URL comes
 * in DATABASE_URL) and created the first account; this one only serves.
 */
async function serveApiProcess(ctx: CliContext): Promise<number> {
  const { config, log } = ctx;
  const handle = await openDatabase(config, log, { migrate: false });
  let api: RunningApi;
  try {
    api = await startApiServer({ db: handle.db, config, log, extraRouters: createSandboxRouters({ db: handle.db, config, log }) });
  } catch (error) {
    await handle.close();
    throw error;
  }
  log.debug('API process listening', { pid: process.pid });
  onShutdownSignal(log, async () => {
    await api.close();
    await handle.close();
  });
  return new Promise<number>(() => undefined);
}
