import { describe, expect, it } from 'vitest';
import {
  advancePollState,
  isUnseen,
  POLL_OVERLAP_MS,
  reachesKnownGround,
  readPollCursor,
  writePollCursor,
} from '../../../adapters/sec/poll-cursor.js';

const t = (iso: string) => Date.parse(iso);

describe('SEC poll cursor', () => {
  it('starts empty: everything is unseen', () => {
    const state = readPollCursor(null);
    expect(state.highWaterMs).toBeNull();
    expect(isUnseen(state, '0000000001-25-000001', t('2020-01-01T00:00:00Z'))).toBe(true);
    expect(reachesKnownGround(state, 0)).toBe(false);
  });

  it('remembers stored accessions through a JSON round trip, so re-polling fetches nothing twice', () => {
    const state = advancePollState(readPollCursor(null), [
      { accession: 'A', updatedMs: t('2025-12-12T23:00:00Z') },
      { accession: 'B', updatedMs: t('2025-12-12T23:02:43Z') },
    ]);
    const reread = readPollCursor(JSON.parse(JSON.stringify(writePollCursor(state))));
    expect(reread.highWaterMs).toBe(t('2025-12-12T23:02:43Z'));
    expect(isUnseen(reread, 'A', t('2025-12-12T23:00:00Z'))).toBe(false);
    expect(isUnseen(reread, 'B', t('2025-12-12T23:02:43Z'))).toBe(false);
    // accepted a little earlier but visible only now: still fetched
    expect(isUnseen(reread, 'C', t('2025-12-12T22:59:00Z'))).toBe(true);
    // older than the overlap window: known ground
    expect(isUnseen(reread, 'D', t('2025-12-12T23:02:43Z') - POLL_OVERLAP_MS - 1)).toBe(false);
    expect(reachesKnownGround(reread, t('2025-12-12T23:02:43Z') - POLL_OVERLAP_MS - 1)).toBe(true);
  });

  it('forgets accessions that fall out of the overlap window and never mutates its input', () => {
    const first = advancePollState(readPollCursor(null), [{ accession: 'OLD', updatedMs: t('2025-12-12T10:00:00Z') }]);
    const second = advancePollState(first, [{ accession: 'NEW', updatedMs: t('2025-12-12T12:00:00Z') }]);
    expect([...first.seen.keys()]).toEqual(['OLD']);
    expect([...second.seen.keys()]).toEqual(['NEW']);
    expect(writePollCursor(second)).toEqual({ highWater: '2025-12-12T12:00:00.000Z', seen: ['2025-12-12T12:00:00.000Z NEW'] });
  });

  it('ignores a malformed stored cursor instead of failing the poll', () => {
    const state = readPollCursor({ highWater: 'yesterday', seen: ['garbage', '2025-01-01T00:00:00Z X'] });
    expect(state.highWaterMs).toBeNull();
    expect([...state.seen.keys()]).toEqual(['X']);
  });
});
