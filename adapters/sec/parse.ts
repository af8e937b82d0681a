import { createHash } from 'node:crypto';
import { ParseError, type ParseOutcome, type RawDocument, type Skipped } from '../types.js';
import { OWNERSHIP_FORM_TYPES } from './codes.js';
import { acceptanceToUtcIso, easternMidnightUtcIso } from './eastern-time.js';
import {
  ACCESSION_PATTERN,
  accessionFromName,
  headerNamesByCik,
  readEnvelope,
  SecFormatError,
  type SubmissionEnvelope,
} from './envelope.js';
import { readOwnershipDocument, toFlag } from './ownership.js';
import type { AccessionSource, PubDateSource, SecOwnershipFiling, SecReportingOwner } from './record.js';
import { scanXml, XmlSyntaxError } from './xml-scan.js';

const XML_DECLARATION = Buffer.from('<?xml');
const LATIN1_ENCODINGS = /encoding\s*=\s*["'](?:iso-8859-1|latin-?1|windows-1252|us-ascii)["']/i;

/**
 * EDGAR text is ASCII or UTF-8 unless the XML declaration names a single-byte encoding; decoding
 * such a document as UTF-8 would turn every accented name into U+FFFD.
 */
export function decodeBody(body: Buffer): string {
  const declaration = body.indexOf(XML_DECLARATION);
  if (declaration !== -1) {
    const end = body.indexOf('?>', declaration);
    if (end !== -1 && end - declaration < 200 && LATIN1_ENCODINGS.test(body.toString('latin1', declaration, end))) {
      return body.toString('latin1');
    }
  }
  return body.toString('utf8');
}

/** A stable id for a document whose accession is unknown: a hash of its exact bytes. */
export function contentHashId(body: Buffer): string {
  return `sha256-${createHash('sha256').update(body).digest('hex').slice(0, 32)}`;
}

function fileNameOf(url: string | null): string | null {
  if (!url) return null;
  const slash = url.lastIndexOf('/');
  return slash === -1 ? url : url.slice(slash + 1);
}

function resolveAccession(envelope: SubmissionEnvelope, doc: RawDocument): { accession: string; source: AccessionSource } {
  if (envelope.accession !== null && ACCESSION_PATTERN.test(envelope.accession)) {
    return { accession: envelope.accession, source: 'header' };
  }
  if (ACCESSION_PATTERN.test(doc.sourceId)) return { accession: doc.sourceId, source: 'source_id' };
  const fromName = accessionFromName(fileNameOf(doc.url) ?? '');
  if (fromName !== null) return { accession: fromName, source: 'file_name' };
  return { accession: contentHashId(doc.body), source: 'content_hash' };
}

function resolvePubDate(
  envelope: SubmissionEnvelope,
  signatures: Array<{ date: string | null }>,
  periodOfReport: string | null,
): { pubDate: string; source: PubDateSource } | null {
  if (envelope.acceptanceDateTime !== null) {
    const iso = acceptanceToUtcIso(envelope.acceptanceDateTime);
    if (iso !== null) return { pubDate: iso, source: 'acceptance_datetime' };
  }
  if (envelope.filingDate !== null) return { pubDate: easternMidnightUtcIso(envelope.filingDate), source: 'filing_date' };
  let latestSignature: string | null = null;
  for (const s of signatures) if (s.date !== null && (latestSignature === null || s.date > latestSignature)) latestSignature = s.date;
  if (latestSignature !== null) return { pubDate: easternMidnightUtcIso(latestSignature), source: 'signature_date' };
  if (periodOfReport !== null) return { pubDate: easternMidnightUtcIso(periodOfReport), source: 'period_of_report' };
  return null;
}

function readFiling(text: string, envelope: SubmissionEnvelope, doc: RawDocument): SecOwnershipFiling {
  let root;
  try {
    root = scanXml(text, envelope.xmlStart, envelope.xmlEnd);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new SecFormatError(`the ownership XML is not well-formed: ${error.message}`);
    throw error;
  }
  const facts = readOwnershipDocument(root);

  const documentType = facts.documentType || envelope.submissionType || '';
  if (!OWNERSHIP_FORM_TYPES.has(documentType)) {
    throw new SecFormatError(`documentType "${documentType}" is not a Form 3, 4 or 5 (or amendment)`);
  }

  let headerNames: Map<string, string> | null = null;
  const headerName = (cik: string): string | null => {
    headerNames ??= headerNamesByCik(text, envelope);
    return headerNames.get(cik) ?? null;
  };

  const issuerCik = facts.issuer.cik;
  if (issuerCik === null) throw new SecFormatError('the issuer has no (valid) issuerCik');
  const issuerName = facts.issuer.name ?? headerName(issuerCik);
  if (issuerName === null) throw new SecFormatError(`issuer ${issuerCik} has no issuerName (neither in the XML nor the header)`);

  if (facts.owners.length === 0) throw new SecFormatError('the document names no reportingOwner');
  const owners: SecReportingOwner[] = facts.owners.map((owner, index) => {
    if (owner.cik === null) throw new SecFormatError(`reporting owner #${index + 1} has no (valid) rptOwnerCik`);
    const name = owner.name ?? headerName(owner.cik);
    if (name === null) {
      throw new SecFormatError(`reporting owner ${owner.cik} has no rptOwnerName (neither in the XML nor the header)`);
    }
    return { ...owner, cik: owner.cik, name };
  });

  const published = resolvePubDate(envelope, facts.signatures, facts.periodOfReport);
  if (published === null) {
    throw new SecFormatError('no publication date: no acceptance time or filing date in a header, no signature date, no periodOfReport');
  }
  const { accession, source: accessionSource } = resolveAccession(envelope, doc);

  return {
    accession,
    accessionSource,
    headerStyle: envelope.headerStyle,
    submissionType: envelope.submissionType,
    documentType,
    schemaVersion: facts.schemaVersion,
    periodOfReport: facts.periodOfReport,
    dateOfOriginalSubmission: facts.dateOfOriginalSubmission,
    filingDate: envelope.filingDate,
    pubDate: published.pubDate,
    pubDateSource: published.source,
    noSecuritiesOwned: facts.noSecuritiesOwned,
    notSubjectToSection16: facts.notSubjectToSection16,
    form3HoldingsReported: facts.form3HoldingsReported,
    form4TransactionsReported: facts.form4TransactionsReported,
    aff10b5One: toFlag(facts.aff10b5OneRaw),
    aff10b5OneRaw: facts.aff10b5OneRaw,
    issuer: { cik: issuerCik, name: issuerName, tradingSymbol: facts.issuer.tradingSymbol },
    owners,
    rows: facts.rows,
    footnotes: facts.footnotes,
    remarks: facts.remarks,
    signatures: facts.signatures,
  };
}

/**
 * Pure: one EDGAR document → its Form 3/4/5 filing. Reads full `.txt` submissions (`<SEC-HEADER>`),
 * `.nc`/`.sgml` dissemination files (`<SUBMISSION>` tags) and bare ownershipDocument XML; anything
 * else is Skipped with the reason; an unreadable Form 3/4/5 throws ParseError.
 */
export function parseSecDocument(doc: RawDocument): ParseOutcome<SecOwnershipFiling> | Skipped {
  try {
    const text = decodeBody(doc.body);
    const envelope = readEnvelope(text);
    if ('skipped' in envelope) return envelope;
    return { records: [readFiling(text, envelope, doc)], rejects: [] };
  } catch (error) {
    if (error instanceof SecFormatError) throw new ParseError(doc.sourceId, error.message);
    throw error;
  }
}
