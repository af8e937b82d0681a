import type { SourceAdapter } from '../types.js';
import { readSecArchiveFile } from './archive.js';
import { backfillSec, pollSec, secCompanyReference, secHostRateLimits, secUserAgent } from './fetch.js';
import { normalizeSecFiling, SEC_SOURCE } from './normalize.js';
import { parseSecDocument } from './parse.js';
import type { SecOwnershipFiling } from './record.js';

/** SEC EDGAR Forms 3, 4, 5 (and amendments): the US insider-dealing declarations. */
export const secAdapter: SourceAdapter<SecOwnershipFiling> = {
  source: SEC_SOURCE,
  market: 'us',
  regulator: 'SEC',
  country: 'US',
  currency: 'USD',
  timeZone: 'America/New_York',
  filingDeadlineBusinessDays: 2,
  pollIntervalSeconds: (config) => config.sec.pollSeconds,
  hostRateLimits: secHostRateLimits,
  userAgent: secUserAgent,
  poll: pollSec,
  backfill: backfillSec,
  companyReference: secCompanyReference,
  readArchiveFile: readSecArchiveFile,
  parse: parseSecDocument,
  normalize: normalizeSecFiling,
};

export type { SecOwnershipFiling, SecOwnershipRow, SecReportingOwner } from './record.js';
export { secAmendmentKey, baseFormOf } from './normalize.js';
export { SEC_TRANSACTION_CODES, natureOfCode } from './codes.js';
