import type { ScoringInput, ScoringLine } from '../../../scoring/types.js';

export function line(overrides: Partial<ScoringLine> = {}): ScoringLine {
  return {
    line: 1,
    kind: 'transaction',
    nature: 'BUY',
    isDerivative: false,
    securityTitle: 'Common Stock',
    directIndirect: 'D',
    shares: 1000,
    price: 10,
    amount: 10_000,
    sharesOwnedAfter: 11_000,
    transactionDate: '2024-03-11',
    ...overrides,
  };
}

/** A plain open-market purchase by a director of a US company, with no market data. */
export function scoringInput(overrides: Partial<ScoringInput> = {}): ScoringInput {
  return {
    declarationId: 'SEC:0000000001-24-000001',
    market: 'us',
    insiderId: 1,
    coReporterIds: [],
    pubDate: '2024-03-12T21:05:00.000Z',
    pubLocalDate: '2024-03-12',
    direction: 'BUY',
    transactionDate: '2024-03-11',
    filingDelayDays: 1,
    isPlanned: false,
    plannedEvidence: null,
    role: 'DIRECTOR',
    isDirector: true,
    isOfficer: false,
    isTenPctOwner: false,
    isCloselyAssociated: false,
    totalAmount: 10_000,
    currency: 'USD',
    totalAmountEur: 9_200,
    lines: [line()],
    cluster: [],
    history: [],
    priorHolding: null,
    marketCap: { available: false, reason: 'no quote snapshot' },
    priorReturn: { available: false, reason: 'no price bars' },
    ...overrides,
  };
}

/** The context of a strong purchase: a CFO, a cluster of three, a small firm after a 50 % fall. */
export const strongBuy: Partial<ScoringInput> = {
  role: 'CFO',
  isOfficer: true,
  lines: [line({ shares: 10_000, sharesOwnedAfter: 10_000 })],
  history: [
    { declarationId: 'h1', tradeDate: '2020-06-01' },
    { declarationId: 'h2', tradeDate: '2021-07-01' },
    { declarationId: 'h3', tradeDate: '2022-08-01' },
  ],
  cluster: [2, 3, 4].map((id) => ({ declarationId: `c${id}`, insiderId: id, coReporterIds: [], pubDate: '2024-03-01T12:00:00.000Z' })),
  marketCap: {
    available: true,
    symbol: 'ACME',
    method: 'snapshot',
    asOf: '2024-03-08',
    value: 100e6,
    currency: 'EUR',
    valueEur: 100e6,
    fx: null,
    sharesOutstanding: null,
    sharesAsOf: null,
    close: null,
  },
  priorReturn: {
    available: true,
    symbol: 'ACME',
    startDate: '2023-09-05',
    startAdjClose: 10,
    endDate: '2024-03-11',
    endAdjClose: 5,
    tradingDays: 126,
  },
};
