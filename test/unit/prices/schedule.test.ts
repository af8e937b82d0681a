import { describe, expect, it } from 'vitest';
import { isTimeOfDay, nextRunAt } from '../../../src/prices/schedule.js';

describe('nextRunAt', () => {
  it('is later today when the slot is still ahead', () => {
    expect(nextRunAt(new Date('2026-03-10T01:15:00Z'), '04:00').toISOString()).toBe('2026-03-10T04:00:00.000Z');
  });

  it('is tomorrow once the slot has passed, or at the very slot (never the same run twice)', () => {
    expect(nextRunAt(new Date('2026-03-10T04:00:01Z'), '04:00').toISOString()).toBe('2026-03-11T04:00:00.000Z');
    expect(nextRunAt(new Date('2026-03-10T04:00:00Z'), '04:00').toISOString()).toBe('2026-03-11T04:00:00.000Z');
    expect(nextRunAt(new Date('2026-12-31T23:59:00Z'), '04:00').toISOString()).toBe('2027-01-01T04:00:00.000Z');
  });

  it('is in UTC whatever the daylight-saving season', () => {
    expect(nextRunAt(new Date('2026-07-01T03:59:59Z'), '04:00').toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(nextRunAt(new Date('2026-07-01T12:00:00Z'), '23:30').toISOString()).toBe('2026-07-01T23:30:00.000Z');
  });

  it('refuses a malformed time of day', () => {
    expect(() => nextRunAt(new Date(), '4:00')).toThrow(/HH:MM/);
    expect(() => nextRunAt(new Date(), '24:00')).toThrow(RangeError);
    expect(isTimeOfDay('04:00')).toBe(true);
    expect(isTimeOfDay('04:60')).toBe(false);
  });
});
