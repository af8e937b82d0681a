import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { POOL_IDLE_TIMEOUT_MS } from '../../src/db/knex.js';
import { queryPrepared } from '../../src/db/prepared.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase(1);
});
afterAll(async () => {
  await t.drop();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The server process behind the pool's one connection, and how many statements it has prepared. */
async function connectionState(): Promise<{ pid: number; prepared: number }> {
  const [row] = await queryPrepared<{ pid: number; prepared: number }>(
    t.db,
    t.db.raw('select pg_backend_pid() as pid, (select count(*) from pg_prepared_statements)::int as prepared'),
  );
  return row!;
}

describe('the connection pool', () => {
  it('keeps an idle connection and its prepared statements for minutes, and closes it after POOL_IDLE_TIMEOUT_MS', async () => {
    // Only the pool's clock and its reaping interval are simulated; sockets and queries are real.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const first = await connectionState();
    expect(first.prepared).toBeGreaterThanOrEqual(1);

    // A client polling every few minutes: tarn's default (30 s) would have closed the connection.
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(await connectionState()).toEqual(first);

    await vi.advanceTimersByTimeAsync(POOL_IDLE_TIMEOUT_MS + 5_000);
    const later = await connectionState();
    expect(later.pid).not.toBe(first.pid);
    // A new server process: its statements are prepared again from the first call.
    expect(later.prepared).toBe(1);
  });
});
