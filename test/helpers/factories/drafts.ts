import type { DeclarationDraft, Line } from '../../../src/model/index.js';

export function makeLine(overrides: Partial<Line> = {}): Line {
  const shares = overrides.shares ?? 100;
  const price = overrides.price === undefined ? 10 : overrides.price;
  return {
    line: 1,
    kind: 'transaction',
    code: 'P',
    nature: 'BUY',
    securityTitle: 'Common Stock',
    isin: null,
    isDerivative: false,
    transactionDate: '2025-03-03',
    shares,
    price,
    amount: price === null || shares === null ? null : shares * price,
    currency: 'USD',
    acquiredDisposed: 'A',
    sharesOwnedAfter: 1000,
    directIndirect: 'D',
    natureOfOwnership: null,
    venue: null,
    footnotes: [],
    footnoteRefs: [],
    derivative: null,
    ...overrides,
  };
}

/** A valid draft of the test source `tst`; override what a test is about. */
export function makeDraft(overrides: Partial<DeclarationDraft> = {}): DeclarationDraft {
  const sourceId = overrides.sourceId ?? '0000000001-25-000001';
  return {
    id: `TST:${sourceId}`,
    source: 'tst',
    sourceId,
    market: 'us',
    regulator: 'TEST',
    formType: '4',
    filingUrl: null,
    pubDate: '2025-03-05T21:15:00.000Z',
    isAmendment: false,
    linkKey: null,
    amendsKey: null,
    amendsId: null,
    isPlanned: null,
    plannedEvidence: null,
    company: {
      name: 'Acme Widgets Inc.',
      cik: '0000000100',
      isin: null,
      lei: null,
      sourceCompanyId: null,
      ticker: 'ACME',
      exchange: null,
      market: 'us',
    },
    insider: {
      name: 'Doe Jane',
      externalId: '0000000200',
      externalIdScheme: 'SEC_CIK',
      isEntity: false,
      role: 'CFO',
      roleRaw: 'Chief Financial Officer',
      isDirector: false,
      isOfficer: true,
      isTenPctOwner: false,
      isCloselyAssociated: false,
    },
    coReporters: [],
    lines: [makeLine()],
    remarks: null,
    footnotes: {},
    extras: {},
    ...overrides,
  };
}
