import { createHash } from 'node:crypto';
import { WEIGHTS, type WeightsTable } from './weights.js';

/** JSON with object keys sorted, so the hash depends on the table's content, not on key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** First 16 hex digits of the SHA-256 of the weights table. */
export function weightsHash(weights: WeightsTable = WEIGHTS): string {
  return createHash('sha256').update(stableJson(weights)).digest('hex').slice(0, 16);
}

/**
 * Every score version ever published and the hash of the weights table it used. Append a line
 * (never edit one) when the weights change, together with a `## Version <v> (weights <hash>)`
 * section in methodology.md.
 */
export const SCORE_VERSIONS: ReadonlyArray<{ version: string; weightsHash: string; since: string }> = Object.freeze([
  { version: 'v3', weightsHash: 'f01d49cbf5dd5d7f', since: '2026-11-22' },
]);
