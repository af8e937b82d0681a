import { describe, expect, it } from 'vitest';
import { withRetry } from '../../../src/signals/persist.js';

const failure = (code: string) => Object.assign(new Error(code), { code });

describe('replaying a scoring batch', () => {
  it('replays after a deadlock and returns the result', async () => {
    let calls = 0;
    const result = await withRetry(async () => {
      calls += 1;
      if (calls < 3) throw failure('40P01');
      return 'done';
    });
    expect([result, calls]).toEqual(['done', 3]);
  });

  it('gives up after the last attempt and never replays other errors', async () => {
    let calls = 0;
    await expect(withRetry(async () => ((calls += 1), Promise.reject(failure('40001'))), 2)).rejects.toThrow('40001');
    expect(calls).toBe(2);
    calls = 0;
    await expect(withRetry(async () => ((calls += 1), Promise.reject(failure('23505'))))).rejects.toThrow('23505');
    expect(calls).toBe(1);
  });
});
