import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedSlotReserver } from '../../../src/http/shared-rate-limiter.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(8);
});
afterAll(async () => t.drop());

describe('shared outbound rate limit', () => {
  it('hands out slots 1/rate apart to every caller sharing the database', async () => {
    // Two reservers stand for two processes; 20 reservations at 10/s must span about 2 seconds.
    const a = sharedSlotReserver(t.db);
    const b = sharedSlotReserver(t.db);
    // When each caller may send: the wait measured from when its answer arrived. The waits alone
    // also differ by how long each reservation queued behind the others on a busy machine.
    const started = performance.now();
    const sendTimes = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const wait = await (i % 2 ? a : b)('edgar.example', 10);
        return performance.now() - started + wait;
      }),
    );
    const sorted = [...sendTimes].sort((x, y) => x - y);
    expect(sorted[0]).toBeLessThan(250);
    expect(sorted.at(-1)! - sorted[0]!).toBeGreaterThan(1800);
    // 100 ms apart, less what answering one caller later than another can take on a loaded machine.
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThan(60);
    // Another host has its own slots.
    expect(await a('other.example', 10)).toBeLessThan(50);
  });
});
