import { describe, expect, it } from 'vitest';
import { businessDaysBetween, declarationFacts, directionOf, summarizeLines } from '../../../src/model/index.js';
import { makeDraft, makeLine } from '../../helpers/factories/drafts.js';

describe('directionOf', () => {
  it('comes only from discretionary open-market lines', () => {
    expect(directionOf([makeLine({ code: 'A', nature: 'AWARD' })])).toBeNull();
    expect(directionOf([makeLine({ code: 'F', nature: 'TAX_WITHHOLDING' }), makeLine({ code: 'S', nature: 'SELL' })])).toBe('SELL');
  });

  it('picks the larger side by amount when both appear, and none on a tie', () => {
    const buy = makeLine({ nature: 'BUY', shares: 10, price: 100 });
    const sell = makeLine({ nature: 'SELL', code: 'S', shares: 500, price: 1 });
    expect(directionOf([buy, sell])).toBe('BUY');
    expect(directionOf([makeLine({ nature: 'BUY', shares: 5, price: 2 }), makeLine({ nature: 'SELL', shares: 10, price: 1 })])).toBeNull();
  });

  it('ignores holdings', () => {
    expect(directionOf([makeLine({ kind: 'holding', code: null, nature: 'BUY' })])).toBeNull();
  });
});

describe('summarizeLines', () => {
  it('sums volume and amount and gives the volume-weighted price', () => {
    const s = summarizeLines([makeLine({ shares: 100, price: 10 }), makeLine({ shares: 300, price: 20 })], 'BUY');
    expect(s).toMatchObject({ nature: 'BUY', volume: 400, totalAmount: 7000, unitPrice: 17.5, currency: 'USD', natureRaw: 'P' });
  });

  it('leaves the total null when one line has no price, never a partial sum', () => {
    const s = summarizeLines([makeLine({ shares: 100, price: 10 }), makeLine({ shares: 50, price: null })], 'BUY');
    expect(s.totalAmount).toBeNull();
    expect(s.volume).toBe(150);
    expect(s.unitPrice).toBeNull();
  });

  it('without a direction summarizes the dominant nature', () => {
    const s = summarizeLines(
      [makeLine({ code: 'A', nature: 'AWARD', shares: 1000, price: 0 }), makeLine({ code: 'F', nature: 'TAX_WITHHOLDING', shares: 10, price: 5 })],
      null,
    );
    expect(s.nature).toBe('TAX_WITHHOLDING');
  });
});

describe('business days and filing delay', () => {
  it('counts weekdays after the transaction date up to the publication date', () => {
    expect(businessDaysBetween('2025-03-14', '2025-03-17')).toBe(1); // Fri → Mon
    expect(businessDaysBetween('2025-03-14', '2025-03-14')).toBe(0);
    expect(businessDaysBetween('2025-03-10', '2025-03-12')).toBe(2);
  });

  it('uses the publication date in the market time zone', () => {
    // 02:00 UTC on the 13th is still the 12th in New York.
    const draft = makeDraft({ pubDate: '2025-03-13T02:00:00.000Z', lines: [makeLine({ transactionDate: '2025-03-10' })] });
    expect(declarationFacts(draft, 'America/New_York').filingDelayDays).toBe(2);
    expect(declarationFacts(draft, 'UTC').filingDelayDays).toBe(3);
  });
});
