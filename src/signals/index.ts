/** Point-in-time scoring, persistence, audit and backtests: what the scheduler, API and CLI use. */
export { scoreDeclarations, type ScoreOptions, type ScoreReport } from './score.js';
export { getScoreAudit, type ScoreAudit } from './audit.js';
export {
  BACKTEST_HORIZONS,
  SCORE_BUCKETS,
  aggregateBacktest,
  computeBacktests,
  getDeclarationBacktest,
  getDeclarationBacktests,
  insiderTrackRecord,
  type AggregateOptions,
  type BacktestBucket,
  type BacktestOptions,
  type BacktestRunReport,
  type DeclarationBacktest,
  type HorizonReturn,
  type HorizonStats,
  type TrackRecordHorizon,
} from './backtest.js';
