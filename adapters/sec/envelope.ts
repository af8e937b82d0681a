import type { Skipped } from '../types.js';
import { OWNERSHIP_FORM_TYPES } from './codes.js';
import type { HeaderStyle } from './record.js';
import { rootElementName } from './xml-scan.js';

/** A problem with the document as a whole; parse.ts turns it into a ParseError with the source id. */
export class SecFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecFormatError';
  }
}

/**
 * The envelope of one EDGAR document: which header style it has, what the header says, and where
 * the ownership XML sits in the text (so the XML is read in place, without copying).
 */
export interface SubmissionEnvelope {
  headerStyle: HeaderStyle;
  accession: string | null;
  submissionType: string | null;
  /** ACCEPTANCE-DATETIME as written (YYYYMMDDhhmmss, US Eastern), null when the header has none. */
  acceptanceDateTime: string | null;
  /** FILED AS OF DATE / FILING-DATE as YYYY-MM-DD. */
  filingDate: string | null;
  xmlStart: number;
  xmlEnd: number;
  /** Header text range, to look up names by CIK when the XML lacks them. */
  headerStart: number;
  headerEnd: number;
}

export const ACCESSION_PATTERN = /^\d{10}-\d{2}-\d{6}$/;
/** An accession inside a file name or URL, with or without dashes. */
export const ACCESSION_IN_NAME = /(?<!\d)(\d{10})-?(\d{2})-?(\d{6})(?!\d)/;

