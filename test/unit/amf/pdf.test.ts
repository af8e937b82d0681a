import { describe, expect, it } from 'vitest';
import { amfAdapter, parseAmfDeclarationLines } from '../../../adapters/amf/index.js';
import { isSkipped, ParseError, type RawDocument } from '../../../adapters/types.js';
import { DeclarationDraftSchema, type DeclarationDraft } from '../../../src/model/index.js';
import { amfDeclarationLines, amfDeclarationPdf, baseSpec, type AmfDeclarationSpec } from './helpers/amf-layout.js';
import { minimalPdf } from './helpers/minimal-pdf.js';

const pdfDoc = (body: Buffer, sourceId = 'generated'): RawDocument => ({
  sourceId,
  url: null,
  retrievedAt: '2026-07-03T12:00:00.000Z',
  mediaType: 'application/pdf',
  body,
});

function draftsOf(spec: AmfDeclarationSpec): DeclarationDraft[] {
  const raw = pdfDoc(amfDeclarationPdf(spec));
  const outcome = amfAdapter.parse(raw);
  if (isSkipped(outcome)) throw new Error(outcome.skipped);
  expect(outcome.rejects).toEqual([]);
  return outcome.records.map((r) => DeclarationDraftSchema.parse(amfAdapter.normalize(r, raw)));
}

const lineFacts = (d: DeclarationDraft) => d.lines.map((l) => [l.nature, l.code, l.shares, l.price, l.currency, l.transactionDate, l.venue, l.isin]);

describe('AMF DD PDF (generated from the documented layout)', () => {
  it('reads a plain French declaration', () => {
    const [d] = draftsOf(baseSpec());
    expect(d).toMatchObject({
      id: 'AMF:2026DD1130001',
      formType: 'DD',
      market: 'fr',
      regulator: 'AMF',
      pubDate: '2026-07-02T22:00:00.000Z',
      isAmendment: false,
      isPlanned: false,
      plannedEvidence: 'programme_flag',
      company: { name: 'EXEMPLE INDUSTRIES SA', isin: 'FR001400ABC3', lei: '969500EXAMPLE0000083', ticker: null },
      insider: { name: 'Jeanne MARTIN', role: 'OTHER_OFFICER', roleRaw: 'Directrice Générale Déléguée' },
    });
    expect(lineFacts(d!)).toEqual([['BUY', 'Acquisition', 150, 612.4, 'EUR', '2026-07-01', 'Euronext Paris', 'FR001400ABC3']]);
    expect(d!.extras).toMatchObject({ ondeNumber: 'DD200001', receivedDate: '2026-07-02', rendering: 'fr' });
  });

  it('reads several numbered transactions, several operations each, and an amendment by a closely associated entity', () => {
    const [d] = draftsOf(
      baseSpec({
        numbered: true,
        notification: 'Modification',
        declarant: 'SARL FAMILLE MARTIN, personne morale étroitement liée à Jeanne MARTIN, Directrice Générale Déléguée',
        transactions: [
          {
            date: '29 juin 2026',
            place: 'Euronext Paris',
            nature: 'Cession',
            instrument: 'Action',
            code: 'FR001400ABC3',
            operations: [
              { price: '1 575.7679 Euro', volume: '1 200.0000' },
              { price: '1 580.0000 Euro', volume: '800.0000' },
            ],
            aggregatedPrice: '1 577.4607 Euro',
            aggregatedVolume: '2 000.0000',
            programme: 'NON',
          },
          {
            date: '30 juin 2026',
            place: 'Hors plate-forme de négociation',
            nature: 'Donation',
            instrument: 'Action',
            code: 'FR001400ABC3',
            operations: [{ price: '0.0000 Euro', volume: '500.0000' }],
            aggregatedPrice: '0.0000 Euro',
            aggregatedVolume: '500.0000',
            programme: 'NON',
            operationsOnOneLine: true,
          },
        ],
      }),
    );
    expect(d!.insider).toMatchObject({ name: 'SARL FAMILLE MARTIN', isEntity: true, role: 'CLOSELY_ASSOCIATED', isCloselyAssociated: true });
    expect(d!.extras.associatedWith).toBe('Jeanne MARTIN');
    expect(d!.isAmendment).toBe(true);
    expect(d!.amendsKey).toBe('mar19:969500EXAMPLE0000083:famille martin sarl:2026-06-29');
    expect(lineFacts(d!)).toEqual([
      ['SELL', 'Cession', 1200, 1575.7679, 'EUR', '2026-06-29', 'Euronext Paris', 'FR001400ABC3'],
      ['SELL', 'Cession', 800, 1580, 'EUR', '2026-06-29', 'Euronext Paris', 'FR001400ABC3'],
      ['GIFT', 'Donation', 500, 0, 'EUR', '2026-06-30', 'Hors plate-forme de négociation', 'FR001400ABC3'],
    ]);
    expect(d!.lines[0]!.amount).toBe(1890921.48);
  });

  it('reads the English rendering with a legal person closely associated', () => {
    const [d] = draftsOf(
      baseSpec({
        rendering: 'en',
        publicationDate: '8 September 2026',
        declarant: 'GEST INVEST legal person closely associated with Philippe ROSIO',
        notification: 'Initial notification',
        numbered: true,
        transactions: [
          {
            date: '04 September 2026',
            place: 'Euronext Paris',
            nature: 'Acquisition',
            instrument: 'Share',
            code: 'FR001400ABC3',
            operations: [{ price: '32.3700 Euro', volume: '232.0000' }],
            aggregatedPrice: '32.3700 Euro',
            aggregatedVolume: '232.0000',
            programme: 'NO',
            operationsOnOneLine: true,
          },
        ],
        receivedDate: '08 September 2026',
        comments: 'Purchase made under a management mandate.',
      }),
    );
    expect(d).toMatchObject({
      pubDate: '2026-09-07T22:00:00.000Z',
      isPlanned: false,
      remarks: 'Purchase made under a management mandate.',
      insider: { name: 'GEST INVEST', role: 'CLOSELY_ASSOCIATED' },
      extras: { rendering: 'en', templateLanguage: 'en', associatedWith: 'Philippe ROSIO' },
    });
    expect(lineFacts(d!)).toEqual([['BUY', 'Acquisition', 232, 32.37, 'EUR', '2026-09-04', 'Euronext Paris', 'FR001400ABC3']]);
  });

  it('parses the same from the text lines as from the PDF', () => {
    const spec = baseSpec();
    const fromLines = parseAmfDeclarationLines(amfDeclarationLines(spec));
    expect(fromLines.header).toEqual({ numero: '2026DD1130001', issuerIsin: 'FR001400ABC3', ondeNumber: 'DD200001', publicationDate: '2026-07-03', rendering: 'fr' });
    expect(fromLines.notifications[0]!.transactions[0]!.tranches[0]!.volume).toBe(150);
  });

  it('skips a BDIF PDF that is not a DD and refuses a broken one', () => {
    const notice = minimalPdf([[
      { text: '226C0584', x: 32, y: 795, size: 10 },
      { text: 'Déclaration de franchissement de seuils (article L. 233-7 du code de commerce)', x: 60, y: 700, size: 10 },
    ]]);
    expect(isSkipped(amfAdapter.parse(pdfDoc(notice)))).toBe(true);
    expect(() => amfAdapter.parse(pdfDoc(Buffer.from('%PDF-1.4\nnot really a pdf')))).toThrow(ParseError);
  });

  it('rejects a DD whose declarant block has no transaction, with a message', () => {
    const raw = pdfDoc(amfDeclarationPdf(baseSpec({ transactions: [] })));
    const outcome = amfAdapter.parse(raw);
    expect(outcome).toEqual({ records: [], rejects: [{ sourceId: '2026DD1130001', message: 'declaration of Jeanne MARTIN lists no transaction' }] });
  });
});

