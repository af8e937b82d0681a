import type { Factor } from '../../src/model/index.js';
import { firstMatchingReturnTier, formatPct, pointsOf, round } from '../format.js';
import { VERB, type FactorContext } from './context.js';

/**
 * (7) Contrarian timing: insiders buy after falls and sell after rises (Seyhun 1986); a purchase
 * against the trend is the stronger signal. Return over the look-back to the last close before
 * publication, on adjusted closes.
 */
export function contrarianFactor({ input, direction, track, weights }: FactorContext): Factor {
  const { cap, priorReturnPctTiers } = track.contrarian;
  const base = { key: 'contrarian', label: 'Contrarian timing', cap };
  const prior = input.priorReturn;
  if (!prior.available) {
    return {
      ...base,
      value: null,
      points: 0,
      rationale: `The ${weights.priorReturnTradingDays}-trading-day return before publication is unknown (${prior.reason}): ${pointsOf(0, cap)}.`,
    };
  }
  const pct = (prior.endAdjClose / prior.startAdjClose - 1) * 100;
  const points = firstMatchingReturnTier(priorReturnPctTiers, round(pct, 4))?.points ?? 0;
  const against = direction === 'BUY' ? pct < 0 : pct > 0;
  return {
    ...base,
    value: round(pct, 2),
    points,
    rationale:
      `The stock returned ${formatPct(pct)} over the ${prior.tradingDays} trading days to ${prior.endDate} ` +
      `(adjusted close ${prior.startAdjClose} on ${prior.startDate} to ${prior.endAdjClose}), ` +
      `${VERB[direction].past} ${against ? 'against' : 'with'} the trend: ${pointsOf(points, cap)}.`,
  };
}
