import { startApiServer, type RunningApi } from '../../api/server.js';
import { createSandboxRouters } from '../../sandbox/index.js';
import { openDatabase } from '../../db/connect.js';
import { buildJobs } from '../../ingest/jobs.js';
import { Scheduler } from '../../ingest/scheduler.js';
import { parseCommandArgs } from '../args.js';
import type { CliContext } from '../context.js';
import { onShutdownSignal } from '../lifecycle.js';


/**
 * The long-running process. `serve` = API and scheduler, `serve --api-only` = API, `worker` =
 * scheduler. Workers coordinate through PostgreSQL, so any number of each can share one database.
 */
export async function serveCommand(argv: string[], ctx: CliContext, mode: 'serve' | 'worker'): Promise<number> {
  const { values } = parseCommandArgs(argv, { 'api-only': { type: 'boolean', default: false } }, false);
  const runApi = mode === 'serve';
  const runWorker = mode === 'worker' || !values['api-only'];
  const { config, log, worker } = ctx;

  const handle = await openDatabase(config, log);
  const { db } = handle;
  let scheduler: Scheduler | null = null;
  let api: RunningApi | null = null;
  try {
    if (runWorker) {
      scheduler = new Scheduler({ db, log, worker }, buildJobs({ db, config, log, worker }));
    }
    if (runApi) {
      api = await startApiServer({
        db,
        config,
        log,
        extraRouters: createSandboxRouters({ db, config, log }),
        announceFirstKey: (accountId, key) =>
          console.log(
            `\nFirst account ${accountId} created. Its API key, shown once (store it now):\n\n  ${key}\n\n` +
              `Try: curl -H "Authorization: Bearer ${key}" http://localhost:${config.port}/api/v1/declarations?limit=5\n`,
          ),
      });
      log.info(`Sigma API listening on ${api.url} (reference: ${api.url}/docs)`);
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  scheduler?.start();
  if (runWorker) log.info('ingestion scheduler started', { worker, sources: config.enabledSources.join(',') });

  onShutdownSignal(log, async () => {
    await scheduler?.stop();
    await api?.close();
    await handle.close();
  });
  // Keeps running until a signal arrives.
  return new Promise<number>(() => undefined);
}
