import type { DeclarationDraft } from '../../src/model/index.js';
import { mar19Draft } from '../mar19/draft.js';
import { localToUtc } from '../mar19/time.js';
import { ParseError, type RawDocument } from '../types.js';
import { BAFIN_FORM_TYPE, BAFIN_SEARCH_PATH, BAFIN_SHARE_INSTRUMENTS, BERLIN_TIME_ZONE } from './codes.js';
import type { BafinRecord } from './parse.js';

export const BAFIN_PUBLIC_BASE = 'https://portal.mvp.bafin.de';

/** The register's human search page for the issuer, the closest thing to a filing URL it has. */
export function bafinIssuerUrl(isin: string): string {
  const params = new URLSearchParams({ zeitraum: '0', emittentIsin: isin, emittentButton: 'Suche Emittent' });
  return `${BAFIN_PUBLIC_BASE}${BAFIN_SEARCH_PATH}?${params.toString()}`;
}

/** One export row → the common model (`BAFIN:<stable row id>`). */
export function normalizeBafin(record: BafinRecord, doc: RawDocument): DeclarationDraft {
  const { row } = record;
  const pubDate = localToUtc(row.activationDate, row.activationTime, BERLIN_TIME_ZONE);
  if (!pubDate) throw new ParseError(record.sourceId, `Datum der Aktivierung ${row.activationDate} is not a valid time`);
  const draft = mar19Draft(record.notification, {
    id: `BAFIN:${record.sourceId}`,
    source: 'bafin',
    sourceId: record.sourceId,
    market: 'de',
    regulator: 'BaFin',
    formType: BAFIN_FORM_TYPE,
    filingUrl: bafinIssuerUrl(row.isin),
    pubDate,
    company: {
      name: row.issuer,
      isin: row.isin,
      lei: null,
      cik: null,
      sourceCompanyId: row.bafinId ? `BAFIN:${row.bafinId}` : null,
      ticker: null,
      exchange: null,
      market: 'de',
    },
    extras: {
      bafinId: row.bafinId,
      notificationDate: row.notificationDate,
      averagePriceRaw: row.averagePriceRaw || null,
      aggregatedVolumeRaw: row.aggregatedVolumeRaw || null,
      aggregatedVolumeIsAmount: true,
      volumeDerived: record.derivedVolume,
      rowOccurrence: record.occurrence,
      exportDocument: doc.sourceId,
    },
  });
  // The ISIN column names the issuer's security; it is the traded instrument only for shares.
  const shares = BAFIN_SHARE_INSTRUMENTS.test(row.instrument);
  return { ...draft, lines: draft.lines.map((l) => ({ ...l, isin: shares ? l.isin : null })) };
}
