import { describe, expect, it } from 'vitest';
import { convertedAmounts, type AmountRow } from '../../../src/prices/convert-declarations.js';
import { FxTable } from '../../../src/prices/fx.js';

const fx = FxTable.fromRows([
  { base: 'USD', quote: 'EUR', date: '2024-03-01', rate: 0.9 },
  { base: 'EUR', quote: 'USD', date: '2024-03-01', rate: 1.1 },
  { base: 'GBP', quote: 'EUR', date: '2024-03-01', rate: 1.2 },
  { base: 'GBP', quote: 'USD', date: '2024-03-01', rate: 1.3 },
  { base: 'GBP', quote: 'EUR', date: '2024-03-08', rate: 1.25 },
  { base: 'GBP', quote: 'USD', date: '2024-03-08', rate: 1.35 },
]);

const row = (over: Partial<AmountRow>): AmountRow => ({
  id: 'X:1',
  total_amount: 1000,
  currency: 'USD',
  transaction_date: '2024-03-01',
  pub_day: '2024-03-05',
  nature: 'BUY',
  lines: null,
  total_amount_eur: null,
  total_amount_usd: null,
  ...over,
});

const line = (over: Record<string, unknown>) => ({ kind: 'transaction', nature: 'BUY', amount: 100, currency: 'GBP', transactionDate: '2024-03-01', ...over });

describe('convertedAmounts', () => {
  it('converts the total at the transaction date’s rate into EUR and USD', () => {
    expect(convertedAmounts(row({}), fx)).toEqual({ eur: 900, usd: 1000 });
    expect(convertedAmounts(row({ currency: 'EUR' }), fx)).toEqual({ eur: 1000, usd: 1100 });
  });

  it('reads GBX / GBp totals as pence', () => {
    expect(convertedAmounts(row({ currency: 'GBX', total_amount: 10_000 }), fx)).toEqual({ eur: 120, usd: 130 });
    expect(convertedAmounts(row({ currency: 'GBp', total_amount: 10_000 }), fx)).toEqual({ eur: 120, usd: 130 });
  });

  it('uses the publication day when the filing has no transaction date', () => {
    expect(convertedAmounts(row({ currency: 'GBP', transaction_date: null, pub_day: '2024-03-08' }), fx)).toEqual({ eur: 1250, usd: 1350 });
  });

  it('gives null without an amount, a known currency or a recent enough rate', () => {
    expect(convertedAmounts(row({ total_amount: null }), fx)).toEqual({ eur: null, usd: null });
    expect(convertedAmounts(row({ currency: 'JPY' }), fx)).toEqual({ eur: null, usd: null });
    // No USD→EUR close that early, but a USD amount is its own USD value.
    expect(convertedAmounts(row({ transaction_date: '2023-12-01' }), fx)).toEqual({ eur: null, usd: 1000 });
    expect(convertedAmounts(row({ currency: 'GBP', transaction_date: '2023-12-01' }), fx)).toEqual({ eur: null, usd: null });
  });

  it('converts lines in several currencies one by one, each at its own date', () => {
    const lines = [
      line({ amount: 100, currency: 'GBP', transactionDate: '2024-03-01' }),
      line({ amount: 100, currency: 'GBP', transactionDate: '2024-03-08' }),
      line({ amount: 1000, currency: 'USD', transactionDate: '2024-03-01' }),
      line({ nature: 'SELL', amount: 5, currency: 'CHF' }),
    ];
    expect(convertedAmounts(row({ currency: null, total_amount: 1200, lines }), fx)).toEqual({
      eur: 120 + 125 + 900,
      usd: 130 + 135 + 1000,
    });
  });

  it('claims nothing when lines lack a currency, a rate, or do not add up to the stored total', () => {
    expect(convertedAmounts(row({ currency: null, total_amount: 100, lines: [line({ currency: null })] }), fx)).toEqual({ eur: null, usd: null });
    expect(convertedAmounts(row({ currency: null, total_amount: 100, lines: [line({ currency: 'JPY' })] }), fx)).toEqual({ eur: null, usd: null });
    expect(convertedAmounts(row({ currency: null, total_amount: 999, lines: [line({})] }), fx)).toEqual({ eur: null, usd: null });
    expect(convertedAmounts(row({ currency: null, total_amount: 100, lines: 'not json' }), fx)).toEqual({ eur: null, usd: null });
  });

  it('reads lines given as JSON text too', () => {
    expect(convertedAmounts(row({ currency: null, total_amount: 100, lines: JSON.stringify([line({})]) }), fx)).toEqual({ eur: 120, usd: 130 });
  });
});
