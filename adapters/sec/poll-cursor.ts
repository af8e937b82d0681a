import type { SourceCursor } from '../types.js';

/**
 * The live-poll position: the newest acceptance time already stored, and the accessions seen
 * within an overlap window before it. The feed lists filings by acceptance time, but one accepted a
 * little earlier can become visible a little later, so entries inside the window are checked
 * against `seen` instead of being dropped; older ones are known. Re-polling is therefore harmless.
 */
export interface PollState {
  highWaterMs: number | null;
  /** accession → acceptance time (ms) of filings already stored. */
  seen: Map<string, number>;
}

export const POLL_OVERLAP_MS = 30 * 60_000;
const MAX_SEEN = 5000;

export function readPollCursor(cursor: SourceCursor | null): PollState {
  const seen = new Map<string, number>();
  const highWater = cursor && typeof cursor.highWater === 'string' ? Date.parse(cursor.highWater) : NaN;
  const list = cursor && Array.isArray(cursor.seen) ? cursor.seen : [];
  for (const item of list) {
    const [time, accession] = item.split(' ');
    const ms = Date.parse(time ?? '');
    if (accession && !Number.isNaN(ms)) seen.set(accession, ms);
  }
  return { highWaterMs: Number.isNaN(highWater) ? null : highWater, seen };
}

export function writePollCursor(state: PollState): SourceCursor {
  return {
    highWater: state.highWaterMs === null ? null : new Date(state.highWaterMs).toISOString(),
    seen: [...state.seen].map(([accession, ms]) => `${new Date(ms).toISOString()} ${accession}`),
  };
}

/** Whether a feed entry still needs fetching. */
export function isUnseen(state: PollState, accession: string, updatedMs: number): boolean {
  if (state.seen.has(accession)) return false;
  return state.highWaterMs === null || updatedMs >= state.highWaterMs - POLL_OVERLAP_MS;
}

/** Whether a feed page whose oldest entry has this time reaches back past what is already known. */
export function reachesKnownGround(state: PollState, oldestMs: number): boolean {
  return state.highWaterMs !== null && oldestMs < state.highWaterMs - POLL_OVERLAP_MS;
}

/** The state after storing these filings (new object; the input is left as it was). */
export function advancePollState(state: PollState, stored: Array<{ accession: string; updatedMs: number }>): PollState {
  let highWaterMs = state.highWaterMs;
  const seen = new Map(state.seen);
  for (const { accession, updatedMs } of stored) {
    seen.set(accession, updatedMs);
    if (highWaterMs === null || updatedMs > highWaterMs) highWaterMs = updatedMs;
  }
  if (highWaterMs !== null) {
    const horizon = highWaterMs - POLL_OVERLAP_MS;
    for (const [accession, ms] of seen) if (ms < horizon) seen.delete(accession);
  }
  if (seen.size > MAX_SEEN) {
    const newest = [...seen].sort((a, b) => b[1] - a[1]).slice(0, MAX_SEEN);
    return { highWaterMs, seen: new Map(newest) };
  }
  return { highWaterMs, seen };
}
