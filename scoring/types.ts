import type { Direction, Factor, Nature, Role } from '../src/model/index.js';

/** The subset of a declaration line the factors read. */
export interface ScoringLine {
  line: number;
  kind: 'transaction' | 'holding';
  nature: Nature | null;
  isDerivative: boolean;
  securityTitle: string | null;
  directIndirect: 'D' | 'I' | null;
  shares: number | null;
  price: number | null;
  amount: number | null;
  sharesOwnedAfter: number | null;
  transactionDate: string | null;
}

/** Another insider's same-direction declaration at the same issuer, public before this one. */
export interface ClusterMember {
  declarationId: string;
  insiderId: number;
  /** Joint filers of that declaration: one economic actor, never counted twice. */
  coReporterIds: number[];
  pubDate: string;
}

/** One of the insider's own earlier same-direction trades at this issuer, public before this one. */
export interface HistoryTrade {
  declarationId: string;
  /** The trade date (the publication's local date when the filing gives none). */
  tradeDate: string;
}

/** The insider's last holding reported in an earlier declaration at this issuer. */
export interface PriorHolding {
  declarationId: string;
  pubDate: string;
  sharesOwnedAfter: number;
}

export type Unavailable = { available: false; reason: string };

/** The stock's own (split- and dividend-adjusted) closes bracketing the look-back window. */
export type PriorReturnInput =
  | {
      available: true;
      symbol: string;
      startDate: string;
      startAdjClose: number;
      endDate: string;
      endAdjClose: number;
      tradingDays: number;
    }
  | Unavailable;

/** Market capitalisation known at publication, converted to EUR. */
export type MarketCapInput =
  | {
      available: true;
      symbol: string;
      /** `snapshot`: a quote snapshot taken on or before publication; `shares_x_close`: an estimate. */
      method: 'snapshot' | 'shares_x_close';
      asOf: string;
      value: number;
      currency: string;
      valueEur: number;
      fx: { pair: string; date: string; rate: number } | null;
      sharesOutstanding: number | null;
      sharesAsOf: string | null;
      close: number | null;
    }
  | Unavailable;

/**
 * Everything one declaration's score depends on: the declaration itself plus the point-in-time
 * context (only what was public at `pubDate`). Pure data, so scoring needs no database.
 */
export interface ScoringInput {
  declarationId: string;
  market: string;
  insiderId: number;
  /** Joint filers of this declaration (one economic actor with the insider). */
  coReporterIds: number[];
  pubDate: string;
  /** The publication's calendar date in the market's time zone. */
  pubLocalDate: string;
  direction: Direction | null;
  transactionDate: string | null;
  /** Business days from the transaction to publication, as stored on the declaration. */
  filingDelayDays: number | null;
  isPlanned: boolean | null;
  plannedEvidence: string | null;
  role: Role;
  isDirector: boolean;
  isOfficer: boolean;
  isTenPctOwner: boolean;
  isCloselyAssociated: boolean;
  totalAmount: number | null;
  currency: string | null;
  totalAmountEur: number | null;
  lines: ScoringLine[];
  cluster: ClusterMember[];
  history: HistoryTrade[];
  priorHolding: PriorHolding | null;
  marketCap: MarketCapInput;
  priorReturn: PriorReturnInput;
}

export type FactorKey =
  | 'transactionType'
  | 'role'
  | 'opportunistic'
  | 'cluster'
  | 'relativeSize'
  | 'firmSize'
  | 'contrarian'
  | 'planned'
  | 'timeliness';

export interface ScoreResult {
  version: string;
  direction: Direction | null;
  score: number | null;
  nullReason: string | null;
  factors: Factor[];
  isCluster: boolean;
  /** Distinct insiders in the same direction within the window, this one included (0 when unscored). */
  clusterSize: number;
}
