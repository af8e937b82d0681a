import { ParseError, type ParseOutcome, type RawDocument, type Skipped } from '../types.js';
import { findDates } from '../mar19/dates.js';
import { findIsin } from '../mar19/identifiers.js';
import { parseMar19Text } from '../mar19/index.js';
import type { Mar19Notification } from '../mar19/types.js';
import { BdifBundleSchema, BdifListingSchema, isDdItem, issuerOf, outOfScopeTypes, type BdifItem } from './bdif.js';
import { DD_HEADER_LINE, DD_NUMERO, ENGLISH_RENDERING, GDPR_NOTICE_START } from './codes.js';
import { extractPdfTextSync, pdfLines } from './pdf-text.js';

/** What the PDF's header says besides the template. */
export interface AmfPdfHeader {
  /** BDIF numero printed top left (2026DD1123798). */
  numero: string | null;
  /** The issuer's equity ISIN of the "FR0011049824 - DD193084" line (blank on some filings). */
  issuerIsin: string | null;
  /** ONDE declaration number of the same line (DD193084). */
  ondeNumber: string | null;
  /** Publication date printed top right. */
  publicationDate: string | null;
  rendering: 'fr' | 'en';
}

/** One DD declaration: the template, the PDF header and, when fetched, the BDIF listing item. */
export interface AmfRecord {
  sourceId: string;
  header: AmfPdfHeader;
  notification: Mar19Notification;
  information: {
    numero: string;
    datePublication: string | null;
    jeton: string | null;
    issuerName: string | null;
    documentUrl: string | null;
  } | null;
}

export interface AmfDeclarationText {
  header: AmfPdfHeader;
  notifications: Mar19Notification[];
  hasTemplate: boolean;
}

/** Reads a DD declaration from the text lines of its PDF (French or English rendering). */
export function parseAmfDeclarationLines(allLines: string[]): AmfDeclarationText {
  const gdpr = allLines.findIndex((l) => GDPR_NOTICE_START.test(l));
  const lines = gdpr >= 0 ? allLines.slice(0, gdpr) : allLines;
  const rendering = lines.some((l) => ENGLISH_RENDERING.test(l.trim())) ? 'en' : 'fr';
  const { notifications, preamble } = parseMar19Text(lines, { decimalMark: '.', defaultCurrency: null }, rendering === 'en' ? ['en', 'fr'] : ['fr', 'en']);
  const head = preamble.slice(0, 6);
  const numero = head.map((l) => DD_NUMERO.exec(l)?.[1]).find(Boolean) ?? null;
  const headerMatch = head.map((l) => DD_HEADER_LINE.exec(l)).find((m) => m !== null) ?? null;
  const publicationDate = head.map((l) => findDates(l)[0]?.iso).find(Boolean) ?? null;
  return {
    header: {
      numero,
      issuerIsin: headerMatch?.[1] ? findIsin(headerMatch[1]) : null,
      ondeNumber: headerMatch?.[2]?.replace(/\s+/g, '') ?? null,
      publicationDate,
      rendering,
    },
    notifications,
    hasTemplate: notifications.length > 0 || lines.some((l) => /^(NOM ?\/ ?FONCTION|NAME ?\/ ?POSITION)/i.test(l)),
  };
}

function isPdf(body: Buffer): boolean {
  return body.subarray(0, 1024).toString('latin1').includes('%PDF-');
}

function pdfDeclaration(doc: RawDocument, pdf: Buffer): AmfDeclarationText {
  let lines: string[];
  try {
    lines = pdfLines(extractPdfTextSync(pdf));
  } catch (error) {
    throw new ParseError(doc.sourceId, `unreadable PDF: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseAmfDeclarationLines(lines);
}

function skippedForTypes(types: string[]): Skipped {
  return { skipped: outOfScopeTypes(types) };
}

function recordsFrom(doc: RawDocument, text: AmfDeclarationText, item: BdifItem | null, documentUrl: string | null): ParseOutcome<AmfRecord> {
  const numero = item?.numero ?? text.header.numero ?? doc.sourceId;
  if (text.notifications.length === 0) {
    throw new ParseError(doc.sourceId, 'DD declaration PDF without a readable "NOM /FONCTION" block: no person found');
  }
  const records: AmfRecord[] = [];
  const rejects: ParseOutcome<AmfRecord>['rejects'] = [];
  text.notifications.forEach((notification, i) => {
    const sourceId = text.notifications.length > 1 ? `${numero}-${i + 1}` : numero;
    if (notification.transactions.length === 0) {
      rejects.push({ sourceId, message: `declaration of ${notification.person.name} lists no transaction` });
      return;
    }
    const issuer = item ? issuerOf(item) : { jeton: null, name: null };
    if (!notification.issuer.name && !issuer.name) {
      rejects.push({ sourceId, message: `declaration of ${notification.person.name} names no issuer` });
      return;
    }
    records.push({
      sourceId,
      header: text.header,
      notification,
      information: item
        ? { numero: item.numero, datePublication: item.datePublication ?? null, jeton: issuer.jeton, issuerName: issuer.name, documentUrl }
        : null,
    });
  });
  return { records, rejects };
}

/**
 * A BDIF document as fetched (bundle of listing item + PDF) or as published (the PDF alone).
 * Listings and non-DD items are out of scope; a non-DD PDF (threshold crossing…) likewise.
 */
export function parseAmfDocument(doc: RawDocument): ParseOutcome<AmfRecord> | Skipped {
  if (isPdf(doc.body)) {
    const text = pdfDeclaration(doc, doc.body);
    if (!text.header.numero && !text.hasTemplate) {
      return { skipped: 'BDIF PDF that is not a directors\' dealing declaration (no DD number, no declarant block)' };
    }
    return recordsFrom(doc, text, null, doc.url);
  }
  let json: unknown;
  try {
    json = JSON.parse(doc.body.toString('utf8'));
  } catch {
    throw new ParseError(doc.sourceId, 'neither a PDF nor JSON: not a BDIF document');
  }
  const bundle = BdifBundleSchema.safeParse(json);
  if (bundle.success) {
    const item = bundle.data.information;
    if (!isDdItem(item)) return skippedForTypes(item.typesInformation ?? []);
    const pdf = Buffer.from(bundle.data.document.base64, 'base64');
    if (!isPdf(pdf)) throw new ParseError(doc.sourceId, `the document of ${item.numero} is not a PDF`);
    return recordsFrom(doc, pdfDeclaration(doc, pdf), item, bundle.data.document.url);
  }
  const listing = BdifListingSchema.safeParse(json);
  if (listing.success) {
    const types = [...new Set(listing.data.result.flatMap((i) => i.typesInformation ?? []))];
    if (!types.includes('DD')) return skippedForTypes(types);
    return { skipped: 'BDIF listing page: it carries no transaction data; each DD item is read from its PDF' };
  }
  throw new ParseError(doc.sourceId, 'JSON that is neither a BDIF listing nor a fetched DD bundle');
}
