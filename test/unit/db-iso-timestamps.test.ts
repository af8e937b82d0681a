import { describe, expect, it } from 'vitest';
import { pgTimestampToIso } from '../../src/db/iso-timestamps.js';

describe('pgTimestampToIso', () => {
  it('formats every fraction PostgreSQL prints as ISO 8601 with milliseconds', () => {
    expect(pgTimestampToIso('2026-11-22 02:34:46.027+00')).toBe('2026-11-22T02:34:46.027Z');
    expect(pgTimestampToIso('2026-11-22 02:34:46+00')).toBe('2026-11-22T02:34:46.000Z');
    expect(pgTimestampToIso('2026-11-22 02:34:46.5+00')).toBe('2026-11-22T02:34:46.500Z');
    expect(pgTimestampToIso('2026-11-22 02:34:46.123456+00')).toBe('2026-11-22T02:34:46.123Z');
  });

  it('falls back to Date for an offset other than UTC', () => {
    expect(pgTimestampToIso('2026-11-22 03:34:46.1+01')).toBe('2026-11-22T02:34:46.100Z');
  });
});
