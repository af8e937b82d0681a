import { SecFormatError } from './envelope.js';
import type { SecFootnoteRef, SecOwnershipRow, SecReportingOwner } from './record.js';
import type { XmlElement } from './xml-scan.js';

/** The part of a filing the ownershipDocument XML itself states. */
export interface OwnershipDocumentFacts {
  documentType: string;
  schemaVersion: string | null;
  periodOfReport: string | null;
  dateOfOriginalSubmission: string | null;
  noSecuritiesOwned: boolean | null;
  notSubjectToSection16: boolean | null;
  form3HoldingsReported: boolean | null;
  form4TransactionsReported: boolean | null;
  aff10b5OneRaw: string | null;
  issuer: { cik: string | null; name: string | null; tradingSymbol: string | null };
  owners: Array<Omit<SecReportingOwner, 'name' | 'cik'> & { cik: string | null; name: string | null }>;
  rows: SecOwnershipRow[];
  footnotes: Record<string, string>;
  remarks: string | null;
  signatures: Array<{ name: string | null; date: string | null }>;
}

function nonEmpty(text: string): string | null {
  return text.length > 0 ? text : null;
}

/** The text of `<x><value>…</value></x>`, or of `<x>…</x>` for elements that hold text directly. */
function valueOf(element: XmlElement): string | null {
  const value = element.child('value');
  return nonEmpty(value !== null ? value.text : element.text);
}

/** XML decimals ("1,000" is tolerated); null when absent or unreadable, never 0 by default. */
export function toNumber(text: string | null): number | null {
  if (text === null) return null;
  const n = Number(text.indexOf(',') === -1 ? text : text.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `YYYY-MM-DD`, also from `YYYY-MM-DD-05:00` style values; null when not a date. */
export function toIsoDate(text: string | null): string | null {
  if (text === null || text.length < 10) return null;
  for (let i = 0; i < 10; i++) {
    const c = text.charCodeAt(i);
    if (i === 4 || i === 7 ? c !== 45 : !isDigit(c)) return null;
  }
  return text.length === 10 ? text : text.slice(0, 10);
}

/** `1`/`true` → true, `0`/`false` → false, anything else (or absent) → null. */
export function toFlag(text: string | null): boolean | null {
  if (text === null) return null;
  switch (text) {
    case '1':
    case 'true':
      return true;
    case '0':
    case 'false':
      return false;
    default: {
      const lower = text.toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : null;
    }
  }
}

function cikOf(text: string | null): string | null {
  if (text === null) return null;
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return null;
  if (text.length === 0 || text.length > 10) return null;
  return text.padStart(10, '0');
}

function collectRefs(element: XmlElement, field: string, refs: SecFootnoteRef[]): void {
  const children = element.children;
  if (children === null) return;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (c.name === 'footnoteId') {
      const id = c.attrs?.id;
      if (id) refs.push({ id, field });
    }
  }
}

function emptyRow(table: SecOwnershipRow['table'], kind: SecOwnershipRow['kind']): SecOwnershipRow {
  return {
    table,
    kind,
    securityTitle: null,
    transactionDate: null,
    deemedExecutionDate: null,
    transactionFormType: null,
    transactionCode: null,
    equitySwapInvolved: null,
    transactionTimeliness: null,
    shares: null,
    pricePerShare: null,
    totalValue: null,
    acquiredDisposed: null,
    sharesOwnedAfter: null,
    valueOwnedAfter: null,
    directIndirect: null,
    natureOfOwnership: null,
    conversionOrExercisePrice: null,
    exerciseDate: null,
    expirationDate: null,
    underlyingSecurityTitle: null,
    underlyingShares: null,
    underlyingValue: null,
    footnoteRefs: [],
  };
}

function readCoding(coding: XmlElement, row: SecOwnershipRow): void {
  const children = coding.children;
  if (children === null) return;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    switch (c.name) {
      case 'transactionFormType':
        row.transactionFormType = nonEmpty(c.text);
        break;
      case 'transactionCode':
        row.transactionCode = nonEmpty(c.text);
        break;
      case 'equitySwapInvolved':
        row.equitySwapInvolved = toFlag(nonEmpty(c.text));
        break;
      case 'footnoteId': {
        const id = c.attrs?.id;
        if (id) row.footnoteRefs.push({ id, field: 'code' });
        break;
      }
    }
  }
}

