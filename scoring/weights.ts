import type { Role } from '../src/model/index.js';

/**
 * The one table of thresholds and points of the composite score. Changing anything here changes
 * scores, so it requires a new SCORE_VERSION, a new entry in scoring/versions.ts and a matching
 * section in methodology.md (test/unit/scoring/version.test.ts enforces this).
 *
 * Tiers are read top to bottom; the first that matches gives the points.
 */
export const SCORE_VERSION = 'v3';

export interface AtLeastTier {
  atLeast: number;
  points: number;
}
export interface AtMostTier {
  atMost: number;
  points: number;
}
export interface BelowTier {
  /** Upper bound (exclusive); null = no bound. */
  below: number | null;
  points: number;
}

export interface FilingDeadline {
  days: number;
  unit: 'business' | 'calendar';
  /** Where the deadline comes from, shown in the rationale. */
  rule: string;
}

export interface TrackWeights {
  transactionType: { cap: number; shareTiers: AtLeastTier[] };
  role: { cap: number; points: Record<Role, number> };
  opportunistic: { cap: number; opportunistic: number; unclassified: number; routine: number };
  /** Points by number of distinct other insiders (index); the last entry applies beyond. */
  cluster: { cap: number; pointsByOtherInsiders: number[] };
  relativeSize: {
    cap: number;
    newPosition: number;
    holdingChangePctTiers: AtLeastTier[];
    marketCapPctTiers: AtLeastTier[];
  };
  firmSize: { cap: number; marketCapEurTiers: BelowTier[] };
  /** BUY tiers are upper bounds on the prior return (buying after a fall); SELL tiers lower bounds. */
  contrarian: { cap: number; priorReturnPctTiers: Array<AtMostTier | AtLeastTier> };
  planned: { cap: number; planned: number };
  timeliness: {
    cap: number;
    onTime: number;
    withinTwiceDeadline: number;
    late: number;
    /** Business days past the deadline from which a filing counts as very late. */
    veryLateAfterDays: number;
    veryLate: number;
  };
}

