import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../log.js';

/**
 * Several processes serving the API on one port (node:cluster). One Node process uses one core
 * for JavaScript: on a machine with more, a single API process is the bottleneck long before
 * PostgreSQL is. Nothing the API keeps in memory needs sharing: keys, quotas, burst counters and
 * the sandbox's secrets and single-use proofs all live in PostgreSQL, so any process may answer
 * any request.
 */
export interface ApiProcesses {
  /** The port they share (the one asked for, or the one the OS chose for port 0). */
  readonly port: number;
  /** Stops replacing processes, then stops each one (SIGTERM; SIGKILL after the grace period). */
  stop(): Promise<void>;
}

export interface ApiProcessOptions {
  count: number;
  /** Environment added to each process's (e.g. the database URL the primary resolved). */
  env: Record<string, string>;
  log: Logger;
  /**
   * An API process that exits with code 0 was stopped on purpose (a signal sent to the whole
   * process group, a service manager): the service as a whole should stop, not replace it.
   */
  onStoppedFromOutside?: () => void;
  restartDelayMs?: { min: number; max: number };
  graceMs?: number;
}

const STABLE_AFTER_MS = 60_000;

/**
 * Forks `count` API processes (they re-run this program's entry point with its arguments and
 * must call `listen`), resolves once all listen, and replaces any that crashes afterwards, with a
 * delay doubling from `min` to `max` while replacements keep crashing. Rejects if one exits
 * before listening (a port in use, a bad configuration), after stopping the others.
 */
export async function startApiProcesses(options: ApiProcessOptions): Promise<ApiProcesses> {
  const { count, env, log, onStoppedFromOutside, restartDelayMs = { min: 1_000, max: 30_000 }, graceMs = 20_000 } = options;
  if (!cluster.isPrimary) throw new Error('startApiProcesses runs in the primary process only');
  const live = new Set<Worker>();
  let stopping = false;
  let started = false;
  let delayMs = restartDelayMs.min;
  let restartTimer: NodeJS.Timeout | undefined;

  const fork = (): Promise<number> => {
    const worker = cluster.fork(env);
    live.add(worker);
    const forkedAt = Date.now();
    const listening = new Promise<number>((resolve, reject) => {
      worker.once('listening', (address) => resolve(address.port));
      worker.once('exit', (code, signal) => reject(new Error(`API process ${worker.process.pid} exited (${signal ?? `code ${code}`}) before listening`)));
    });
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      if (stopping || !started) return;
      if (code === 0 && !signal) {
        log.warn('an API process was stopped from outside', { pid: worker.process.pid });
        onStoppedFromOutside?.();
        return;
      }
      if (Date.now() - forkedAt > STABLE_AFTER_MS) delayMs = restartDelayMs.min;
      log.error('an API process exited; starting a replacement', { pid: worker.process.pid, exit: signal ?? code, inMs: delayMs });
      restartTimer = setTimeout(() => {
        if (stopping) return;
        fork().then(
          (port) => log.info('replacement API process listening', { port }),
          () => undefined, // its own exit handler schedules the next attempt
        );
      }, delayMs);
      delayMs = Math.min(delayMs * 2, restartDelayMs.max);
    });
    return listening;
  };

  const stop = async () => {
    stopping = true;
    clearTimeout(restartTimer);
    await Promise.all(
      [...live].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const kill = setTimeout(() => worker.process.kill('SIGKILL'), graceMs);
            worker.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
  };

  const results = await Promise.allSettled(Array.from({ length: count }, fork));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  started = true;
  return {
    port: (results[0] as PromiseFulfilledResult<number>).value,
    stop,
  };
}
