import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { secAdapter } from '../../../adapters/sec/index.js';
import type { SecOwnershipFiling, SecOwnershipRow } from '../../../adapters/sec/record.js';
import { isSkipped } from '../../../adapters/types.js';
import { DeclarationDraftSchema } from '../../../src/model/index.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';

/**
 * The hand-checked facts of the corpus's EXPECTED.md, written as data. Numbers are the XML's
 * decimals read as numbers (`42.00` → 42); a price without a <value> is null; "roles" lists the
 * relationship flags that are set.
 */
type Flag = 'isDirector' | 'isOfficer' | 'isTenPercentOwner' | 'isOther';
interface ExpectedRow {
  date: string;
  code: string;
  shares: number;
  price: number | null;
  ad: 'A' | 'D';
  ownedAfter: number;
  di: 'D' | 'I';
  nature: string | null;
  priceFootnotes: string[];
}
interface ExpectedFiling {
  file: string;
  accession: string | null;
  documentType: string;
  schemaVersion: string;
  periodOfReport: string;
  dateOfOriginalSubmission?: string;
  issuer: { cik: string; name: string; ticker: string };
  aff10b5One: string | null;
  owners: Array<{ name: string; cik: string; roles: Flag[]; officerTitle?: string }>;
  nonDerivativeTransactions: ExpectedRow[];
  derivativeTransactionCodes: string[];
  nonDerivativeHoldings: number;
  derivativeHoldings: number;
  footnotes: number;
}

const row = (
  date: string,
  code: string,
  shares: number,
  price: number | null,
  ad: 'A' | 'D',
  ownedAfter: number,
  di: 'D' | 'I',
  nature: string | null,
  priceFootnotes: string[] = [],
): ExpectedRow => ({ date, code, shares, price, ad, ownedAfter, di, nature, priceFootnotes });

