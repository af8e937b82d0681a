import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bafinAdapter, deriveVolume, splitBafinCsv } from '../../../adapters/bafin/index.js';
import { isSkipped, ParseError, type RawDocument } from '../../../adapters/types.js';
import { DeclarationDraftSchema } from '../../../src/model/index.js';

const csvText = readFileSync(fileURLToPath(new URL('../../fixtures/bafin/dealings-sample.csv', import.meta.url)), 'utf8');
const doc = (text: string, sourceId = 'export-test'): RawDocument => ({
  sourceId,
  url: null,
  retrievedAt: '2026-06-24T00:00:00.000Z',
  mediaType: 'text/csv',
  body: Buffer.from(text, 'utf8'),
});

function parsed(text = csvText) {
  const outcome = bafinAdapter.parse(doc(text));
  if (isSkipped(outcome)) throw new Error(outcome.skipped);
  return outcome;
}

describe('BaFin DealingsInfo CSV', () => {
  it('reads good rows and rejects bad ones alone, each under its own id', () => {
    const outcome = parsed();
    expect(outcome.records).toHaveLength(5);
    expect(outcome.rejects.map((r) => r.message)).toEqual([
      'line 6: expected 13 ";"-separated fields, found 14 (a name containing ";"?)',
      'line 7: Datum des Geschäfts "31.06.2026" is not a DD.MM.YYYY date',
    ]);
    expect(new Set(outcome.rejects.map((r) => r.sourceId)).size).toBe(2);
    expect(outcome.rejects[0]!.sourceId).toMatch(/^40099901-20260623-[0-9a-f]{12}-1$/);
  });

  it('derives the volume from the amount and the average price, and says so', () => {
    const draft = DeclarationDraftSchema.parse(bafinAdapter.normalize(parsed().records[0]!, doc(csvText)));
    expect(draft.lines[0]).toMatchObject({ nature: 'BUY', shares: 209, price: 23.88, amount: 4990.92, currency: 'EUR', transactionDate: '2026-06-18', venue: 'Xetra', isin: 'DE000BSP0000' });
    expect(draft.lines[0]!.footnotes[0]).toContain('4.990,92 EUR ÷ 23,88 EUR');
    expect(draft.lines[0]!.footnoteRefs).toEqual([{ id: 'L1', field: 'shares' }]);
    expect(draft.extras).toMatchObject({ volumeDerived: true, aggregatedVolumeIsAmount: true, aggregatedVolumeRaw: '4.990,92 EUR', notificationDate: '2026-06-19' });
    expect(draft).toMatchObject({
      id: expect.stringMatching(/^BAFIN:40099901-20260619-[0-9a-f]{12}-1$/),
      pubDate: '2026-06-19T10:01:37.000Z',
      formType: 'MAR19',
      regulator: 'BaFin',
      isAmendment: false,
      company: { name: 'Beispiel Technik AG', isin: 'DE000BSP0000', sourceCompanyId: 'BAFIN:40099901', lei: null },
      insider: { name: 'Dr. Anna Beispiel', role: 'DIRECTOR', isDirector: true },
    });
  });

  it('keeps a literal quote in an unquoted name and reads a closely associated entity', () => {
    const draft = bafinAdapter.normalize(parsed().records[1]!, doc(csvText));
    expect(draft.insider).toMatchObject({ name: '"Alpha" Beteiligungs GmbH', isEntity: true, role: 'CLOSELY_ASSOCIATED', isCloselyAssociated: true });
    expect(draft.lines[0]).toMatchObject({ nature: 'SELL', shares: 50, price: 1234.5, amount: 61725 });
  });

  it('numbers identical rows so both dealings survive with distinct, stable ids', () => {
    const [, , third, fourth] = parsed().records;
    expect(third!.sourceId.replace(/-\d+$/, '')).toBe(fourth!.sourceId.replace(/-\d+$/, ''));
    expect([third!.sourceId.slice(-2), fourth!.sourceId.slice(-2)]).toEqual(['-1', '-2']);
    const draft = bafinAdapter.normalize(third!, doc(csvText));
    expect(draft.lines[0]).toMatchObject({ nature: 'OTHER', shares: null, price: null, amount: null });
  });

  it('gives the same ids when the export is downloaded again in another order', () => {
    const [header, ...rows] = csvText.trimEnd().split('\n');
    const reordered = [header, ...rows.reverse()].join('\n');
    const ids = (text: string) => {
      const o = parsed(text);
      return [...o.records.map((r) => r.sourceId), ...o.rejects.map((r) => r.sourceId)].sort();
    };
    expect(ids(reordered)).toEqual(ids(csvText));
    expect(splitBafinCsv(csvText).rows.map((r) => r.lineNumber)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('does not give a debt instrument the issuer ISIN as its own', () => {
    const draft = bafinAdapter.normalize(parsed().records[4]!, doc(csvText));
    expect(draft.lines[0]).toMatchObject({ securityTitle: 'Schuldtitel', isin: null, currency: 'USD', shares: 200, venue: 'NASDAQ' });
    expect(draft.company.isin).toBe('DE000BSP0000');
  });

  it('refuses a file that is not the export', () => {
    expect(() => bafinAdapter.parse(doc('a;b;c\n1;2;3\n'))).toThrow(ParseError);
  });
});

describe('deriveVolume', () => {
  it('takes the whole count the rounded average price allows', () => {
    expect(deriveVolume(61240.87, 49.35, 2)).toBe(1241);
    expect(deriveVolume(8721610.2, 8.2, 2)).toBe(1063611);
    expect(deriveVolume(249263.48, 23.88, 2)).toBe(10438);
  });

  it('keeps the ratio when no whole count fits', () => {
    expect(deriveVolume(1000.5, 10.0, 4)).toBe(100.05);
  });
});
