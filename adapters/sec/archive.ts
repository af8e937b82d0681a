import type { RawDocument, Skipped } from '../types.js';
import { accessionFromName, ACCESSION_PATTERN, readEnvelope, SecFormatError } from './envelope.js';
import { contentHashId, decodeBody } from './parse.js';

/** File kinds an EDGAR archive holds Form 3/4/5 in; anything else (idx, json, tsv…) is reference data. */
const SUBMISSION_EXTENSIONS: Record<string, string> = {
  txt: 'text/plain',
  nc: 'text/plain',
  sgml: 'text/plain',
  xml: 'application/xml',
};

/**
 * One file of an offline EDGAR archive → a raw document, or why it is out of scope. The source id
 * is the accession from the submission header, else from the file name, else a content hash (a
 * bare XML saved without its accession). A Form 3/4/5 whose XML is broken is still returned, so
 * parsing quarantines it with the reason instead of it vanishing here.
 */
export function readSecArchiveFile(relativePath: string, body: Buffer, retrievedAt: string): RawDocument | Skipped {
  const baseName = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  const extension = baseName.includes('.') ? baseName.slice(baseName.lastIndexOf('.') + 1).toLowerCase() : '';
  const mediaType = SUBMISSION_EXTENSIONS[extension];
  if (mediaType === undefined) {
    return { skipped: `${baseName}: .${extension || '(no extension)'} files are not EDGAR submissions (index, JSON, TSV…)` };
  }
  let headerAccession: string | null = null;
  try {
    const envelope = readEnvelope(decodeBody(body));
    if ('skipped' in envelope) return { skipped: `${baseName}: ${envelope.skipped}` };
    headerAccession = envelope.accession;
  } catch (error) {
    if (!(error instanceof SecFormatError)) throw error;
  }
  const sourceId =
    headerAccession !== null && ACCESSION_PATTERN.test(headerAccession)
      ? headerAccession
      : (accessionFromName(baseName) ?? contentHashId(body));
  return { sourceId, url: null, retrievedAt, mediaType, body };
}
