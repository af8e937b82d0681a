import type { DeclarationDraft, Line, PlannedEvidence, Role } from '../../src/model/index.js';
import type { RawDocument } from '../types.js';
import {
  natureOfCode,
  NO_TICKER_VALUES,
  RULE_10B5_1_DENIAL,
  RULE_10B5_1_MENTION,
  SEC_TITLE_ROLE_PATTERNS,
} from './codes.js';
import { easternDateOf } from './eastern-time.js';
import { ACCESSION_PATTERN } from './envelope.js';
import type { SecOwnershipFiling, SecOwnershipRow, SecReportingOwner } from './record.js';

export const SEC_SOURCE = 'sec';
export const SEC_ARCHIVES_URL = 'https://www.sec.gov/Archives/edgar/data';

/**
 * The one key that links a Form 3/4/5 amendment to its original, since EDGAR never names the
 * original's accession: issuer CIK + first reporting owner's CIK + base form + filing date. An
 * original publishes it as `linkKey` (its own filing date); an amendment as `amendsKey` (its
 * dateOfOriginalSubmission).
 */
export function secAmendmentKey(parts: { issuerCik: string; ownerCik: string; baseForm: string; date: string }): string {
  return `SEC|${parts.issuerCik}|${parts.ownerCik}|${parts.baseForm}|${parts.date}`;
}

/** `4/A` → `4`. */
export function baseFormOf(formType: string): string {
  return formType.endsWith('/A') ? formType.slice(0, -2) : formType;
}

/** The filing's own date: the header's filing date, else the Eastern date of its publication time. */
export function filingDateOf(filing: SecOwnershipFiling): string {
  return filing.filingDate ?? easternDateOf(Date.parse(filing.pubDate));
}

/** The common role of a reporting owner: title first (CEO, CFO, chair), then the relationship flags. */
export function roleOf(owner: SecReportingOwner): Role {
  const titles = [owner.officerTitle, owner.otherText].filter((t): t is string => t !== null);
  for (const { role, pattern } of SEC_TITLE_ROLE_PATTERNS) {
    if (titles.some((title) => pattern.test(title))) return role;
  }
  if (owner.isOfficer) return 'OTHER_OFFICER';
  if (owner.isDirector) return 'DIRECTOR';
  if (owner.isTenPercentOwner) return 'TEN_PCT_OWNER';
  return 'OTHER';
}

/** The titles as the filer wrote them (officerTitle, then otherText), null when there are none. */
export function roleRawOf(owner: SecReportingOwner): string | null {
  if (owner.officerTitle !== null && owner.otherText !== null && owner.officerTitle !== owner.otherText) {
    return `${owner.officerTitle}; ${owner.otherText}`;
  }
  return owner.officerTitle ?? owner.otherText;
}

export function tickerOf(symbol: string | null): string | null {
  if (symbol === null) return null;
  const ticker = symbol.trim().toUpperCase();
  return NO_TICKER_VALUES.has(ticker) ? null : ticker;
}

/** Removes floating-point noise from shares × price without rounding away sub-cent prices. */
function product(shares: number | null, price: number | null): number | null {
  if (shares === null || price === null) return null;
  return Math.round(shares * price * 1e6) / 1e6;
}

function lineOf(row: SecOwnershipRow, index: number, footnotes: Record<string, string>): Line {
  const texts: string[] = [];
  const seen = new Set<string>();
  for (const ref of row.footnoteRefs) {
    if (seen.has(ref.id)) continue;
    seen.add(ref.id);
    const text = footnotes[ref.id];
    if (text !== undefined) texts.push(text);
  }
  const isTransaction = row.kind === 'transaction';
  const code = isTransaction ? row.transactionCode : null;
  const isDerivative = row.table === 'derivative';
  return {
    line: index + 1,
    kind: row.kind,
    code,
    nature: code !== null ? natureOfCode(code) : null,
    securityTitle: row.securityTitle,
    isin: null,
    isDerivative,
    transactionDate: row.transactionDate,
    shares: row.shares,
    price: row.pricePerShare,
    amount: product(row.shares, row.pricePerShare),
    currency: isTransaction ? 'USD' : null,
    acquiredDisposed: row.acquiredDisposed,
    sharesOwnedAfter: row.sharesOwnedAfter,
    directIndirect: row.directIndirect,
    natureOfOwnership: row.natureOfOwnership,
    venue: null,
    footnotes: texts,
    footnoteRefs: row.footnoteRefs.map((ref) => ({ id: ref.id, field: ref.field })),
    derivative: isDerivative
      ? {
          conversionOrExercisePrice: row.conversionOrExercisePrice,
          exerciseDate: row.exerciseDate,
          expirationDate: row.expirationDate,
          underlyingSecurityTitle: row.underlyingSecurityTitle,
          underlyingShares: row.underlyingShares,
        }
      : null,
  };
}

/**
 * Whether the trades were made under a Rule 10b5-1 plan. The checkbox (schema X0407 on) is the
 * filer's own statement and wins; without it, a footnote saying so (and not denying it) counts;
 * otherwise it is unknown (null), not false.
 */