describe('AMF fetched bundle (listing item + PDF)', () => {
  const item = {
    id: 1,
    numero: '2026DD1130001',
    datePublication: '2026-07-03T18:06:07.6876974+02:00',
    typesInformation: ['DD'],
    typesDocument: ['DeclarationDirigeants'],
    documents: [{ nomFichier: 'DD_26_1130001_1.pdf', path: '2026/2026DD1130001/ABC.pdf', accessible: true }],
    societes: [{ jeton: 'RS00009999', raisonSociale: 'EXEMPLE INDUSTRIES', role: 'SocieteConcernee' }],
  };
  const bundle = (information: object) =>
    Buffer.from(
      JSON.stringify({
        format: 'sigma.amf.bdif/1',
        information,
        document: { path: '2026/2026DD1130001/ABC.pdf', nomFichier: null, url: 'https://example.test/doc.pdf', mediaType: 'application/pdf', base64: amfDeclarationPdf(baseSpec()).toString('base64') },
      }),
    );

  it('takes the publication time and the issuer jeton from the listing item', () => {
    const raw: RawDocument = { sourceId: '2026DD1130001', url: null, retrievedAt: '2026-07-03T17:00:00.000Z', mediaType: 'application/vnd.sigma.amf-bdif+json', body: bundle(item) };
    const outcome = amfAdapter.parse(raw);
    if (isSkipped(outcome)) throw new Error(outcome.skipped);
    const d = amfAdapter.normalize(outcome.records[0]!, raw);
    expect(d).toMatchObject({ pubDate: '2026-07-03T16:06:07.687Z', company: { sourceCompanyId: 'AMF:RS00009999' }, extras: { pubDatePrecision: 'time', documentUrl: 'https://example.test/doc.pdf' } });
  });

  it('skips a bundle of another BDIF type', () => {
    const raw: RawDocument = { sourceId: 'x', url: null, retrievedAt: '2026-07-03T17:00:00.000Z', mediaType: 'application/json', body: bundle({ ...item, typesInformation: ['VAD'] }) };
    expect(amfAdapter.parse(raw)).toEqual({ skipped: "BDIF information of type VAD (short positions): only directors' dealings (DD) are in scope" });
  });
});
