import type { Server } from 'node:http';
import { createApp } from '../../api/app.js';
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
  let server: Server | null = null;
  try {
    if (runWorker) {
      scheduler = new Scheduler({ db, log, worker }, buildJobs({ db, config, log, worker }));
    }
    if (runApi) {
      const app = createApp({ db, config, log });
      server = await new Promise<Server>((resolve, reject) => {
        const s = app.listen(config.port, config.host, () => resolve(s));
        s.once('error', reject);
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      log.info(`Sigma API listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/api/v1/health`);
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  scheduler?.start();
  if (runWorker) log.info('ingestion scheduler started', { worker, sources: config.enabledSources.join(',') });

  onShutdownSignal(log, async () => {
    await scheduler?.stop();
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    await handle.close();
  });
  // Keeps running until a signal arrives.
  return new Promise<number>(() => undefined);
}