/** Walks a row element and its containers, filling the row and recording each footnote's field. */
function readRowFields(element: XmlElement, row: SecOwnershipRow): void {
  const children = element.children;
  if (children === null) return;
  const refs = row.footnoteRefs;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    switch (c.name) {
      case 'transactionAmounts':
      case 'postTransactionAmounts':
      case 'ownershipNature':
      case 'underlyingSecurity':
        readRowFields(c, row);
        break;
      case 'transactionCoding':
        readCoding(c, row);
        break;
      case 'footnoteId': {
        const id = c.attrs?.id;
        if (id) refs.push({ id, field: 'row' });
        break;
      }
      case 'securityTitle':
        row.securityTitle = valueOf(c);
        collectRefs(c, 'securityTitle', refs);
        break;
      case 'transactionDate':
        row.transactionDate = toIsoDate(valueOf(c));
        collectRefs(c, 'transactionDate', refs);
        break;
      case 'deemedExecutionDate':
        row.deemedExecutionDate = toIsoDate(valueOf(c));
        collectRefs(c, 'deemedExecutionDate', refs);
        break;
      case 'transactionTimeliness':
        row.transactionTimeliness = valueOf(c);
        collectRefs(c, 'transactionTimeliness', refs);
        break;
      case 'transactionShares':
        row.shares = toNumber(valueOf(c));
        collectRefs(c, 'shares', refs);
        break;
      case 'transactionPricePerShare':
        row.pricePerShare = toNumber(valueOf(c));
        collectRefs(c, 'price', refs);
        break;
      case 'transactionTotalValue':
        row.totalValue = toNumber(valueOf(c));
        collectRefs(c, 'totalValue', refs);
        break;
      case 'transactionAcquiredDisposedCode': {
        const code = valueOf(c);
        row.acquiredDisposed = code === 'A' || code === 'D' ? code : null;
        collectRefs(c, 'acquiredDisposed', refs);
        break;
      }
      case 'sharesOwnedFollowingTransaction':
        row.sharesOwnedAfter = toNumber(valueOf(c));
        collectRefs(c, 'sharesOwnedAfter', refs);
        break;
      case 'valueOwnedFollowingTransaction':
        row.valueOwnedAfter = toNumber(valueOf(c));
        collectRefs(c, 'valueOwnedAfter', refs);
        break;
      case 'directOrIndirectOwnership': {
        const code = valueOf(c);
        row.directIndirect = code === 'D' || code === 'I' ? code : null;
        collectRefs(c, 'directIndirect', refs);
        break;
      }
      case 'natureOfOwnership':
        row.natureOfOwnership = valueOf(c);
        collectRefs(c, 'natureOfOwnership', refs);
        break;
      case 'conversionOrExercisePrice':
        row.conversionOrExercisePrice = toNumber(valueOf(c));
        collectRefs(c, 'conversionOrExercisePrice', refs);
        break;
      case 'exerciseDate':
        row.exerciseDate = toIsoDate(valueOf(c));
        collectRefs(c, 'exerciseDate', refs);
        break;
      case 'expirationDate':
        row.expirationDate = toIsoDate(valueOf(c));
        collectRefs(c, 'expirationDate', refs);
        break;
      case 'underlyingSecurityTitle':
        row.underlyingSecurityTitle = valueOf(c);
        collectRefs(c, 'underlyingSecurityTitle', refs);
        break;
      case 'underlyingSecurityShares':
        row.underlyingShares = toNumber(valueOf(c));
        collectRefs(c, 'underlyingShares', refs);
        break;
      case 'underlyingSecurityValue':
        row.underlyingValue = toNumber(valueOf(c));
        collectRefs(c, 'underlyingValue', refs);
        break;
      default:
        collectRefs(c, c.name, refs);
    }
  }
}

function readTable(table: XmlElement, kind: SecOwnershipRow['table'], rows: SecOwnershipRow[]): void {
  const children = table.children;
  if (children === null) return;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    let row: SecOwnershipRow;
    switch (c.name) {
      case 'nonDerivativeTransaction':
      case 'derivativeTransaction':
        row = emptyRow(kind, 'transaction');
        break;
      case 'nonDerivativeHolding':
      case 'derivativeHolding':
        row = emptyRow(kind, 'holding');
        break;
      default:
        continue;
    }
    readRowFields(c, row);
    rows.push(row);
  }
}

