import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bafinAdapter } from '../../../adapters/bafin/index.js';
import { isSkipped } from '../../../adapters/types.js';
import { DeclarationDraftSchema } from '../../../src/model/index.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';

describe.runIf(hasCorpus('de'))('DE corpus conformance (BaFin DealingsInfo export)', () => {
  const body = () => readFileSync(corpusPath('de', 'bafin_dealingsinfo', 'bafin_dealings.csv'));

  function parse() {
    const raw = bafinAdapter.readArchiveFile('bafin_dealingsinfo/bafin_dealings.csv', body(), '2026-07-02T00:00:00.000Z');
    if (isSkipped(raw)) throw new Error(raw.skipped);
    const outcome = bafinAdapter.parse(raw);
    if (isSkipped(outcome)) throw new Error(outcome.skipped);
    return { raw, outcome, drafts: outcome.records.map((r) => DeclarationDraftSchema.parse(bafinAdapter.normalize(r, raw))) };
  }

  it('reads the six real rows and rejects the fictional one for its invalid ISIN', () => {
    const { outcome } = parse();
    expect(outcome.records).toHaveLength(6);
    expect(outcome.rejects).toEqual([
      { sourceId: expect.stringMatching(/^40009999-20260602-[0-9a-f]{12}-1$/), message: 'line 8: ISIN "DE0000000001" is not a valid ISIN (check digit)' },
    ]);
  });

  it('maps every row onto the common model', () => {
    const { drafts } = parse();
    expect(
      drafts.map((d) => [d.company.name, d.company.isin, d.insider.name, d.insider.role, d.pubDate, ...d.lines.map((l) => [l.nature, l.shares, l.price, l.amount, l.currency, l.transactionDate, l.venue])]),
    ).toEqual([
      ['LEG Immobilien SE', 'DE000LEG1110', 'Lars von Lackum', 'OTHER_OFFICER', '2026-07-01T07:49:22.000Z', ['OTHER', 1241, 49.35, 61240.87, 'EUR', '2026-06-30', null]],
      ['Ernst Russ AG', 'DE000A161077', 'MS "CORDULA" Schiffahrtsgesellschaft mbH & Co. KG', 'CLOSELY_ASSOCIATED', '2026-05-28T08:59:08.000Z', ['SELL', 1063611, 8.2, 8721610.2, 'EUR', '2026-05-22', null]],
      ['ADTRAN Holdings, Inc.', 'US00486H1059', 'Christoph Glingener', 'OTHER_OFFICER', '2026-05-15T15:15:00.000Z', ['OTHER', 126131, 14.95, 1885662.54, 'USD', '2026-05-07', 'NASDAQ']],
      ['Elmos Semiconductor SE', 'DE0005677108', 'Dr. Arne Schneider', 'OTHER_OFFICER', '2026-04-29T04:00:24.000Z', ['OTHER', null, null, null, null, '2026-04-09', null]],
      ['Elmos Semiconductor SE', 'DE0005677108', 'Dr. Arne Schneider', 'OTHER_OFFICER', '2026-04-29T04:00:24.000Z', ['OTHER', null, null, null, null, '2026-04-09', null]],
      ['LANXESS AG', 'DE0005470405', 'Matthias Zachert', 'OTHER_OFFICER', '2026-06-19T10:01:37.000Z', ['BUY', 10438, 23.88, 249263.48, 'EUR', '2026-06-18', 'XETR']],
    ]);
    expect(drafts.map((d) => d.company.sourceCompanyId)).toEqual(['BAFIN:40019594', 'BAFIN:40003565', 'BAFIN:40033882', 'BAFIN:40001726', 'BAFIN:40001726', 'BAFIN:40004148']);
  });

  it('keeps the two identical Elmos rows as two dealings with stable ids', () => {
    const first = parse().drafts.map((d) => d.id);
    const second = parse().drafts.map((d) => d.id);
    expect(second).toEqual(first);
    const elmos = first.filter((id) => id.startsWith('BAFIN:40001726-'));
    expect(elmos).toHaveLength(2);
    expect(new Set(elmos).size).toBe(2);
  });
});
