import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { acceptanceToUtcIso, easternDateOf, easternMidnightUtcIso, easternToEpochMs } from '../../../adapters/sec/eastern-time.js';

describe('US Eastern time', () => {
  it.each([
    ['20250318200108', '2025-03-19T00:01:08.000Z'], // EDT
    ['20250121132357', '2025-01-21T18:23:57.000Z'], // EST
    ['20250309030000', '2025-03-09T07:00:00.000Z'], // first daylight hour, 2007+ rules
    ['20250309015959', '2025-03-09T06:59:59.000Z'], // last standard second
    ['20061018152446', '2006-10-18T19:24:46.000Z'], // pre-2007 rules: still daylight in October
    ['20061030120000', '2006-10-30T17:00:00.000Z'], // after the last Sunday of October 2006
    ['20060401120000', '2006-04-01T17:00:00.000Z'], // before the first Sunday of April 2006
    ['20060403120000', '2006-04-03T16:00:00.000Z'],
  ])('acceptance %s → %s', (stamp, iso) => {
    expect(acceptanceToUtcIso(stamp)).toBe(iso);
  });

  it('rejects unreadable acceptance stamps', () => {
    expect(acceptanceToUtcIso('2025031820010')).toBeNull();
    expect(acceptanceToUtcIso('20251318200108')).toBeNull();
    expect(acceptanceToUtcIso('2025-03-18 20:01')).toBeNull();
  });

  it('gives midnight Eastern and the Eastern date of an instant', () => {
    expect(easternMidnightUtcIso('2025-02-13')).toBe('2025-02-13T05:00:00.000Z');
    expect(easternMidnightUtcIso('2025-07-01')).toBe('2025-07-01T04:00:00.000Z');
    expect(easternDateOf(Date.parse('2025-03-19T00:01:08.000Z'))).toBe('2025-03-18');
    expect(easternDateOf(Date.parse('2025-03-19T04:00:00.000Z'))).toBe('2025-03-19');
  });

  it('agrees with the IANA zone database (luxon) for 2003–2040 (property)', () => {
    const instant = fc.integer({ min: Date.UTC(2003, 0, 1), max: Date.UTC(2040, 0, 1) });
    fc.assert(
      fc.property(instant, (ms) => {
        const local = DateTime.fromMillis(ms, { zone: 'America/New_York' });
        expect(easternDateOf(ms)).toBe(local.toISODate());
        // The repeated autumn hour has two readings; both implementations may pick either.
        const ambiguous = local.offset !== local.minus({ hours: 1 }).offset || local.offset !== local.plus({ hours: 1 }).offset;
        if (!ambiguous) {
          const back = easternToEpochMs(local.year, local.month, local.day, local.hour, local.minute, local.second);
          expect(back).toBe(ms - local.millisecond);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
