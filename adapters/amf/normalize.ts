import type { DeclarationDraft } from '../../src/model/index.js';
import { mar19Draft } from '../mar19/draft.js';
import { localToUtc, offsetIsoToUtc } from '../mar19/time.js';
import type { RawDocument } from '../types.js';
import { AMF_FORM_TYPE, PARIS_TIME_ZONE } from './codes.js';
import type { AmfRecord } from './parse.js';

export const AMF_PUBLIC_BASE = 'https://bdif.amf-france.org';

/** A code that is a ticker rather than an ISIN (AMF "CODE D'IDENTIFICATION … : ALMDT"). */
const TICKER_LIKE = /^[A-Z][A-Z0-9]{1,6}$/;

function pubDateOf(record: AmfRecord, doc: RawDocument): { pubDate: string; precision: 'time' | 'date' | 'retrieved' } {
  const fromListing = record.information?.datePublication ? offsetIsoToUtc(record.information.datePublication, PARIS_TIME_ZONE) : null;
  if (fromListing) return { pubDate: fromListing, precision: 'time' };
  // The PDF alone prints only the publication day: start of that day in Paris.
  const day = record.header.publicationDate ?? record.notification.receivedDate;
  const fromPdf = day ? localToUtc(day, null, PARIS_TIME_ZONE) : null;
  if (fromPdf) return { pubDate: fromPdf, precision: 'date' };
  return { pubDate: offsetIsoToUtc(doc.retrievedAt, 'UTC') ?? doc.retrievedAt, precision: 'retrieved' };
}

/** One AMF DD declaration → the common model (`AMF:<numero>`). */
export function normalizeAmf(record: AmfRecord, doc: RawDocument): DeclarationDraft {
  const n = record.notification;
  const numero = record.information?.numero ?? record.header.numero ?? record.sourceId;
  const { pubDate, precision } = pubDateOf(record, doc);
  const codes = n.transactions.map((t) => t.identificationCode).filter((c): c is string => Boolean(c));
  const ticker = codes.find((c) => TICKER_LIKE.test(c) && !n.transactions.some((t) => t.isin === c)) ?? null;
  const jeton = record.information?.jeton ?? null;
  return mar19Draft(n, {
    id: `AMF:${record.sourceId}`,
    source: 'amf',
    sourceId: record.sourceId,
    market: 'fr',
    regulator: 'AMF',
    formType: AMF_FORM_TYPE,
    filingUrl: `${AMF_PUBLIC_BASE}/fr/details/${numero}`,
    pubDate,
    company: {
      name: n.issuer.name ?? record.information?.issuerName ?? null,
      isin: record.header.issuerIsin,
      lei: n.issuer.lei,
      cik: null,
      sourceCompanyId: jeton ? `AMF:${jeton}` : null,
      ticker,
      exchange: null,
      market: 'fr',
    },
    extras: {
      numero,
      ondeNumber: record.header.ondeNumber,
      rendering: record.header.rendering,
      pdfPublicationDate: record.header.publicationDate,
      pubDatePrecision: precision,
      documentUrl: record.information?.documentUrl ?? doc.url,
    },
  });
}