function readOwner(element: XmlElement): OwnershipDocumentFacts['owners'][number] {
  const owner: OwnershipDocumentFacts['owners'][number] = {
    cik: null,
    name: null,
    isDirector: false,
    isOfficer: false,
    isTenPercentOwner: false,
    isOther: false,
    officerTitle: null,
    otherText: null,
  };
  const id = element.child('reportingOwnerId');
  if (id !== null) {
    owner.cik = cikOf(nonEmpty(id.child('rptOwnerCik')?.text ?? ''));
    owner.name = nonEmpty(id.child('rptOwnerName')?.text ?? '');
  }
  const relationship = element.child('reportingOwnerRelationship');
  const children = relationship?.children;
  if (children) {
    for (let i = 0; i < children.length; i++) {
      const c = children[i]!;
      switch (c.name) {
        case 'isDirector':
          owner.isDirector = toFlag(c.text) === true;
          break;
        case 'isOfficer':
          owner.isOfficer = toFlag(c.text) === true;
          break;
        case 'isTenPercentOwner':
          owner.isTenPercentOwner = toFlag(c.text) === true;
          break;
        case 'isOther':
          owner.isOther = toFlag(c.text) === true;
          break;
        case 'officerTitle':
          owner.officerTitle = nonEmpty(c.text);
          break;
        case 'otherText':
          owner.otherText = nonEmpty(c.text);
          break;
      }
    }
  }
  return owner;
}

/** Reads an `<ownershipDocument>` element into the facts it states, in document order. */
export function readOwnershipDocument(root: XmlElement): OwnershipDocumentFacts {
  if (root.name !== 'ownershipDocument') {
    throw new SecFormatError(`expected an <ownershipDocument> root element, found <${root.name}>`);
  }
  const facts: OwnershipDocumentFacts = {
    documentType: '',
    schemaVersion: null,
    periodOfReport: null,
    dateOfOriginalSubmission: null,
    noSecuritiesOwned: null,
    notSubjectToSection16: null,
    form3HoldingsReported: null,
    form4TransactionsReported: null,
    aff10b5OneRaw: null,
    issuer: { cik: null, name: null, tradingSymbol: null },
    owners: [],
    rows: [],
    footnotes: {},
    remarks: null,
    signatures: [],
  };
  const children = root.children ?? [];
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    switch (c.name) {
      case 'schemaVersion':
        facts.schemaVersion = nonEmpty(c.text);
        break;
      case 'documentType':
        facts.documentType = c.text;
        break;
      case 'periodOfReport':
        facts.periodOfReport = toIsoDate(nonEmpty(c.text));
        break;
      case 'dateOfOriginalSubmission':
        facts.dateOfOriginalSubmission = toIsoDate(nonEmpty(c.text));
        break;
      case 'noSecuritiesOwned':
        facts.noSecuritiesOwned = toFlag(nonEmpty(c.text));
        break;
      case 'notSubjectToSection16':
        facts.notSubjectToSection16 = toFlag(nonEmpty(c.text));
        break;
      case 'form3HoldingsReported':
        facts.form3HoldingsReported = toFlag(nonEmpty(c.text));
        break;
      case 'form4TransactionsReported':
        facts.form4TransactionsReported = toFlag(nonEmpty(c.text));
        break;
      case 'aff10b5One':
        facts.aff10b5OneRaw = nonEmpty(c.text);
        break;
      case 'issuer':
        facts.issuer = {
          cik: cikOf(nonEmpty(c.child('issuerCik')?.text ?? '')),
          name: nonEmpty(c.child('issuerName')?.text ?? ''),
          tradingSymbol: nonEmpty(c.child('issuerTradingSymbol')?.text ?? ''),
        };
        break;
      case 'reportingOwner':
        facts.owners.push(readOwner(c));
        break;
      case 'nonDerivativeTable':
        readTable(c, 'nonDerivative', facts.rows);
        break;
      case 'derivativeTable':
        readTable(c, 'derivative', facts.rows);
        break;
      case 'footnotes': {
        const notes = c.children ?? [];
        for (let j = 0; j < notes.length; j++) {
          const note = notes[j]!;
          const id = note.attrs?.id;
          if (note.name === 'footnote' && id) facts.footnotes[id] = note.text;
        }
        break;
      }
      case 'remarks':
        facts.remarks = nonEmpty(c.text);
        break;
      case 'ownerSignature':
        facts.signatures.push({
          name: nonEmpty(c.child('signatureName')?.text ?? ''),
          date: toIsoDate(nonEmpty(c.child('signatureDate')?.text ?? '')),
        });
        break;
    }
  }
  return facts;
}
