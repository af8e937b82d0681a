import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scheduler, type ScheduledJob } from '../../../src/ingest/scheduler.js';
import { silentLogger } from '../../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(10);
});
afterAll(async () => t.drop());

function job(name: string, body: () => Promise<void>, intervalMs = 60_000): ScheduledJob {
  return { name, retryBaseMs: 200, nextRunAfterSuccess: (start) => new Date(start.getTime() + intervalMs), run: body };
}

describe('scheduler', () => {
  it('runs a job in exactly one of two workers at a time', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const body = async () => {
      active += 1;
      runs += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 150));
      active -= 1;
    };
    const a = new Scheduler({ db: t.db, log: silentLogger, worker: 'a' }, [job('exclusive', body, 0)]);
    const b = new Scheduler({ db: t.db, log: silentLogger, worker: 'b' }, [job('exclusive', body, 0)]);
    for (let i = 0; i < 8; i++) {
      await Promise.all([a.tick(), b.tick()]);
      await new Promise((r) => setTimeout(r, 60));
    }
    await Promise.all([a.stop(), b.stop()]);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(maxActive).toBe(1);
  });

  it('does not rerun a job before it is due, in any worker', async () => {
    let runs = 0;
    const a = new Scheduler({ db: t.db, log: silentLogger, worker: 'a' }, [job('hourly', async () => void runs++)]);
    const b = new Scheduler({ db: t.db, log: silentLogger, worker: 'b' }, [job('hourly', async () => void runs++)]);
    await a.tick();
    await a.stop();
    await b.tick();
    await b.stop();
    expect(runs).toBe(1);
    expect(await t.db('job_state').where({ name: 'hourly' }).first()).toMatchObject({ status: 'ok', last_worker: 'a', consecutive_failures: 0 });
  });

  it('backs a failing job off exponentially and leaves the others running', async () => {
    let healthy = 0;
    const outcomes: string[] = [];
    const failing: ScheduledJob = {
      ...job('failing', async () => {
        throw new Error('403 Forbidden from upstream');
      }),
      onOutcome: async (o) => void outcomes.push(o.ok ? 'ok' : o.error),
    };
    const s = new Scheduler({ db: t.db, log: silentLogger, worker: 'a' }, [failing, job('healthy', async () => void healthy++, 0)]);
    await s.tick();
    await new Promise((r) => setTimeout(r, 50));
    const first = await t.db('job_state').where({ name: 'failing' }).first();
    expect(first).toMatchObject({ status: 'failing', consecutive_failures: 1, last_error: '403 Forbidden from upstream' });
    await t.db('job_state').where({ name: 'failing' }).update({ next_run_at: new Date(0) });
    await s.tick();
    await new Promise((r) => setTimeout(r, 50));
    await s.stop();
    const second = await t.db('job_state').where({ name: 'failing' }).first();
    expect(second.consecutive_failures).toBe(2);
    const delay1 = first.next_run_at.getTime() - first.last_error_at.getTime();
    const delay2 = second.next_run_at.getTime() - second.last_error_at.getTime();
    expect(delay2).toBeGreaterThan(delay1 * 1.5);
    expect(healthy).toBe(2);
    expect(outcomes).toEqual(['403 Forbidden from upstream', '403 Forbidden from upstream']);
  });
});