export function accessionFromName(name: string): string | null {
  const match = ACCESSION_IN_NAME.exec(name);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

function isoDateOfCompact(value: string | null): string | null {
  if (value === null || !/^\d{8}$/.test(value)) return null;
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

function firstNonSpace(text: string): number {
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}

/** `LABEL:<tabs>value` of the text header, within [from, to). */
function textHeaderField(text: string, label: string, from: number, to: number): string | null {
  const at = text.indexOf(label, from);
  if (at === -1 || at >= to) return null;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1 || lineEnd > to) lineEnd = to;
  const value = text.slice(at + label.length, lineEnd).trim();
  return value.length > 0 ? value : null;
}

/** `<TAG>value` of the SGML tag header, where the value runs to the next tag or line end. */
function tagHeaderField(text: string, tag: string, from: number, to: number): string | null {
  const at = text.indexOf(tag, from);
  if (at === -1 || at >= to) return null;
  const valueStart = at + tag.length;
  let valueEnd = valueStart;
  while (valueEnd < to) {
    const c = text.charCodeAt(valueEnd);
    if (c === 60 /* < */ || c === 10 || c === 13) break;
    valueEnd++;
  }
  const value = text.slice(valueStart, valueEnd).trim();
  return value.length > 0 ? value : null;
}

/** Finds the ownership document's `<XML>` block among the submission's `<DOCUMENT>`s. */
function locateOwnershipXml(text: string, from: number, formType: string): { start: number; end: number } {
  for (let doc = text.indexOf('<DOCUMENT>', from); doc !== -1; doc = text.indexOf('<DOCUMENT>', doc + 10)) {
    let docEnd = text.indexOf('</DOCUMENT>', doc);
    if (docEnd === -1) docEnd = text.length;
    const type = tagHeaderField(text, '<TYPE>', doc, docEnd);
    if (type === null || !OWNERSHIP_FORM_TYPES.has(type)) continue;
    const open = text.indexOf('<XML>', doc);
    if (open === -1 || open > docEnd) continue;
    const close = text.indexOf('</XML>', open);
    if (close === -1 || close > docEnd) {
      throw new SecFormatError(`the Form ${formType} document's <XML> block is never closed (truncated submission?)`);
    }
    return { start: open + 5, end: close };
  }
  throw new SecFormatError(
    `the Form ${formType} submission carries no ownershipDocument XML (a pre-2003 text filing, or the XML document is missing)`,
  );
}

const SKIP_NOT_EDGAR: Skipped = {
  skipped: 'not an EDGAR submission or ownership XML (index, JSON, TSV or other reference file)',
};

/**
 * Recognizes the three shapes a Form 3/4/5 arrives in: a full `.txt` submission with the
 * `<SEC-HEADER>` text header (possibly inside a PEM wrapper), an `.nc`/`.sgml` dissemination file
 * with the `<SUBMISSION>` tag header, or a bare `<ownershipDocument>` XML. Anything else is out of
 * scope and says why.
 */
export function readEnvelope(text: string): SubmissionEnvelope | Skipped {
  const begin = firstNonSpace(text);
  if (text.startsWith('<SUBMISSION>', begin)) {
    let headerEnd = text.indexOf('<DOCUMENT>', begin);
    if (headerEnd === -1) headerEnd = text.length;
    const type = tagHeaderField(text, '<TYPE>', begin, headerEnd);
    if (type === null || !OWNERSHIP_FORM_TYPES.has(type)) {
      return { skipped: `EDGAR form type ${type ?? '(none)'} is out of scope (Forms 3, 4, 5 and amendments only)` };
    }
    const xml = locateOwnershipXml(text, headerEnd, type);
    return {
      headerStyle: 'submission-tags',
      accession: tagHeaderField(text, '<ACCESSION-NUMBER>', begin, headerEnd),
      submissionType: type,
      acceptanceDateTime: tagHeaderField(text, '<ACCEPTANCE-DATETIME>', begin, headerEnd),
      filingDate: isoDateOfCompact(tagHeaderField(text, '<FILING-DATE>', begin, headerEnd)),
      xmlStart: xml.start,
      xmlEnd: xml.end,
      headerStart: begin,
      headerEnd,
    };
  }

  const secHeader = text.indexOf('<SEC-HEADER>', begin);
  if (secHeader !== -1 && secHeader < begin + 4096) {
    let headerEnd = text.indexOf('</SEC-HEADER>', secHeader);
    if (headerEnd === -1) headerEnd = text.indexOf('<DOCUMENT>', secHeader);
    if (headerEnd === -1) headerEnd = text.length;
    const type = textHeaderField(text, 'CONFORMED SUBMISSION TYPE:', secHeader, headerEnd);
    if (type === null || !OWNERSHIP_FORM_TYPES.has(type)) {
      return { skipped: `EDGAR form type ${type ?? '(none)'} is out of scope (Forms 3, 4, 5 and amendments only)` };
    }
    const xml = locateOwnershipXml(text, headerEnd, type);
    const acceptance = tagHeaderField(text, '<ACCEPTANCE-DATETIME>', secHeader, headerEnd);
    return {
      headerStyle: 'sec-header',
      accession: textHeaderField(text, 'ACCESSION NUMBER:', secHeader, headerEnd),
      submissionType: type,
      acceptanceDateTime: acceptance,
      filingDate: isoDateOfCompact(textHeaderField(text, 'FILED AS OF DATE:', secHeader, headerEnd)),
      xmlStart: xml.start,
      xmlEnd: xml.end,
      headerStart: secHeader,
      headerEnd,
    };
  }

  if (text.charCodeAt(begin) === 60 /* < */) {
    const root = rootElementName(text, begin);
    if (root === 'ownershipDocument') {
      return {
        headerStyle: 'bare-xml',
        accession: null,
        submissionType: null,
        acceptanceDateTime: null,
        filingDate: null,
        xmlStart: begin,
        xmlEnd: text.length,
        headerStart: 0,
        headerEnd: 0,
      };
    }
    if (root !== null) {
      return { skipped: `XML root <${root}> is not an ownershipDocument (Form 144, 13F and other forms are out of scope)` };
    }
  }
  return SKIP_NOT_EDGAR;
}

/**
 * Names the submission header gives per CIK (reporting owners and issuer), for the rare XML that
 * omits rptOwnerName or issuerName. Keyed by 10-digit CIK.
 */
export function headerNamesByCik(text: string, envelope: SubmissionEnvelope): Map<string, string> {
  const names = new Map<string, string>();
  const { headerStart, headerEnd } = envelope;
  if (envelope.headerStyle === 'sec-header') {
    const nameLabel = 'COMPANY CONFORMED NAME:';
    for (let at = text.indexOf(nameLabel, headerStart); at !== -1 && at < headerEnd; at = text.indexOf(nameLabel, at + 1)) {
      const name = textHeaderField(text, nameLabel, at, headerEnd);
      const cik = textHeaderField(text, 'CENTRAL INDEX KEY:', at, headerEnd);
      if (name && cik && /^\d+$/.test(cik)) names.set(cik.padStart(10, '0'), name);
    }
  } else if (envelope.headerStyle === 'submission-tags') {
    const nameTag = '<CONFORMED-NAME>';
    for (let at = text.indexOf(nameTag, headerStart); at !== -1 && at < headerEnd; at = text.indexOf(nameTag, at + 1)) {
      const name = tagHeaderField(text, nameTag, at, headerEnd);
      const cik = tagHeaderField(text, '<CIK>', at, headerEnd);
      if (name && cik && /^\d+$/.test(cik)) names.set(cik.padStart(10, '0'), name);
    }
  }
  return names;
}

export { isoDateOfCompact, SKIP_NOT_EDGAR };
