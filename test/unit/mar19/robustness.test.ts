import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bafinAdapter } from '../../../adapters/bafin/index.js';
import { fcaAdapter } from '../../../adapters/fca/index.js';
import { parseMar19Text } from '../../../adapters/mar19/index.js';
import { isSkipped, ParseError, type RawDocument, type SourceAdapter } from '../../../adapters/types.js';
import { DeclarationDraftSchema } from '../../../src/model/index.js';

const FRAGMENTS = [
  'a) Name: Jane Doe',
  'Name(s)',
  '1. Alice 2. Bob',
  'a) Position/status: Director',
  'b) Initial notification/Amendment: Amendment',
  '3 Details of the issuer',
  'b) LEI: 213800SAMPLEPLC00007',
  '4 Details of the transaction(s)',
  'a) Description of the financial instrument: Ordinary shares GB00SAMPLE09',
  'b) Nature of the transaction: 1. Sale 2. Purchase',
  'c) Price(s) and volume(s): 1. £1.50 100 2. 150p 200',
  'Price(s) Volume(s)',
  'd) Aggregated information - 306 - £1,175.04',
  'e) Date of the transaction: 13 - 20 May 2026',
  'f) Place of the transaction: XLON',
  'NOM /FONCTION DE LA PERSONNE EXERCANT DES RESPONSABILITES DIRIGEANTES OU DE LA',
  'PERSONNE ETROITEMENT LIEE :',
  'PRIX UNITAIRE : 1 575.7679 Euro VOLUME : 84 516.0000',
  'INFORMATIONS AGREGEES',
  'Aggregiertes Volumen: 61.240,87 EUR',
  'Vorname: Anna',
];

const line = fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 40 }));

function onlyParseErrors(adapter: SourceAdapter, doc: RawDocument): void {
  try {
    const outcome = adapter.parse(doc);
    if (isSkipped(outcome)) return;
    for (const record of outcome.records) {
      try {
        DeclarationDraftSchema.parse(adapter.normalize(record, doc));
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
      }
    }
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
  }
}

describe('bad input never crashes', () => {
  it('the template reader takes any sequence of lines', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const { notifications } = parseMar19Text(lines, { decimalMark: 'auto', defaultCurrency: null });
        expect(Array.isArray(notifications)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the FCA adapter throws nothing but ParseError, and its drafts are valid', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), (lines) => {
        const html = `<html><body><div>Sample plc</div><div>1 June 2026</div>${lines.map((l) => `<p>${l.replace(/</g, '&lt;')}</p>`).join('')}</body></html>`;
        onlyParseErrors(fcaAdapter as SourceAdapter, { sourceId: 'RNS-FUZZ', url: null, retrievedAt: '2026-06-01T00:00:00.000Z', mediaType: 'text/html', body: Buffer.from(html) });
      }),
      { numRuns: 150 },
    );
  });

  it('the BaFin adapter rejects bad rows one by one, with distinct ids', () => {
    const header = 'Emittent;BaFin-ID;ISIN;Meldepflichtiger;Position / Status;Art des Instruments;Art des Geschäfts;Durchschnittspreis;Aggregiertes Volumen;Mitteilungsdatum;Datum des Geschäfts;Ort des Geschäfts;Datum der Aktivierung';
    const field = fc.oneof(fc.constantFrom('X AG', '40019594', 'DE000LEG1110', 'Kauf', '49,35 EUR', '1.000,00 EUR', '30.06.2026', '01.07.2026 09:49:22', ''), fc.string({ maxLength: 12 }));
    const row = fc.array(field, { minLength: 10, maxLength: 15 }).map((fields) => fields.map((f) => f.replace(/[;\n\r]/g, ' ')).join(';'));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
        const doc: RawDocument = { sourceId: 'export-fuzz', url: null, retrievedAt: '2026-07-02T00:00:00.000Z', mediaType: 'text/csv', body: Buffer.from(`\uFEFF${[header, ...rows].join('\n')}`) };
        onlyParseErrors(bafinAdapter as SourceAdapter, doc);
        const outcome = bafinAdapter.parse(doc);
        if (isSkipped(outcome)) return;
        const ids = [...outcome.records.map((r) => r.sourceId), ...outcome.rejects.map((r) => r.sourceId)];
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(rows.filter((r) => r.trim() !== '').length);
      }),
      { numRuns: 150 },
    );
  });
});
