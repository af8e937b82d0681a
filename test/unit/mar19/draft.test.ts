import { describe, expect, it } from 'vitest';
import { mar19Draft, parseMar19Text, type Mar19DraftContext } from '../../../adapters/mar19/index.js';
import { DeclarationDraftSchema } from '../../../src/model/index.js';

const text = (type: string, nature = 'Purchase of shares under the dividend reinvestment plan') => `a) Name: Dr. Jane Doe
a) Position/status: Non-Executive Director
b) Initial notification/Amendment: ${type}
3 Details of the issuer
a) Name: Sample Holdings plc
b) LEI: 213800SAMPLEPLC00007
a) Description of the financial instrument, type of instrument: Ordinary shares of 10p each
Identification code: GB00SAMPLE09
b) Nature of the transaction: ${nature}
c) Price(s) and volume(s): 331.21p 300
e) Date of the transaction: 11 May 2026
f) Place of the transaction: London Stock Exchange`;

const ctx: Mar19DraftContext = {
  id: 'TEST:1',
  source: 'test',
  sourceId: '1',
  market: 'uk',
  regulator: 'FCA',
  formType: 'MAR19',
  filingUrl: null,
  pubDate: '2026-05-12T07:00:00.000Z',
  company: { cik: null, sourceCompanyId: null, ticker: null, exchange: null, market: 'uk' },
};

function draftOf(type: string, nature?: string) {
  const [n] = parseMar19Text(text(type, nature).split('\n'), { decimalMark: '.', defaultCurrency: null }).notifications;
  return mar19Draft(n!, ctx);
}

describe('mar19Draft', () => {
  it('produces a valid draft with the pence price converted and the raw text kept', () => {
    const draft = DeclarationDraftSchema.parse(draftOf('Initial notification'));
    expect(draft.lines).toHaveLength(1);
    expect(draft.lines[0]).toMatchObject({ shares: 300, price: 3.3121, amount: 993.63, currency: 'GBP', isin: 'GB00SAMPLE09', nature: 'OTHER' });
    expect(draft.extras.line1PriceRaw).toBe('331.21p');
    expect(draft.company).toMatchObject({ name: 'Sample Holdings plc', lei: '213800SAMPLEPLC00007', isin: 'GB00SAMPLE09' });
    expect(draft.insider).toMatchObject({ name: 'Dr. Jane Doe', role: 'DIRECTOR', isDirector: true, isOfficer: false });
  });

  it('says a plan-driven dealing is planned, on the evidence of the text', () => {
    expect(draftOf('Initial notification')).toMatchObject({ isPlanned: true, plannedEvidence: 'text' });
    expect(draftOf('Initial notification', 'Purchase of shares')).toMatchObject({ isPlanned: null, plannedEvidence: null });
  });

  it('links an amendment to the original by person, issuer and first date', () => {
    const original = draftOf('Initial notification');
    const amendment = draftOf('Amendment');
    expect(original.isAmendment).toBe(false);
    expect(amendment.isAmendment).toBe(true);
    expect(original.linkKey).toBe('mar19:213800SAMPLEPLC00007:doe jane:2026-05-11');
    expect(amendment.amendsKey).toBe(original.linkKey);
    expect(amendment.linkKey).toBeNull();
  });
});
