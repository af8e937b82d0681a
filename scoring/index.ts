import type { Direction, Factor, Line } from '../src/model/index.js';
import { clusterFactor, countedClusterMembers } from './factors/cluster.js';
import type { FactorContext } from './factors/context.js';
import { contrarianFactor } from './factors/contrarian.js';
import { firmSizeFactor } from './factors/firm-size.js';
import { opportunisticFactor } from './factors/opportunistic.js';
import { plannedFactor } from './factors/planned.js';
import { relativeSizeFactor } from './factors/relative-size.js';
import { roleFactor } from './factors/role.js';
import { timelinessFactor } from './factors/timeliness.js';
import { transactionTypeFactor } from './factors/transaction-type.js';
import type { ScoreResult, ScoringInput, ScoringLine } from './types.js';
import { SCORE_VERSION, WEIGHTS, type WeightsTable } from './weights.js';

export { SCORE_VERSION, WEIGHTS } from './weights.js';
export type * from './types.js';

/** The nine factors, in the order they are shown. */
export const FACTORS: ReadonlyArray<(ctx: FactorContext) => Factor> = Object.freeze([
  transactionTypeFactor,
  roleFactor,
  opportunisticFactor,
  clusterFactor,
  relativeSizeFactor,
  firmSizeFactor,
  contrarianFactor,
  plannedFactor,
  timelinessFactor,
]);

export const SCORE_MIN = 0;
export const SCORE_MAX = 100;

/** Why a declaration without a discretionary direction gets no score, in one sentence. */
export function noDirectionReason(lines: ReadonlyArray<Pick<ScoringLine | Line, 'kind' | 'nature'>>): string {
  const transactions = lines.filter((l) => l.kind === 'transaction');
  if (transactions.length === 0) return 'Holdings only: the declaration reports no transaction, so there is no trading decision to score.';
  const counts = new Map<string, number>();
  for (const l of transactions) counts.set(l.nature ?? 'UNKNOWN', (counts.get(l.nature ?? 'UNKNOWN') ?? 0) + 1);
  if (counts.has('BUY') && counts.has('SELL')) {
    return 'Open-market purchases and sales of equal weight: the declaration has no net direction to score.';
  }
  const natures = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([nature, n]) => `${nature} ×${n}`)
    .join(', ');
  return (
    `No discretionary open-market purchase or sale (lines: ${natures}): grants, exercises, tax withholding, ` +
    'gifts and conversions carry no trading decision, so the declaration is not scored.'
  );
}

/**
 * The composite v3 score of one declaration: each factor's points summed and clamped to 0–100, on
 * the track (weights) of its direction. Pure and deterministic: the same input gives the same
 * result, whenever and wherever it is computed.
 */
export function scoreDeclaration(input: ScoringInput, weights: WeightsTable = WEIGHTS): ScoreResult {
  const direction: Direction | null = input.direction;
  if (direction === null) {
    return {
      version: SCORE_VERSION,
      direction: null,
      score: null,
      nullReason: noDirectionReason(input.lines),
      factors: [],
      isCluster: false,
      clusterSize: 0,
    };
  }
  const ctx: FactorContext = { input, direction, track: weights.tracks[direction], weights };
  const factors = FACTORS.map((factor) => factor(ctx));
  const total = factors.reduce((sum, f) => sum + f.points, 0);
  // The cluster factor's value is the number of other insiders counted.
  const clusterValue = factors.find((f) => f.key === 'cluster')?.value;
  const clusterSize = (typeof clusterValue === 'number' ? clusterValue : countedClusterMembers(input, weights).length) + 1;
  return {
    version: SCORE_VERSION,
    direction,
    score: Math.min(SCORE_MAX, Math.max(SCORE_MIN, Math.round(total))),
    nullReason: null,
    factors,
    isCluster: clusterSize >= weights.clusterFlagMinInsiders,
    clusterSize,
  };
}
