import type { Factor } from '../../src/model/index.js';
import { pointsOf } from '../format.js';
import type { FactorContext } from './context.js';

/**
 * (8) Pre-planned trade: a trade under a Rule 10b5-1 plan or a mandated programme was decided in
 * advance, so it says little about what the insider knows today. A penalty only.
 */
export function plannedFactor({ input, track }: FactorContext): Factor {
  const { cap, planned } = track.planned;
  const base = { key: 'planned', label: 'Pre-planned trade', cap, value: input.isPlanned };
  if (input.isPlanned === true) {
    const evidence = input.plannedEvidence ? ` (evidence: ${input.plannedEvidence})` : '';
    return { ...base, points: planned, rationale: `The filing marks the trade as pre-planned, a 10b5-1 plan or programme${evidence}: ${pointsOf(planned, cap)}.` };
  }
  if (input.isPlanned === false) {
    return { ...base, points: 0, rationale: `The filing indicates no pre-arranged plan: ${pointsOf(0, cap)}.` };
  }
  return { ...base, points: 0, rationale: `The filing does not say whether the trade was pre-planned: ${pointsOf(0, cap)}.` };
}
