import type { Factor } from '../../src/model/index.js';
import { firstAtLeast, formatPct, pointsOf, round } from '../format.js';
import type { ScoringLine } from '../types.js';
import { VERB, type FactorContext } from './context.js';

type Basis = 'amount' | 'shares' | 'line count';

function weighOf(lines: ScoringLine[]): { basis: Basis; weigh: (line: ScoringLine) => number } {
  if (lines.every((l) => l.amount !== null && l.amount !== 0)) return { basis: 'amount', weigh: (l) => Math.abs(l.amount ?? 0) };
  if (lines.every((l) => l.shares !== null && l.shares !== 0)) return { basis: 'shares', weigh: (l) => Math.abs(l.shares ?? 0) };
  return { basis: 'line count', weigh: () => 1 };
}

/**
 * (1) Transaction type: the share of the declaration's transactions that are discretionary
 * open-market trades of the shares themselves in the scored direction. Awards, exercises, tax
 * withholding and derivative legs in the same filing dilute the evidence of a trading decision.
 */
export function transactionTypeFactor({ input, direction, track }: FactorContext): Factor {
  const { cap, shareTiers } = track.transactionType;
  const transactions = input.lines.filter((l) => l.kind === 'transaction');
  const base = { key: 'transactionType', label: 'Transaction type', cap };
  if (transactions.length === 0) {
    return { ...base, value: null, points: 0, rationale: `The declaration lists no transaction line: ${pointsOf(0, cap)}.` };
  }
  const { basis, weigh } = weighOf(transactions);
  const discretionary = transactions.filter((l) => l.nature === direction && !l.isDerivative);
  const total = transactions.reduce((s, l) => s + weigh(l), 0);
  const share = total > 0 ? discretionary.reduce((s, l) => s + weigh(l), 0) / total : 0;
  const points = firstAtLeast(shareTiers, share)?.points ?? 0;
  return {
    ...base,
    value: round(share * 100, 1),
    points,
    rationale:
      `${formatPct(share * 100)} of the declared transactions by ${basis} (${discretionary.length} of ${transactions.length} lines) ` +
      `are open-market ${VERB[direction].nounPlural} of the shares: ${pointsOf(points, cap)}.`,
  };
}
