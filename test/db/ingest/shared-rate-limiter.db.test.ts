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
    const waits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b)('edgar.example', 10)));
    const sorted = [...waits].sort((x, y) => x - y);
    expect(sorted[0]).toBeLessThan(50);
    expect(sorted.at(-1)).toBeGreaterThan(1800);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThan(80);
    // Another host has its own slots.
    expect(await a('other.example', 10)).toBeLessThan(50);
  });
});
