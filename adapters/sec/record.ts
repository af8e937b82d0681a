/**
 * What the SEC parser reads out of one Form 3/4/5 submission, in the SEC's own terms
 * (EDGAR Ownership XML Technical Specification element names), before normalization.
 */

/** Where a value of the record came from, kept so an auditor can see it in `extras`. */
export type HeaderStyle = 'sec-header' | 'submission-tags' | 'bare-xml';
export type AccessionSource = 'header' | 'source_id' | 'file_name' | 'content_hash';
export type PubDateSource = 'acceptance_datetime' | 'filing_date' | 'signature_date' | 'period_of_report';

export interface SecFootnoteRef {
  id: string;
  /** The row field the footnote is attached to (`price`, `shares`, `code`…), or `row`. */
  field: string;
}

export interface SecOwnershipRow {
  table: 'nonDerivative' | 'derivative';
  kind: 'transaction' | 'holding';
  securityTitle: string | null;
  transactionDate: string | null;
  deemedExecutionDate: string | null;
  /** transactionFormType: the form the row belongs to (a Form 5 may carry Form 4 rows). */
  transactionFormType: string | null;
  transactionCode: string | null;
  equitySwapInvolved: boolean | null;
  transactionTimeliness: string | null;
  shares: number | null;
  /** null when the filing gives no <value> (footnote-only or absent), never 0 by default. */
  pricePerShare: number | null;
  totalValue: number | null;
  acquiredDisposed: 'A' | 'D' | null;
  sharesOwnedAfter: number | null;
  valueOwnedAfter: number | null;
  directIndirect: 'D' | 'I' | null;
  natureOfOwnership: string | null;
  conversionOrExercisePrice: number | null;
  exerciseDate: string | null;
  expirationDate: string | null;
  underlyingSecurityTitle: string | null;
  underlyingShares: number | null;
  underlyingValue: number | null;
  footnoteRefs: SecFootnoteRef[];
}

export interface SecReportingOwner {
  /** 10-digit, zero-padded. */
  cik: string;
  name: string;
  isDirector: boolean;
  isOfficer: boolean;
  isTenPercentOwner: boolean;
  isOther: boolean;
  officerTitle: string | null;
  otherText: string | null;
}

export interface SecOwnershipFiling {
  /** `0001234567-25-000123`, or a derived stable id when the accession is unknown. */
  accession: string;
  accessionSource: AccessionSource;
  headerStyle: HeaderStyle;
  /** CONFORMED SUBMISSION TYPE / <TYPE> of the submission header, null for bare XML. */
  submissionType: string | null;
  /** documentType of the XML: `3`, `4`, `5`, `3/A`, `4/A`, `5/A`. */
  documentType: string;
  schemaVersion: string | null;
  periodOfReport: string | null;
  dateOfOriginalSubmission: string | null;
  /** Filing date from the submission header (YYYY-MM-DD), null for bare XML. */
  filingDate: string | null;
  /** UTC ISO timestamp with milliseconds. */
  pubDate: string;
  pubDateSource: PubDateSource;
  noSecuritiesOwned: boolean | null;
  notSubjectToSection16: boolean | null;
  form3HoldingsReported: boolean | null;
  form4TransactionsReported: boolean | null;
  /** The Rule 10b5-1(c) checkbox: true/false, null when the element is absent (pre-X0407). */
  aff10b5One: boolean | null;
  /** The checkbox exactly as written (`1`, `0`, `true`, `false`), null when absent. */
  aff10b5OneRaw: string | null;
  issuer: { cik: string; name: string; tradingSymbol: string | null };
  owners: SecReportingOwner[];
  rows: SecOwnershipRow[];
  footnotes: Record<string, string>;
  remarks: string | null;
  signatures: Array<{ name: string | null; date: string | null }>;
}