const EXPECTED: ExpectedFiling[] = [
  {
    file: 'form4/0001104659-25-025206.txt',
    accession: '0001104659-25-025206',
    documentType: '4',
    schemaVersion: 'X0508',
    periodOfReport: '2025-03-14',
    issuer: { cik: '0001883685', name: 'DraftKings Inc.', ticker: 'DKNG' },
    aff10b5One: '1',
    owners: [{ name: 'Dodge R Stanton', cik: '0001404430', roles: ['isOfficer'], officerTitle: 'Chief Legal Officer' }],
    nonDerivativeTransactions: [
      row('2025-03-14', 'S', 49252, 37.59, 'D', 710145, 'D', null, ['F2']),
      row('2025-03-14', 'S', 3525, 38.05, 'D', 706620, 'D', null, ['F3']),
      row('2025-03-17', 'S', 52777, 39, 'D', 653843, 'D', null),
    ],
    derivativeTransactionCodes: [],
    nonDerivativeHoldings: 0,
    derivativeHoldings: 0,
    footnotes: 3,
  },
  {
    file: 'form4/0001079973-25-000129.txt',
    accession: '0001079973-25-000129',
    documentType: '4',
    schemaVersion: 'X0508',
    periodOfReport: '2025-01-23',
    issuer: { cik: '0000788920', name: 'PRO DEX INC', ticker: 'PDEX' },
    aff10b5One: '1',
    owners: [
      { name: 'CABILLOT RAYMOND E', cik: '0001361476', roles: ['isDirector', 'isTenPercentOwner'] },
      { name: 'FARNAM STREET PARTNERS LP /MN', cik: '0001058465', roles: ['isTenPercentOwner'] },
    ],
    nonDerivativeTransactions: [
      row('2025-01-23', 'S', 835, 42.0, 'D', 334646, 'I', 'By Farnam Street Partners, L.P.'),
      row('2025-01-24', 'S', 1436, 41.44, 'D', 333210, 'I', 'By Farnam Street Partners, L.P.', ['F2']),
    ],
    derivativeTransactionCodes: [],
    nonDerivativeHoldings: 0,
    derivativeHoldings: 0,
    footnotes: 2,
  },
  {
    file: 'form4/0001127602-25-004598.nc',
    accession: '0001127602-25-004598',
    documentType: '4',
    schemaVersion: 'X0508',
    periodOfReport: '2025-02-12',
    issuer: { cik: '0000007536', name: 'ARROW ELECTRONICS, INC.', ticker: 'ARW' },
    aff10b5One: '0',
    owners: [
      { name: 'Jean-Claude Carine Lamercie', cik: '0001870985', roles: ['isOfficer'], officerTitle: 'SVP, CLO & Secretary' },
    ],
    nonDerivativeTransactions: [
      row('2025-02-12', 'A', 2193, 106.82, 'A', 21878, 'D', null),
      row('2025-02-12', 'F', 1009, 106.82, 'D', 20869, 'D', null),
    ],
    derivativeTransactionCodes: [],
    nonDerivativeHoldings: 0,
    derivativeHoldings: 0,
    footnotes: 2,
  },
  {
    file: 'form4/0001493152-25-009612.txt',
    accession: '0001493152-25-009612',
    documentType: '4',
    schemaVersion: 'X0508',
    periodOfReport: '2024-12-09',
    issuer: { cik: '0001835856', name: 'Better Home & Finance Holding Co', ticker: 'BETR' },
    aff10b5One: '0',
    owners: [
      { name: 'SOFTBANK GROUP CORP.', cik: '0001065521', roles: ['isTenPercentOwner'] },
      { name: 'SB Global Advisers Ltd', cik: '0001883884', roles: ['isTenPercentOwner'] },
      { name: 'SOFTBANK VISION FUND II-2 L.P.', cik: '0001787613', roles: ['isTenPercentOwner'] },
      { name: 'SVF II Aggregator (Jersey) L.P.', cik: '0001883559', roles: ['isTenPercentOwner'] },
      { name: 'SVF II Holdings (DE) LLC', cik: '0001883900', roles: ['isTenPercentOwner'] },
      { name: 'SVF II Beaver (DE) LLC', cik: '0001990707', roles: ['isTenPercentOwner'] },
      { name: 'Silver Brick Management PTE. LTD.', cik: '0001991269', roles: ['isTenPercentOwner'] },
      { name: 'SB Management Ltd', cik: '0001818296', roles: ['isTenPercentOwner'] },
    ],
    nonDerivativeTransactions: [row('2024-12-09', 'C', 628553, null, 'A', 628553, 'I', 'By SVF II Beaver (DE) LLC', ['F2'])],
    derivativeTransactionCodes: ['C'],
    nonDerivativeHoldings: 0,
    derivativeHoldings: 0,
    footnotes: 3,
  },
  {
    file: 'form4/PMN_2025-07-25_input.xml',
    accession: null,
    documentType: '4',
    schemaVersion: 'X0508',
    periodOfReport: '2025-07-25',
    issuer: { cik: '0001374339', name: 'ProMIS Neurosciences Inc.', ticker: 'PMN' },
    aff10b5One: '0',
    owners: [{ name: 'Jeremy M. Sclar 2012 Irrevocable Family Trust', cik: '0002089163', roles: ['isTenPercentOwner'] }],
    nonDerivativeTransactions: [
      row('2025-07-25', 'X', 697674, null, 'A', 2315111, 'D', null, ['F1']),
      row('2025-07-25', 'X', 697674, null, 'A', 3012785, 'D', null, ['F2']),
      row('2025-07-25', 'X', 697674, null, 'A', 3710459, 'D', null, ['F3']),
    ],
    derivativeTransactionCodes: ['X', 'X', 'X', 'P'],
    nonDerivativeHoldings: 0,
    derivativeHoldings: 0,
    footnotes: 4,
  },
  {
    file: 'form4/0001494730-11-000006_edgardoc.xml',
    accession: '0001494730-11-000006',
    documentType: '4',
    schemaVersion: 'X0303',
    periodOfReport: '2011-06-08',
    issuer: { cik: '0001318605', name: 'TESLA MOTORS INC', ticker: 'TSLA' },
    aff10b5One: null,
    owners: [
      {
        name: 'Musk Elon',
        cik: '0001494730',
        roles: ['isDirector', 'isOfficer', 'isTenPercentOwner'],
        officerTitle: 'Chief Executive Officer',
      },
    ],
    nonDerivativeTransactions: [row('2011-06-08', 'P', 1416000, 28.76, 'A', 27131565, 'I', 'by Trust')],
    derivativeTransactionCodes: [],
    nonDerivativeHoldings: 0,
    derivativeHoldings: 0,
    footnotes: 1,
  },
  {
    file: 'form4a/0000707549-25-000004.txt',
    accession: '0000707549-25-000004',
    documentType: '4/A',
    schemaVersion: 'X0508',
    periodOfReport: '2024-11-04',
    dateOfOriginalSubmission: '2024-11-04',
    issuer: { cik: '0000707549', name: 'LAM RESEARCH CORP', ticker: 'LRCX' },
    aff10b5One: '0',
    owners: [{ name: 'Ahmed Sohail U', cik: '0001779037', roles: ['isDirector'] }],
    nonDerivativeTransactions: [
      row('2024-11-04', 'G', 3690, 0, 'D', 0, 'D', null),
      row('2024-11-04', 'G', 3690, 0, 'A', 30630, 'I', 'by trust'),
    ],
    derivativeTransactionCodes: [],
    nonDerivativeHoldings: 0,
    derivativeHoldings: 0,
    footnotes: 1,
  },
  {
    file: 'form4/0001209191-06-055343.txt',
    accession: '0001209191-06-055343',
    documentType: '4',
    schemaVersion: 'X0202',
    periodOfReport: '2006-10-17',
    issuer: { cik: '0001051848', name: 'CSK AUTO CORP', ticker: 'CAO' },
    aff10b5One: null,
    owners: [
      { name: 'Morrison Randi V', cik: '0001335926', roles: ['isOfficer'], officerTitle: 'VP, General Counsel, Secretary' },
    ],
    nonDerivativeTransactions: [row('2006-10-18', 'F', 167, 15.53, 'D', 4448, 'D', null)],
    derivativeTransactionCodes: ['A'],
    nonDerivativeHoldings: 0,
    derivativeHoldings: 4,
    footnotes: 8,
  },
  {
    file: 'form4/SCWO_2025-04-30_374WaterForm4.xml',
    accession: null,
    documentType: '4',
    schemaVersion: 'X0508',
    periodOfReport: '2025-04-30',
    issuer: { cik: '0000933972', name: '374Water Inc.', ticker: 'SCWO' },
    aff10b5One: 'false',
    owners: [
      { name: 'Melkote Rajesh Ramaswamy', cik: '0002064133', roles: ['isOfficer'], officerTitle: 'Chief Technology Officer' },
    ],
    nonDerivativeTransactions: [row('2025-04-30', 'A', 757756, 0, 'A', 757756, 'D', null)],
    derivativeTransactionCodes: ['A'],
    nonDerivativeHoldings: 0,
    derivativeHoldings: 0,
    footnotes: 1,
  },
];

