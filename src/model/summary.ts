import { DateTime } from 'luxon';
import type { DeclarationDraft, Line, TransactionSummary } from './declaration.js';
import type { Direction, Nature } from './enums.js';

export interface DeclarationFacts {
  direction: Direction | null;
  transactionDate: string | null;
  filingDelayDays: number | null;
  transaction: TransactionSummary;
}

const isTransaction = (line: Line) => line.kind === 'transaction';

function sideWeight(lines: Line[]): number {
  const amounts = lines.map((l) => l.amount);
  if (amounts.every((a) => a !== null)) return amounts.reduce<number>((s, a) => s + (a ?? 0), 0);
  return lines.reduce((s, l) => s + (l.shares ?? 0), 0);
}

/**
 * The declaration's direction comes from discretionary open-market lines only (nature BUY/SELL).
 * When both sides appear, the larger side by amount (or by shares when an amount is unknown) wins.
 */
export function directionOf(lines: Line[]): Direction | null {
  const buys = lines.filter((l) => isTransaction(l) && l.nature === 'BUY');
  const sells = lines.filter((l) => isTransaction(l) && l.nature === 'SELL');
  if (buys.length === 0 && sells.length === 0) return null;
  if (sells.length === 0) return 'BUY';
  if (buys.length === 0) return 'SELL';
  const buyWeight = sideWeight(buys);
  const sellWeight = sideWeight(sells);
  if (buyWeight === sellWeight) return null;
  return buyWeight > sellWeight ? 'BUY' : 'SELL';
}

function dominantNature(lines: Line[]): Nature | null {
  let best: { nature: Nature; weight: number } | null = null;
  const byNature = new Map<Nature, Line[]>();
  for (const line of lines) {
    if (!line.nature) continue;
    byNature.set(line.nature, [...(byNature.get(line.nature) ?? []), line]);
  }
  for (const [nature, group] of byNature) {
    const weight = sideWeight(group);
    if (!best || weight > best.weight) best = { nature, weight };
  }
  return best?.nature ?? null;
}

function sumOrNull(values: Array<number | null>): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return values.reduce<number>((s, v) => s + (v ?? 0), 0);
}

function singleOrNull<T>(values: Array<T | null>): T | null {
  const distinct = [...new Set(values.filter((v): v is T => v !== null))];
  return distinct.length === 1 ? (distinct[0] ?? null) : null;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Summarizes the lines of the chosen nature: total volume, total amount (null as soon as one line
 * lacks an amount: a partial sum would understate), volume-weighted unit price.
 */
export function summarizeLines(lines: Line[], direction: Direction | null): TransactionSummary {
  const transactions = lines.filter(isTransaction);
  const nature = direction ?? dominantNature(transactions);
  const chosen = transactions.filter((l) => l.nature === nature);
  const volume = chosen.length ? sumOrNull(chosen.map((l) => l.shares)) : null;
  const totalAmount = chosen.length ? sumOrNull(chosen.map((l) => l.amount)) : null;
  const unitPrice =
    totalAmount !== null && volume !== null && volume > 0
      ? round(totalAmount / volume, 6)
      : chosen.every((l) => l.price !== null)
        ? singleOrNull(chosen.map((l) => l.price))
        : null;
  const codes = [...new Set(chosen.map((l) => l.code).filter((c): c is string => c !== null))];
  return {
    nature,
    natureRaw: codes.length ? codes.join(',') : null,
    instrument: chosen[0]?.securityTitle ?? null,
    isin: chosen.find((l) => l.isin)?.isin ?? null,
    unitPrice,
    volume,
    totalAmount: totalAmount === null ? null : round(totalAmount, 4),
    currency: singleOrNull(chosen.map((l) => l.currency)),
    totalAmountEur: null,
    totalAmountUsd: null,
    venue: singleOrNull(chosen.map((l) => l.venue)),
  };
}

/** Weekdays strictly after `from` up to and including `to` (public holidays are not modelled). */
export function businessDaysBetween(from: string, to: string): number {
  let start = DateTime.fromISO(from, { zone: 'utc' });
  const end = DateTime.fromISO(to, { zone: 'utc' });
  if (end < start) return -businessDaysBetween(to, from);
  let days = 0;
  while (start < end) {
    start = start.plus({ days: 1 });
    if (start.weekday <= 5) days += 1;
  }
  return days;
}

/**
 * Direction, transaction date, filing delay and summary of a draft. The filing delay is counted in
 * business days between the earliest transaction date and the publication date in the market's own
 * time zone.
 */
export function declarationFacts(draft: DeclarationDraft, marketTimeZone: string): DeclarationFacts {
  const direction = directionOf(draft.lines);
  const transaction = summarizeLines(draft.lines, direction);
  const relevant = draft.lines.filter(
    (l) => isTransaction(l) && (transaction.nature === null || l.nature === transaction.nature),
  );
  const dates = (relevant.length ? relevant : draft.lines)
    .map((l) => l.transactionDate)
    .filter((d): d is string => d !== null)
    .sort();
  const transactionDate = dates[0] ?? null;
  const pubLocalDate = DateTime.fromISO(draft.pubDate, { zone: 'utc' }).setZone(marketTimeZone).toISODate();
  const filingDelayDays =
    transactionDate && pubLocalDate ? businessDaysBetween(transactionDate, pubLocalDate) : null;
  return { direction, transactionDate, filingDelayDays, transaction };
}
