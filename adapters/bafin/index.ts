import type { Config } from '../../src/config.js';
import type { SourceAdapter } from '../types.js';
import { readBafinArchiveFile } from './archive.js';
import { BERLIN_TIME_ZONE } from './codes.js';
import { backfillBafin, pollBafin, type BafinFetchOptions } from './fetch.js';
import { normalizeBafin } from './normalize.js';
import { parseBafinDocument, type BafinRecord } from './parse.js';

/** BaFin (Germany): DealingsInfo register of managers' transactions, read as its CSV export. */
export function createBafinAdapter(options: BafinFetchOptions = {}): SourceAdapter<BafinRecord> {
  return {
    source: 'bafin',
    market: 'de',
    regulator: 'BaFin',
    country: 'DE',
    currency: 'EUR',
    timeZone: BERLIN_TIME_ZONE,
    filingDeadlineBusinessDays: 3,
    pollIntervalSeconds: (config: Config) => config.europe.bafin.pollSeconds,
    hostRateLimits: (config: Config) => ({ [new URL(config.europe.bafin.baseUrl).host]: config.europe.bafin.maxRequestsPerSecond }),
    userAgent: (config: Config) => ({ userAgent: config.europe.userAgent }),
    poll: (cursor, ctx) => pollBafin(cursor, ctx, options),
    backfill: (range, ctx) => backfillBafin(range, ctx, options),
    readArchiveFile: readBafinArchiveFile,
    parse: parseBafinDocument,
    normalize: normalizeBafin,
  };
}

export const bafinAdapter: SourceAdapter<BafinRecord> = createBafinAdapter();

export { bafinRowId, splitBafinCsv } from './csv.js';
export { deriveVolume, type BafinRecord } from './parse.js';
