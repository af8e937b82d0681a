import type { Factor } from '../../src/model/index.js';
import { pointsOf } from '../format.js';
import { VERB, type FactorContext } from './context.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export type TraderKind = 'routine' | 'opportunistic' | 'unclassified';

/**
 * (3) Opportunistic vs routine (Cohen, Malloy & Pomorski 2012): an insider who traded in the same
 * calendar month in enough prior years trades on a calendar, not on information. Only the
 * insider's own same-direction trades at this issuer that were public before this one count.
 */
export function opportunisticFactor({ input, direction, track, weights }: FactorContext): Factor {
  const { cap } = track.opportunistic;
  const tradeDate = input.transactionDate ?? input.pubLocalDate;
  const year = Number(tradeDate.slice(0, 4));
  const month = Number(tradeDate.slice(5, 7));
  const priorYears = new Set<number>();
  const sameMonthYears = new Set<number>();
  for (const trade of input.history) {
    const y = Number(trade.tradeDate.slice(0, 4));
    if (!(y < year)) continue;
    priorYears.add(y);
    if (Number(trade.tradeDate.slice(5, 7)) === month) sameMonthYears.add(y);
  }
  const monthName = MONTHS[month - 1] ?? `month ${month}`;
  const sameMonthList = [...sameMonthYears].sort().join(', ');
  let kind: TraderKind;
  let rationale: string;
  if (sameMonthYears.size >= weights.routineMinYears) {
    kind = 'routine';
    rationale = `The insider also ${VERB[direction].past} in ${monthName} in ${sameMonthYears.size} prior years (${sameMonthList}): a routine trader, ${pointsOf(track.opportunistic.routine, cap)}.`;
  } else if (priorYears.size >= weights.classifiedMinYears) {
    kind = 'opportunistic';
    rationale =
      `The insider ${VERB[direction].past} in ${priorYears.size} prior years but in ${monthName} in only ${sameMonthYears.size}` +
      ` (fewer than ${weights.routineMinYears}): an opportunistic trade, ${pointsOf(track.opportunistic.opportunistic, cap)}.`;
  } else {
    kind = 'unclassified';
    rationale =
      `The insider has same-direction trades at this issuer in ${priorYears.size} prior year(s), fewer than the ${weights.classifiedMinYears}` +
      ` needed to tell routine from opportunistic: ${pointsOf(track.opportunistic.unclassified, cap)}.`;
  }
  return { key: 'opportunistic', label: 'Opportunistic vs routine', value: kind, points: track.opportunistic[kind], cap, rationale };
}
