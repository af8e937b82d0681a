import type { DeclarationDraft } from '../../src/model/index.js';
import { mar19Draft } from '../mar19/draft.js';
import { localToUtc, offsetIsoToUtc } from '../mar19/time.js';
import type { RawDocument } from '../types.js';
import { FCA_FORM_TYPE, UK_TIME_ZONE } from './codes.js';
import type { FcaRecord } from './parse.js';

function pubDateOf(record: FcaRecord, doc: RawDocument): { pubDate: string; precision: 'time' | 'date' | 'retrieved' } {
  if (record.page.publishedAt) return { pubDate: record.page.publishedAt, precision: 'time' };
  // NSM artefacts print only the announcement day: start of that day in London.
  const fromDay = record.page.announcementDate ? localToUtc(record.page.announcementDate, null, UK_TIME_ZONE) : null;
  if (fromDay) return { pubDate: fromDay, precision: 'date' };
  return { pubDate: offsetIsoToUtc(doc.retrievedAt, 'UTC') ?? doc.retrievedAt, precision: 'retrieved' };
}

/** One person's notification of an RNS announcement → the common model (`FCA:<announcement>[-n]`). */
export function normalizeFca(record: FcaRecord, doc: RawDocument): DeclarationDraft {
  const n = record.notification;
  const { pubDate, precision } = pubDateOf(record, doc);
  const missingCurrency = n.transactions.some((t) => t.tranches.some((x) => x.price?.value !== null && x.price && !x.price.currency));
  return mar19Draft(n, {
    id: `FCA:${record.sourceId}`,
    source: 'fca',
    sourceId: record.sourceId,
    market: 'uk',
    regulator: 'FCA',
    formType: FCA_FORM_TYPE,
    filingUrl: record.page.url ?? doc.url,
    pubDate,
    company: {
      name: n.issuer.name ?? record.page.issuerHeader,
      lei: n.issuer.lei,
      cik: null,
      sourceCompanyId: null,
      ticker: record.page.ticker,
      exchange: null,
      market: 'uk',
    },
    extras: {
      announcementId: record.page.announcementId ?? doc.sourceId,
      rendering: record.page.kind,
      headline: record.page.headline,
      rnsNumber: record.page.rnsNumber,
      pubDatePrecision: precision,
      ...(record.count > 1 ? { bundledPerson: record.position, bundledPersons: record.count } : {}),
      ...(missingCurrency ? { currencyMissing: true } : {}),
    },
  });
}
