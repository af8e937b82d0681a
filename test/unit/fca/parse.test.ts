import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fcaAdapter } from '../../../adapters/fca/index.js';
import { isSkipped, ParseError, type RawDocument } from '../../../adapters/types.js';
import { DeclarationDraftSchema } from '../../../src/model/index.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/fca/${name}`, import.meta.url)));
const doc = (body: Buffer | string, sourceId = 'RNS-TEST'): RawDocument => ({
  sourceId,
  url: null,
  retrievedAt: '2026-06-02T10:00:00.000Z',
  mediaType: 'text/html',
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
});

function drafts(raw: RawDocument) {
  const outcome = fcaAdapter.parse(raw);
  if (isSkipped(outcome)) throw new Error(`skipped: ${outcome.skipped}`);
  return { outcome, drafts: outcome.records.map((r) => DeclarationDraftSchema.parse(fcaAdapter.normalize(r, raw))) };
}

describe('FCA announcement with the template printed as paragraphs', () => {
  const raw = doc(fixture('paragraphs-pca-amendment.html'), 'NSM-11111111-2222-3333-4444-555555555555');
  const { drafts: [draft] } = drafts(raw);

  it('reads a closely associated person and the PDMR named in the position', () => {
    expect(draft!.insider).toMatchObject({ name: 'Mary Example', role: 'CLOSELY_ASSOCIATED', isCloselyAssociated: true, isDirector: false });
    expect(draft!.insider.roleRaw).toBe('PCA of John Example, Chief Executive Officer');
    expect(draft!.extras.associatedWith).toBe('John Example');
  });

  it('marks the amendment and links it to the original by key', () => {
    expect(draft!.isAmendment).toBe(true);
    expect(draft!.amendsKey).toBe('mar19:213800SAMPLEPLC00007:example mary:2026-05-11');
  });

  it('reads both tranches in pounds, with the pence text kept', () => {
    expect(draft!.lines.map((l) => [l.shares, l.price, l.amount, l.currency, l.nature])).toEqual([
      [4000, 2.45, 9800, 'GBP', 'BUY'],
      [1000, 2.465, 2465, 'GBP', 'BUY'],
    ]);
    expect(draft!.extras.line1PriceRaw).toBe('245.00p');
    expect(draft!.company).toMatchObject({ name: 'Sample Holdings plc', lei: '213800SAMPLEPLC00007', isin: 'GB00SAMPLE09' });
  });

  it('keeps the document id when the announcement prints no RNS number, dated by its header day', () => {
    expect(draft!.id).toBe('FCA:NSM-11111111-2222-3333-4444-555555555555');
    expect(draft!.pubDate).toBe('2026-05-13T23:00:00.000Z');
    expect(draft!.extras.pubDatePrecision).toBe('date');
  });
});

describe('FCA bundled announcement with repeated sections', () => {
  const { outcome, drafts: list } = drafts(doc(fixture('bundled-sections.html'), 'RNS-BUNDLE'));

  it('gives one record per person with a per-person suffix', () => {
    expect(outcome.rejects).toEqual([]);
    expect(list.map((d) => [d.id, d.insider.name, d.insider.role])).toEqual([
      ['FCA:RNS-BUNDLE-1', 'Alice Smith', 'CEO'],
      ['FCA:RNS-BUNDLE-2', 'Bob Jones', 'CHAIR'],
    ]);
  });

  it('reads the dated tranches of the nested table and the date span', () => {
    expect(list[0]!.lines.map((l) => [l.transactionDate, l.price, l.shares])).toEqual([
      ['2026-05-28', 1.25, 20000],
      ['2026-05-29', 1.26, 15000],
    ]);
    expect(list[0]!.extras.tx1DateTo).toBe('2026-05-29');
  });

  it('lets the second person inherit the issuer the announcement states once', () => {
    expect(list[1]!.company).toMatchObject({ name: 'Example Mining plc', lei: '213800SAMPLEPLC00007' });
    expect(list[1]!.lines.map((l) => [l.nature, l.price, l.shares, l.transactionDate, l.venue])).toEqual([
      ['SELL', 1.26, 50000, '2026-06-01', 'Outside a trading venue'],
    ]);
  });
});

describe('FCA out-of-scope and broken documents', () => {
  it('skips an announcement without the template', () => {
    expect(fcaAdapter.parse(doc(fixture('own-shares.html')))).toEqual({
      skipped: 'announcement without a MAR Article 19 notification (not a PDMR dealing)',
    });
  });

  it('skips an NSM listing and refuses bytes that are not HTML', () => {
    expect(isSkipped(fcaAdapter.parse(doc('{"hits":{"hits":[]}}')))).toBe(true);
    expect(() => fcaAdapter.parse(doc('%PDF-1.4 binary'))).toThrow(ParseError);
  });

  it('rejects a person whose notification lists no transaction, alone', () => {
    const html = `<html><body><div>Sample plc</div><div>1 June 2026</div><table>
      <tr><td>1</td><td>Details of the person discharging managerial responsibilities / person closely associated</td></tr>
      <tr><td>a)</td><td>Name</td><td>Carol White</td></tr>
      <tr><td>a)</td><td>Position/status</td><td>Director</td></tr>
      <tr><td>3</td><td>Details of the issuer</td></tr>
      <tr><td>a)</td><td>Name</td><td>Sample plc</td></tr>
      <tr><td>b)</td><td>Nature of the transaction</td><td>Purchase</td></tr>
    </table></body></html>`;
    const outcome = fcaAdapter.parse(doc(html, 'RNS-X'));
    if (isSkipped(outcome)) throw new Error('skipped');
    expect(outcome.records).toHaveLength(1);
    const noTransaction = html.replace(/<tr><td>b\)<\/td><td>Nature[^]*?<\/tr>/, '<tr><td>4</td><td>Details of the transaction(s)</td></tr>');
    const rejected = fcaAdapter.parse(doc(noTransaction, 'RNS-Y'));
    if (isSkipped(rejected)) throw new Error('skipped');
    expect(rejected).toEqual({ records: [], rejects: [{ sourceId: 'RNS-Y', message: 'notification of Carol White lists no transaction' }] });
  });
});
