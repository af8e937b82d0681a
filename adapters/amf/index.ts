import type { Config } from '../../src/config.js';
import type { SourceAdapter } from '../types.js';
import { readAmfArchiveFile } from './archive.js';
import { PARIS_TIME_ZONE } from './codes.js';
import { backfillAmf, fetchAmfDeclaration, pollAmf, type AmfFetchOptions } from './fetch.js';
import { normalizeAmf } from './normalize.js';
import { parseAmfDocument, type AmfRecord } from './parse.js';

export interface AmfAdapter extends SourceAdapter<AmfRecord> {
  /** One declaration by its BDIF numero (single-item endpoint then its PDF); null when absent or not a DD. */
  fetchDeclaration: typeof fetchAmfDeclaration;
}

/** AMF (France): BDIF directors' dealings (DD), one PDF per declaration. */
export function createAmfAdapter(options: AmfFetchOptions = {}): AmfAdapter {
  return {
    source: 'amf',
    market: 'fr',
    regulator: 'AMF',
    country: 'FR',
    currency: 'EUR',
    timeZone: PARIS_TIME_ZONE,
    filingDeadlineBusinessDays: 3,
    pollIntervalSeconds: (config: Config) => config.europe.amf.pollSeconds,
    hostRateLimits: (config: Config) => ({ [new URL(config.europe.amf.baseUrl).host]: config.europe.amf.maxRequestsPerSecond }),
    userAgent: (config: Config) => ({ userAgent: config.europe.userAgent }),
    poll: (cursor, ctx) => pollAmf(cursor, ctx, options),
    backfill: (range, ctx) => backfillAmf(range, ctx, options),
    fetchDeclaration: fetchAmfDeclaration,
    readArchiveFile: readAmfArchiveFile,
    parse: parseAmfDocument,
    normalize: normalizeAmf,
  };
}

export const amfAdapter: AmfAdapter = createAmfAdapter();

export { parseAmfDeclarationLines, type AmfRecord } from './parse.js';
export { extractPdfTextSync, pdfLines } from './pdf-text.js';
