import { describe, expect, it } from 'vitest';
import { FxTable, MAX_FX_STALENESS_DAYS } from '../../../src/prices/fx.js';

const table = FxTable.fromRows([
  { base: 'USD', quote: 'EUR', date: '2024-03-01', rate: 0.92 }, // a Friday
  { base: 'USD', quote: 'EUR', date: '2024-03-04', rate: 0.921 },
  { base: 'GBP', quote: 'EUR', date: '2024-03-01', rate: 1.17 },
  { base: 'GBP', quote: 'USD', date: '2024-03-01', rate: 1.26 },
  { base: 'CHF', quote: 'EUR', date: '2024-03-01', rate: 0 }, // unusable, ignored
]);

describe('FxTable.rateOn', () => {
  it('uses the day’s own close when there is one', () => {
    expect(table.rateOn('USD', 'EUR', '2024-03-04')).toBe(0.921);
  });

  it('uses the latest earlier close over a weekend, within the staleness window', () => {
    expect(table.rateOn('USD', 'EUR', '2024-03-02')).toBe(0.92);
    expect(table.rateOn('USD', 'EUR', '2024-03-03')).toBe(0.92);
    expect(MAX_FX_STALENESS_DAYS).toBeGreaterThanOrEqual(4);
  });

  it('never invents: too old, before the first close, unknown pair or bad date → null', () => {
    expect(table.rateOn('GBP', 'EUR', '2024-03-01')).toBe(1.17);
    expect(table.rateOn('GBP', 'EUR', `2024-03-0${1 + MAX_FX_STALENESS_DAYS}`)).toBe(1.17);
    expect(table.rateOn('GBP', 'EUR', `2024-03-0${2 + MAX_FX_STALENESS_DAYS}`)).toBeNull();
    expect(table.rateOn('USD', 'EUR', '2024-02-29')).toBeNull();
    expect(table.rateOn('JPY', 'EUR', '2024-03-01')).toBeNull();
    expect(table.rateOn('CHF', 'EUR', '2024-03-01')).toBeNull();
    expect(table.rateOn('USD', 'EUR', 'someday')).toBeNull();
  });

  it('answers 1 for a currency into itself, even with no rows', () => {
    expect(FxTable.fromRows([]).rateOn('EUR', 'EUR', '1999-01-01')).toBe(1);
  });
});

describe('FxTable.convert', () => {
  it('converts at the day’s rate and rounds to cents', () => {
    expect(table.convert(1000, 'USD', 'EUR', '2024-03-01')).toBe(920);
    expect(table.convert(1234.567, 'EUR', 'EUR', '2024-03-01')).toBe(1234.57);
  });

  it('divides pence by 100 before converting', () => {
    expect(table.convert(50_000, 'GBp', 'EUR', '2024-03-01')).toBe(585);
    expect(table.convert(50_000, 'GBX', 'USD', '2024-03-01')).toBe(630);
    expect(table.convert(500, 'GBP', 'USD', '2024-03-01')).toBe(630);
  });

  it('gives null without amount, date, currency or rate', () => {
    expect(table.convert(null, 'USD', 'EUR', '2024-03-01')).toBeNull();
    expect(table.convert(10, 'USD', 'EUR', null)).toBeNull();
    expect(table.convert(10, null, 'EUR', '2024-03-01')).toBeNull();
    expect(table.convert(10, 'SEK', 'EUR', '2024-03-01')).toBeNull();
  });
});
