import type { Logger } from '../log.js';

/**
 * Runs `cleanup` once on SIGINT/SIGTERM (in order: stop taking work, finish, close the database,
 * stop the embedded server), then exits; a second signal exits at once. The returned function
 * starts the same shutdown from inside the process (e.g. when the API processes it supervises
 * were stopped from outside); calling it while a shutdown runs does nothing.
 */
export function onShutdownSignal(log: Logger, cleanup: () => Promise<void>): (reason: string) => void {
  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${reason}: shutting down`);
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
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`second ${signal}: exiting now`);
      process.exit(130);
    }
    shutdown(`${signal} received`);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return shutdown;
}
