import type { AtLeastTier, AtMostTier, BelowTier } from './weights.js';

/** Rounds for storage and display so floating-point noise never changes an audit. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function formatPct(value: number, digits = 1): string {
  return `${round(value, digits).toFixed(digits)}%`;
}

/** 1234567 → "1.2M": magnitudes a reader takes in at a glance. */
export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (abs >= 1e9) return `${sign}${(abs / 1e9).toFixed(2)}bn`;
  if (abs >= 1e6) return `${sign}${(abs / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${sign}${(abs / 1e3).toFixed(1)}k`;
  return `${sign}${abs.toFixed(0)}`;
}

export function formatMoney(value: number, currency: string): string {
  const compact = formatCompact(value);
  const [sign, digits] = compact.startsWith('-') ? ['-', compact.slice(1)] : ['', compact];
  return currency === 'EUR' ? `${sign}€${digits}` : `${sign}${currency} ${digits}`;
}

export function formatShares(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function firstAtLeast(tiers: readonly AtLeastTier[], value: number): AtLeastTier | null {
  return tiers.find((t) => value >= t.atLeast) ?? null;
}

export function firstBelow(tiers: readonly BelowTier[], value: number): BelowTier | null {
  return tiers.find((t) => t.below === null || value < t.below) ?? null;
}

export function firstMatchingReturnTier(
  tiers: ReadonlyArray<AtMostTier | AtLeastTier>,
  value: number,
): AtMostTier | AtLeastTier | null {
  return tiers.find((t) => ('atMost' in t ? value <= t.atMost : value >= t.atLeast)) ?? null;
}

/** "A, B and 3 more": evidence ids in a rationale without letting it grow without bound. */
export function listIds(ids: readonly string[], max = 3): string {
  if (ids.length <= max) return ids.join(', ');
  return `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

export function pointsOf(points: number, cap: number): string {
  if (cap <= 0) return points === 0 ? '0 points (no penalty)' : `${points} points`;
  return `${points} of ${cap} points`;
}
