import type { Factor } from '../../src/model/index.js';
import { firstBelow, formatCompact, formatMoney, pointsOf } from '../format.js';
import type { FactorContext } from './context.js';

/**
 * (6) Firm size: insiders' purchases predict returns mainly in small firms (Lakonishok & Lee 2001),
 * where information is scarcer. Market cap in EUR as known at publication.
 */
export function firmSizeFactor({ input, track }: FactorContext): Factor {
  const { cap, marketCapEurTiers } = track.firmSize;
  const base = { key: 'firmSize', label: 'Firm size', cap };
  const mcap = input.marketCap;
  if (!mcap.available) {
    return { ...base, value: null, points: 0, rationale: `Market cap unknown at publication (${mcap.reason}): ${pointsOf(0, cap)}.` };
  }
  const tier = firstBelow(marketCapEurTiers, mcap.valueEur);
  const points = tier?.points ?? 0;
  const lastBound = [...marketCapEurTiers].reverse().find((t) => t.below !== null)?.below ?? 0;
  const band = tier?.below == null ? `at least ${formatMoney(lastBound, 'EUR')}` : `below ${formatMoney(tier.below, 'EUR')}`;
  const how =
    mcap.method === 'snapshot'
      ? `quote snapshot of ${mcap.asOf}`
      : `estimated as ${formatCompact(mcap.sharesOutstanding ?? 0)} shares outstanding (as of ${mcap.sharesAsOf}) × close ${mcap.close} ${mcap.currency} on ${mcap.asOf}`;
  return {
    ...base,
    value: Math.round(mcap.valueEur),
    points,
    rationale: `Market cap ${formatMoney(mcap.valueEur, 'EUR')} (${how}) is ${band}: ${pointsOf(points, cap)}.`,
  };
}
