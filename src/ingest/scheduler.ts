import type { Db } from '../db/knex.js';
import { withAdvisoryLock } from '../db/locks.js';
import type { Logger } from '../log.js';

export interface ScheduledJob {
  /** Unique across the deployment. */
  name: string;
  /**
   * Advisory lock held while the job runs (default: its name). Jobs that talk to one rate-limited
   * host share one lock, so across every process only one of them talks to it at a time.
   */
  lock?: string;
  /** When the job is next due after a successful run that started at `lastStart`. */
  nextRunAfterSuccess(lastStart: Date): Date;
  /** Base delay before the first retry after a failure; doubles per consecutive failure. */
  retryBaseMs: number;
  run(signal: AbortSignal): Promise<void>;
  /** Called with the outcome of every attempt, in the worker that ran it. */
  onOutcome?(outcome: { ok: true } | { ok: false; error: string }): Promise<void>;
}

interface JobStateRow {
  name: string;
  next_run_at: Date | null;
  consecutive_failures: number;
}

const MAX_RETRY_MS = 60 * 60 * 1000;

export function errorLine(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const because = cause instanceof Error ? ` (${cause.message})` : '';
    return `${error.message}${because}`;
  }
  return String(error);
}

/**
 * Runs recurring jobs in every worker process; PostgreSQL decides who runs what. A job runs only
 * while its worker holds the job's advisory lock, so any number of workers on one database never
 * run the same job at once, and due times live in `job_state` so they agree on the schedule.
 * A failing job logs one line per attempt, backs off exponentially and never disturbs the others.
 */
export class Scheduler {
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    private readonly deps: { db: Db; log: Logger; worker: string; tickMs?: number },
    private readonly jobs: ScheduledJob[],
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      void this.tick().finally(() => {
        if (!this.abort.signal.aborted) this.timer = setTimeout(tick, this.deps.tickMs ?? 1000);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  /**
   * Stops starting jobs and asks running ones to stop; waits for them at most `graceMs` (a job that
   * ignores the signal loses its lock with its connection when the process exits).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.abort.abort(new Error('scheduler stopping'));
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.allSettled([...this.running.values()]), grace]);
    clearTimeout(timer);
  }

  /** One pass: start every due job that no worker is running. Exposed for tests. */
  async tick(): Promise<void> {
    if (this.ticking || this.abort.signal.aborted) return;
    this.ticking = true;
    try {
      const states = new Map(
        ((await this.deps.db('job_state').select('name', 'next_run_at', 'consecutive_failures')) as JobStateRow[]).map(
          (r) => [r.name, r],
        ),
      );
      const now = Date.now();
      for (const job of this.jobs) {
        if (this.running.has(job.name)) continue;
        const due = states.get(job.name)?.next_run_at;
        if (due && due.getTime() > now) continue;
        const task = this.runExclusive(job).finally(() => this.running.delete(job.name));
        this.running.set(job.name, task);
      }
    } catch (error) {
      this.deps.log.warn('scheduler tick failed', { error: errorLine(error) });
    } finally {
      this.ticking = false;
    }
  }

  private async runExclusive(job: ScheduledJob): Promise<void> {
    const { db, log, worker } = this.deps;
    try {
      await withAdvisoryLock(db, job.lock ?? job.name, { wait: false }, async () => {
        // Another worker may have finished this job between our read and our lock.
        const state = (await db('job_state').where({ name: job.name }).first()) as JobStateRow | undefined;
        if (state?.next_run_at && state.next_run_at.getTime() > Date.now()) return;
        await this.runOnce(job, state?.consecutive_failures ?? 0);
      });
    } catch (error) {
      log.error('scheduler could not run job', { job: job.name, worker, error: errorLine(error) });
    }
  }

  private async runOnce(job: ScheduledJob, failuresSoFar: number): Promise<void> {
    const { db, log, worker } = this.deps;
    const started = new Date();
    await db('job_state')
      .insert({ name: job.name, status: 'running', last_started_at: started, last_worker: worker })
      .onConflict('name')
      .merge({ status: 'running', last_started_at: started, last_worker: worker });
    try {
      await job.run(this.abort.signal);
      await db('job_state')
        .where({ name: job.name })
        .update({
          status: 'ok',
          next_run_at: job.nextRunAfterSuccess(started),
          last_success_at: new Date(),
          consecutive_failures: 0,
          last_duration_ms: Date.now() - started.getTime(),
        });
      await job.onOutcome?.({ ok: true });
    } catch (error) {
      if (this.abort.signal.aborted) {
        // Stopped by shutdown, not failed: due at once, so another worker takes it over.
        await db('job_state').where({ name: job.name }).update({ status: 'interrupted', next_run_at: new Date() });
        log.info(`${job.name} interrupted by shutdown`);
        return;
      }
      const failures = failuresSoFar + 1;
      const retryMs = Math.min(job.retryBaseMs * 2 ** (failures - 1), MAX_RETRY_MS);
      const message = errorLine(error);
      log.warn(`${job.name} failed; retrying in ${Math.round(retryMs / 1000)}s`, { attempt: failures, error: message });
      await db('job_state')
        .where({ name: job.name })
        .update({
          status: 'failing',
          next_run_at: new Date(Date.now() + retryMs),
          last_error: message,
          last_error_at: new Date(),
          consecutive_failures: failures,
          last_duration_ms: Date.now() - started.getTime(),
        });
      await job.onOutcome?.({ ok: false, error: message });
    }
  }
}