export function plannedOf(filing: SecOwnershipFiling): { isPlanned: boolean | null; evidence: PlannedEvidence | null; footnoteIds: string[] } {
  if (filing.aff10b5One !== null) return { isPlanned: filing.aff10b5One, evidence: 'checkbox', footnoteIds: [] };
  if (!filing.rows.some((row) => row.kind === 'transaction')) return { isPlanned: null, evidence: null, footnoteIds: [] };
  const ids = Object.keys(filing.footnotes).filter((id) => {
    const text = filing.footnotes[id]!;
    return RULE_10B5_1_MENTION.test(text) && !RULE_10B5_1_DENIAL.test(text);
  });
  return ids.length > 0 ? { isPlanned: true, evidence: 'footnote', footnoteIds: ids } : { isPlanned: null, evidence: null, footnoteIds: [] };
}

function filingUrlOf(filing: SecOwnershipFiling, doc: RawDocument): string | null {
  if (ACCESSION_PATTERN.test(filing.accession)) {
    const folder = filing.accession.replace(/-/g, '');
    return `${SEC_ARCHIVES_URL}/${Number(filing.issuer.cik)}/${folder}/${filing.accession}-index.htm`;
  }
  return doc.url !== null && /^https?:\/\//.test(doc.url) ? doc.url : null;
}

/**
 * Pure: one parsed Form 3/4/5 → one declaration draft. A joint filing is one declaration: the first
 * reporting owner is the insider, the others are co-reporters.
 */
export function normalizeSecFiling(filing: SecOwnershipFiling, doc: RawDocument): DeclarationDraft {
  const [first, ...others] = filing.owners;
  if (first === undefined) throw new Error(`SEC filing ${filing.accession} has no reporting owner`);
  const isAmendment = filing.documentType.endsWith('/A');
  const baseForm = baseFormOf(filing.documentType);
  const filingDate = filingDateOf(filing);
  const keyParts = { issuerCik: filing.issuer.cik, ownerCik: first.cik, baseForm };
  const planned = plannedOf(filing);

  return {
    id: `SEC:${filing.accession}`,
    source: SEC_SOURCE,
    sourceId: filing.accession,
    market: 'us',
    regulator: 'SEC',
    formType: filing.documentType,
    filingUrl: filingUrlOf(filing, doc),
    pubDate: filing.pubDate,
    isAmendment,
    linkKey: isAmendment ? null : secAmendmentKey({ ...keyParts, date: filingDate }),
    amendsKey:
      isAmendment && filing.dateOfOriginalSubmission !== null
        ? secAmendmentKey({ ...keyParts, date: filing.dateOfOriginalSubmission })
        : null,
    amendsId: null,
    isPlanned: planned.isPlanned,
    plannedEvidence: planned.evidence,
    company: {
      cik: filing.issuer.cik,
      isin: null,
      lei: null,
      sourceCompanyId: null,
      name: filing.issuer.name,
      ticker: tickerOf(filing.issuer.tradingSymbol),
      exchange: null,
      market: 'us',
    },
    insider: {
      name: first.name,
      externalId: first.cik,
      externalIdScheme: 'SEC_CIK',
      isEntity: null,
      role: roleOf(first),
      roleRaw: roleRawOf(first),
      isDirector: first.isDirector,
      isOfficer: first.isOfficer,
      isTenPctOwner: first.isTenPercentOwner,
      isCloselyAssociated: false,
    },
    coReporters: others.map((owner) => ({
      name: owner.name,
      externalId: owner.cik,
      externalIdScheme: 'SEC_CIK',
      isEntity: null,
      role: roleOf(owner),
      roleRaw: roleRawOf(owner),
    })),
    lines: filing.rows.map((row, index) => lineOf(row, index, filing.footnotes)),
    remarks: filing.remarks,
    footnotes: filing.footnotes,
    extras: {
      schemaVersion: filing.schemaVersion,
      periodOfReport: filing.periodOfReport,
      dateOfOriginalSubmission: filing.dateOfOriginalSubmission,
      filingDate,
      submissionType: filing.submissionType,
      headerStyle: filing.headerStyle,
      accessionSource: filing.accessionSource,
      pubDateSource: filing.pubDateSource,
      aff10b5One: filing.aff10b5OneRaw,
      plannedFootnoteIds: planned.footnoteIds.length > 0 ? planned.footnoteIds.join(',') : null,
      noSecuritiesOwned: filing.noSecuritiesOwned,
      notSubjectToSection16: filing.notSubjectToSection16,
      form3HoldingsReported: filing.form3HoldingsReported,
      form4TransactionsReported: filing.form4TransactionsReported,
      issuerTradingSymbol: filing.issuer.tradingSymbol,
      reportingOwnerCount: filing.owners.length,
      signatureDate: latestSignatureDate(filing),
    },
  };
}

function latestSignatureDate(filing: SecOwnershipFiling): string | null {
  let latest: string | null = null;
  for (const s of filing.signatures) if (s.date !== null && (latest === null || s.date > latest)) latest = s.date;
  return latest;
}
