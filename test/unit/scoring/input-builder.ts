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
