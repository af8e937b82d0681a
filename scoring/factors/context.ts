import type { Direction } from '../../src/model/index.js';
import type { ScoringInput } from '../types.js';
import type { TrackWeights, WeightsTable } from '../weights.js';

/** What every factor function receives: the input, the direction being scored and its weights. */
export interface FactorContext {
  input: ScoringInput;
  direction: Direction;
  track: TrackWeights;
  weights: WeightsTable;
}

export const VERB: Record<Direction, { past: string; noun: string; nounPlural: string }> = {
  BUY: { past: 'bought', noun: 'purchase', nounPlural: 'purchases' },
  SELL: { past: 'sold', noun: 'sale', nounPlural: 'sales' },
};