const FLAGS: Flag[] = ['isDirector', 'isOfficer', 'isTenPercentOwner', 'isOther'];

function actualRow(r: SecOwnershipRow): ExpectedRow {
  return {
    date: r.transactionDate!,
    code: r.transactionCode!,
    shares: r.shares!,
    price: r.pricePerShare,
    ad: r.acquiredDisposed!,
    ownedAfter: r.sharesOwnedAfter!,
    di: r.directIndirect!,
    nature: r.natureOfOwnership,
    priceFootnotes: r.footnoteRefs.filter((ref) => ref.field === 'price').map((ref) => ref.id),
  };
}

function actualOf(filing: SecOwnershipFiling, expected: ExpectedFiling): ExpectedFiling {
  const rows = (table: SecOwnershipRow['table'], kind: SecOwnershipRow['kind']) =>
    filing.rows.filter((r) => r.table === table && r.kind === kind);
  return {
    file: expected.file,
    accession: expected.accession === null ? null : filing.accession,
    documentType: filing.documentType,
    schemaVersion: filing.schemaVersion!,
    periodOfReport: filing.periodOfReport!,
    ...(filing.dateOfOriginalSubmission !== null ? { dateOfOriginalSubmission: filing.dateOfOriginalSubmission } : {}),
    issuer: { cik: filing.issuer.cik, name: filing.issuer.name, ticker: filing.issuer.tradingSymbol! },
    aff10b5One: filing.aff10b5OneRaw,
    owners: filing.owners.map((o) => ({
      name: o.name,
      cik: o.cik,
      roles: FLAGS.filter((flag) => o[flag]),
      ...(o.officerTitle !== null ? { officerTitle: o.officerTitle } : {}),
    })),
    nonDerivativeTransactions: rows('nonDerivative', 'transaction').map(actualRow),
    derivativeTransactionCodes: rows('derivative', 'transaction').map((r) => r.transactionCode!),
    nonDerivativeHoldings: rows('nonDerivative', 'holding').length,
    derivativeHoldings: rows('derivative', 'holding').length,
    footnotes: Object.keys(filing.footnotes).length,
  };
}

