import type { Logger } from '../log.js';

/**
 * Runs `cleanup` once on SIGINT/SIGTERM (in order: stop taking work, finish, close the database,
 * stop the embedded server), then exits; a second signal exits at once.
 */
export function onShutdownSignal(log: Logger, cleanup: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`second ${signal}: exiting now`);
      process.exit(130);
    }
    stopping = true;
    log.info(`${signal} received: shutting down`);
    // Whatever a stuck piece of work does, the process ends.
    setTimeout(() => {
      log.error('shutdown took longer than 30 s: exiting now');
      process.exit(1);
    }, 30_000).unref();
    cleanup()
      .then(() => process.exit(0))
      .catch((error) => {
        log.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
