import type { Direction, Factor } from '../../src/model/index.js';
import { firstAtLeast, formatMoney, formatPct, formatShares, pointsOf, round } from '../format.js';
import type { ScoringInput, ScoringLine } from '../types.js';
import { VERB, type FactorContext } from './context.js';

interface HoldingChange {
  traded: number;
  before: number;
  source: string;
}

/** Shares traded in the direction and the holding before, from this declaration's own lines. */
function fromOwnLines(lines: ScoringLine[], direction: Direction): HoldingChange | null {
  const directional = lines.filter((l) => l.kind === 'transaction' && l.nature === direction && !l.isDerivative);
  const last = [...directional].reverse().find((l) => l.sharesOwnedAfter !== null);
  if (!last || last.sharesOwnedAfter === null) return null;
  // Holdings are reported per security and per direct/indirect form: only lines of the same
  // holding add up to the change of that holding.
  const sameHolding = directional.filter(
    (l) => l.securityTitle === last.securityTitle && l.directIndirect === last.directIndirect && l.line <= last.line,
  );
  if (sameHolding.some((l) => l.shares === null)) return null;
  const traded = sameHolding.reduce((s, l) => s + Math.abs(l.shares ?? 0), 0);
  const before = direction === 'BUY' ? last.sharesOwnedAfter - traded : last.sharesOwnedAfter + traded;
  if (traded <= 0 || before < 0) return null;
  return { traded, before, source: `shares owned after line ${last.line}` };
}

function fromPriorHolding(input: ScoringInput, direction: Direction): HoldingChange | null {
  if (!input.priorHolding) return null;
  const directional = input.lines.filter((l) => l.kind === 'transaction' && l.nature === direction && !l.isDerivative);
  if (directional.length === 0 || directional.some((l) => l.shares === null)) return null;
  const traded = directional.reduce((s, l) => s + Math.abs(l.shares ?? 0), 0);
  if (traded <= 0) return null;
  // A sale out of a holding last reported as empty is inconsistent: no measure rather than a guess.
  if (direction === 'SELL' && input.priorHolding.sharesOwnedAfter <= 0) return null;
  return {
    traded,
    before: input.priorHolding.sharesOwnedAfter,
    source: `holding last reported in ${input.priorHolding.declarationId}`,
  };
}

/**
 * (5) Relative size: how much of the insider's own holding the trade moves; when holdings are
 * not reported (most EU notifications), the amount as a fraction of the market capitalisation.
 */
export function relativeSizeFactor({ input, direction, track }: FactorContext): Factor {
  const { cap, newPosition, holdingChangePctTiers, marketCapPctTiers } = track.relativeSize;
  const base = { key: 'relativeSize', label: 'Relative size', cap };
  const change = fromOwnLines(input.lines, direction) ?? fromPriorHolding(input, direction);
  if (change) {
    if (change.before === 0) {
      const points = direction === 'BUY' ? newPosition : 0;
      return {
        ...base,
        value: 'new position',
        points,
        rationale: `${formatShares(change.traded)} shares ${VERB[direction].past} with no shares held before (${change.source}): a new position, ${pointsOf(points, cap)}.`,
      };
    }
    const pct = Math.min((change.traded / change.before) * 100, direction === 'SELL' ? 100 : Number.POSITIVE_INFINITY);
    const points = firstAtLeast(holdingChangePctTiers, pct)?.points ?? 0;
    return {
      ...base,
      value: round(pct, 2),
      points,
      rationale:
        `${formatShares(change.traded)} shares ${VERB[direction].past} against ${formatShares(change.before)} held before (${change.source}): ` +
        `the holding ${direction === 'BUY' ? 'grows' : 'shrinks'} by ${formatPct(pct)}, ${pointsOf(points, cap)}.`,
    };
  }
  const mcap = input.marketCap;
  if (mcap.available) {
    let amount: { value: number; currency: string; cap: number } | null = null;
    if (input.totalAmountEur !== null) amount = { value: input.totalAmountEur, currency: 'EUR', cap: mcap.valueEur };
    else if (input.totalAmount !== null && input.currency === mcap.currency) amount = { value: input.totalAmount, currency: mcap.currency, cap: mcap.value };
    if (amount && amount.cap > 0) {
      const pct = (Math.abs(amount.value) / amount.cap) * 100;
      const points = firstAtLeast(marketCapPctTiers, pct)?.points ?? 0;
      return {
        ...base,
        value: round(pct, 5),
        points,
        rationale:
          `No holding is reported, so size is the amount ${formatMoney(amount.value, amount.currency)} against a market cap of ` +
          `${formatMoney(amount.cap, amount.currency)} (${mcap.asOf}), ${formatPct(pct, 4)}: ${pointsOf(points, cap)}.`,
      };
    }
  }
  const missing = [
    'no holding before or after the trade is reported',
    input.totalAmountEur === null && input.totalAmount === null ? 'the amount is unknown' : null,
    input.totalAmountEur === null && input.totalAmount !== null && mcap.available && input.currency !== mcap.currency
      ? `the amount in ${input.currency ?? 'an unknown currency'} has no EUR value to compare with the market cap`
      : null,
    mcap.available ? null : `the market cap is unknown (${mcap.reason})`,
  ].filter((s): s is string => s !== null);
  return { ...base, value: null, points: 0, rationale: `Relative size cannot be measured: ${missing.join('; ')}; ${pointsOf(0, cap)}.` };
}