export interface WeightsTable {
  clusterWindowDays: number;
  clusterFlagMinInsiders: number;
  routineMinYears: number;
  classifiedMinYears: number;
  priorReturnTradingDays: number;
  /** The look-back's first close must fall within this many calendar days (sparse data is missing data). */
  priorReturnMaxCalendarDays: number;
  maxPriceAgeDays: number;
  maxSnapshotAgeDays: number;
  maxFxAgeDays: number;
  filingDeadlines: Record<string, FilingDeadline> & { default: FilingDeadline };
  tracks: Record<'BUY' | 'SELL', TrackWeights>;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export const WEIGHTS: WeightsTable = deepFreeze({
  clusterWindowDays: 30,
  /** Distinct insiders (this one included) from which the declaration is flagged as a cluster. */
  clusterFlagMinInsiders: 3,
  /** Prior calendar years with a trade in the same month that make a trader routine (CMP 2012). */
  routineMinYears: 3,
  /** Prior calendar years with any same-direction trade needed to classify at all. */
  classifiedMinYears: 3,
  priorReturnTradingDays: 126,
  priorReturnMaxCalendarDays: 250,
  /** The last close before publication must be at most this old, or prices count as missing. */
  maxPriceAgeDays: 10,
  /** A quote snapshot older than this at publication is too stale to size the firm. */
  maxSnapshotAgeDays: 120,
  maxFxAgeDays: 5,
  filingDeadlines: {
    us: { days: 2, unit: 'business', rule: 'SEC Form 4, 2 business days' },
    ca: { days: 5, unit: 'calendar', rule: 'NI 55-102 SEDI, 5 calendar days' },
    uk: { days: 3, unit: 'business', rule: 'UK MAR art. 19, 3 business days' },
    ch: { days: 5, unit: 'business', rule: 'SIX Directive on Management Transactions, 2 + 3 trading days' },
    default: { days: 3, unit: 'business', rule: 'EU MAR art. 19, 3 business days' },
  },
  tracks: {
    BUY: {
      transactionType: {
        cap: 10,
        shareTiers: [
          { atLeast: 0.9, points: 10 },
          { atLeast: 0.5, points: 6 },
          { atLeast: 0, points: 3 },
        ],
      },
      role: {
        cap: 15,
        points: {
          CFO: 15,
          CEO: 12,
          CHAIR: 12,
          OTHER_OFFICER: 9,
          DIRECTOR: 7,
          TEN_PCT_OWNER: 4,
          CLOSELY_ASSOCIATED: 3,
          OTHER: 2,
        },
      },
      opportunistic: { cap: 15, opportunistic: 15, unclassified: 6, routine: -5 },
      cluster: { cap: 20, pointsByOtherInsiders: [0, 8, 14, 20] },
      relativeSize: {
        cap: 15,
        newPosition: 15,
        holdingChangePctTiers: [
          { atLeast: 100, points: 15 },
          { atLeast: 25, points: 12 },
          { atLeast: 10, points: 9 },
          { atLeast: 2, points: 5 },
          { atLeast: 0, points: 2 },
        ],
        marketCapPctTiers: [
          { atLeast: 0.05, points: 12 },
          { atLeast: 0.01, points: 8 },
          { atLeast: 0.001, points: 4 },
          { atLeast: 0, points: 1 },
        ],
      },
      firmSize: {
        cap: 10,
        marketCapEurTiers: [
          { below: 250e6, points: 10 },
          { below: 1e9, points: 8 },
          { below: 5e9, points: 5 },
          { below: 25e9, points: 2 },
          { below: null, points: 0 },
        ],
      },
      contrarian: {
        cap: 10,
        priorReturnPctTiers: [
          { atMost: -30, points: 10 },
          { atMost: -15, points: 7 },
          { atMost: -5, points: 4 },
          { atMost: 5, points: 2 },
        ],
      },
      planned: { cap: 0, planned: -15 },
      timeliness: { cap: 5, onTime: 5, withinTwiceDeadline: 2, late: 0, veryLateAfterDays: 10, veryLate: -5 },
    },
    SELL: {
      transactionType: {
        cap: 10,
        shareTiers: [
          { atLeast: 0.9, points: 10 },
          { atLeast: 0.5, points: 6 },
          { atLeast: 0, points: 3 },
        ],
      },
      role: {
        cap: 10,
        points: {
          CFO: 10,
          CEO: 8,
          CHAIR: 8,
          OTHER_OFFICER: 6,
          DIRECTOR: 5,
          TEN_PCT_OWNER: 3,
          CLOSELY_ASSOCIATED: 2,
          OTHER: 1,
        },
      },
      opportunistic: { cap: 10, opportunistic: 10, unclassified: 4, routine: -5 },
      cluster: { cap: 12, pointsByOtherInsiders: [0, 5, 9, 12] },
      relativeSize: {
        cap: 10,
        newPosition: 0,
        holdingChangePctTiers: [
          { atLeast: 75, points: 10 },
          { atLeast: 25, points: 7 },
          { atLeast: 10, points: 4 },
          { atLeast: 2, points: 2 },
          { atLeast: 0, points: 1 },
        ],
        marketCapPctTiers: [
          { atLeast: 0.05, points: 8 },
          { atLeast: 0.01, points: 5 },
          { atLeast: 0.001, points: 2 },
          { atLeast: 0, points: 0 },
        ],
      },
      firmSize: {
        cap: 5,
        marketCapEurTiers: [
          { below: 250e6, points: 5 },
          { below: 1e9, points: 4 },
          { below: 5e9, points: 2 },
          { below: 25e9, points: 1 },
          { below: null, points: 0 },
        ],
      },
      contrarian: {
        cap: 8,
        priorReturnPctTiers: [
          { atLeast: 50, points: 8 },
          { atLeast: 25, points: 6 },
          { atLeast: 10, points: 3 },
          { atLeast: 0, points: 1 },
        ],
      },
      planned: { cap: 0, planned: -20 },
      timeliness: { cap: 5, onTime: 5, withinTwiceDeadline: 2, late: 0, veryLateAfterDays: 10, veryLate: -5 },
    },
  },
});

export function filingDeadline(market: string): FilingDeadline {
  return WEIGHTS.filingDeadlines[market] ?? WEIGHTS.filingDeadlines.default;
}