describe.runIf(hasCorpus('sec'))('SEC corpus: every fact of EXPECTED.md', () => {
  it.each(EXPECTED.map((e) => [e.file, e] as const))('%s', (file, expected) => {
    const doc = secAdapter.readArchiveFile(file, readFileSync(corpusPath('sec', file)), '2026-01-01T00:00:00.000Z');
    if (isSkipped(doc)) throw new Error(`${file} skipped: ${doc.skipped}`);
    const outcome = secAdapter.parse(doc);
    if (isSkipped(outcome)) throw new Error(`${file} skipped: ${outcome.skipped}`);
    const filing = outcome.records[0]!;
    expect(actualOf(filing, expected)).toEqual(expected);

    // and the same facts survive normalization
    const draft = DeclarationDraftSchema.parse(secAdapter.normalize(filing, doc));
    expect(draft.coReporters.map((c) => c.externalId)).toEqual(expected.owners.slice(1).map((o) => o.cik));
    const transactions = draft.lines.filter((l) => l.kind === 'transaction' && !l.isDerivative);
    expect(transactions.map((l) => [l.code, l.shares, l.price])).toEqual(
      expected.nonDerivativeTransactions.map((r) => [r.code, r.shares, r.price]),
    );
    expect(draft.isAmendment).toBe(expected.documentType.endsWith('/A'));
  });

  it('links the Lam Research 4/A to its original by issuer, owner, form and original date', () => {
    const file = 'form4a/0000707549-25-000004.txt';
    const doc = secAdapter.readArchiveFile(file, readFileSync(corpusPath('sec', file)), '2026-01-01T00:00:00.000Z');
    if (isSkipped(doc)) throw new Error('skipped');
    const outcome = secAdapter.parse(doc);
    if (isSkipped(outcome)) throw new Error('skipped');
    const draft = secAdapter.normalize(outcome.records[0]!, doc);
    expect(draft.amendsKey).toBe('SEC|0000707549|0001779037|4|2024-11-04');
    expect(draft.pubDate).toBe('2025-01-21T18:23:57.000Z');
  });

  it('reads the 10b5-1 evidence of the edge-case map: checkbox, footnote, or unknown', () => {
    const planned = (file: string) => {
      const doc = secAdapter.readArchiveFile(file, readFileSync(corpusPath('sec', file)), '2026-01-01T00:00:00.000Z');
      if (isSkipped(doc)) throw new Error('skipped');
      const outcome = secAdapter.parse(doc);
      if (isSkipped(outcome)) throw new Error('skipped');
      const draft = secAdapter.normalize(outcome.records[0]!, doc);
      return [draft.isPlanned, draft.plannedEvidence];
    };
    expect(planned('form4/0001104659-25-025206.txt')).toEqual([true, 'checkbox']);
    expect(planned('form4/SCWO_2025-04-30_374WaterForm4.xml')).toEqual([false, 'checkbox']);
    // Apple 2022: before the checkbox existed, 10b5-1 stated in per-transaction footnotes
    expect(planned('form4/0000320193-22-000061.txt')).toEqual([true, 'footnote']);
    // Tesla 2011 purchase: no checkbox, no mention
    expect(planned('form4/0001494730-11-000006_edgardoc.xml')).toEqual([null, null]);
  });
});
