import type { Config } from '../../src/config.js';
import type { SourceAdapter } from '../types.js';
import { readFcaArchiveFile } from './archive.js';
import { UK_TIME_ZONE } from './codes.js';
import { backfillFca, pollFca, type FcaFetchOptions } from './fetch.js';
import { normalizeFca } from './normalize.js';
import { parseFcaDocument, type FcaRecord } from './parse.js';

function hostOf(url: string): string {
  return new URL(url).host;
}

/** FCA (UK): PDMR notifications (UK MAR Art. 19) found through the NSM and RNS (Investegate). */
export function createFcaAdapter(options: FcaFetchOptions = {}): SourceAdapter<FcaRecord> {
  return {
    source: 'fca',
    market: 'uk',
    regulator: 'FCA',
    country: 'GB',
    currency: 'GBP',
    timeZone: UK_TIME_ZONE,
    filingDeadlineBusinessDays: 3,
    pollIntervalSeconds: (config: Config) => config.europe.fca.pollSeconds,
    hostRateLimits: (config: Config) => {
      const rps = config.europe.fca.maxRequestsPerSecond;
      const f = config.europe.fca;
      return { [hostOf(f.nsmApiUrl)]: rps, [hostOf(f.nsmArtefactUrl)]: rps, [hostOf(f.investegateUrl)]: rps };
    },
    userAgent: (config: Config) => ({ userAgent: config.europe.userAgent }),
    poll: (cursor, ctx) => pollFca(cursor, ctx, options),
    backfill: (range, ctx) => backfillFca(range, ctx, options),
    readArchiveFile: readFcaArchiveFile,
    parse: parseFcaDocument,
    normalize: normalizeFca,
  };
}

export const fcaAdapter: SourceAdapter<FcaRecord> = createFcaAdapter();

export { readAnnouncement, type AnnouncementPage } from './html.js';
export type { FcaRecord } from './parse.js';
