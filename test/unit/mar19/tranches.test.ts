import { describe, expect, it } from 'vitest';
import { parseAggregated, splitEnumerated, tranchesFromTable, tranchesFromText } from '../../../adapters/mar19/index.js';

const en = { decimalMark: 'auto' as const, defaultCurrency: null };
const brief = (t: ReturnType<typeof tranchesFromText>) => t.map((x) => [x.index, x.label, x.price?.value ?? null, x.price?.currency ?? null, x.volume, x.date]);

describe('splitEnumerated', () => {
  it('splits numbered items in one cell or over lines', () => {
    expect(splitEnumerated('1. Richard Oldfield 2. Meagen Burnett')).toEqual([
      { index: 1, text: 'Richard Oldfield' },
      { index: 2, text: 'Meagen Burnett' },
    ]);
    expect(splitEnumerated('1. Group Chief Executive\n2. Chief Financial Officer')?.map((i) => i.text)).toEqual([
      'Group Chief Executive',
      'Chief Financial Officer',
    ]);
  });

  it('leaves ordinary text alone', () => {
    expect(splitEnumerated('Ordinary shares of 1 pence each')).toBeNull();
    expect(splitEnumerated('£1.496 16,104')).toBeNull();
    expect(splitEnumerated('1. only one item')).toBeNull();
  });
});

describe('tranchesFromText', () => {
  it('reads one price/volume pair with the currency before or after the number', () => {
    expect(brief(tranchesFromText('Price(s) Volume(s) £3.840 per share 306', en))).toEqual([[null, null, 3.84, 'GBP', 306, null]]);
    expect(brief(tranchesFromText('Price Volume 35.5 pence 67,649', en))).toEqual([[null, null, 0.355, 'GBP', 67649, null]]);
    expect(brief(tranchesFromText('NOK 74.4 4,048 shares', en))).toEqual([[null, null, 74.4, 'NOK', 4048, null]]);
    expect(brief(tranchesFromText('300 shares at 331.21p', en))).toEqual([[null, 'at', 3.3121, 'GBP', 300, null]]);
  });

  it('takes the currency from the header when the rows print none', () => {
    expect(brief(tranchesFromText('Price(s) in NOK Volume(s) 100 5', en))).toEqual([[null, null, 100, 'NOK', 5, null]]);
  });

  it('keeps numbered tranches with their number and label', () => {
    expect(brief(tranchesFromText('Price Volume 1. Sale £1.496 16,104 2. Purchase £1.498 16,104', en))).toEqual([
      [1, 'Sale', 1.496, 'GBP', 16104, null],
      [2, 'Purchase', 1.498, 'GBP', 16104, null],
    ]);
  });

  it('dates each tranche by the date printed before it', () => {
    const text = 'Date Price Volume 13 May 2026 33.5 pence 50,000 19 May 2026 33.5 pence 5,583 20 May 2026 33.5 pence 71,500';
    expect(brief(tranchesFromText(text, en))).toEqual([
      [null, null, 0.335, 'GBP', 50000, '2026-05-13'],
      [null, null, 0.335, 'GBP', 5583, '2026-05-19'],
      [null, null, 0.335, 'GBP', 71500, '2026-05-20'],
    ]);
  });

  it('reads several unnumbered tranches in a row', () => {
    expect(brief(tranchesFromText('£2.10 1,000 £2.12 2,500 £2.15 500', en))).toEqual([
      [null, null, 2.1, 'GBP', 1000, null],
      [null, null, 2.12, 'GBP', 2500, null],
      [null, null, 2.15, 'GBP', 500, null],
    ]);
  });

  it('reads German prices and volumes', () => {
    expect(brief(tranchesFromText('Preis Volumen 23,88 EUR 10.438', { decimalMark: ',', defaultCurrency: null }))).toEqual([
      [null, null, 23.88, 'EUR', 10438, null],
    ]);
  });

  it('gives nothing for N/A', () => {
    expect(tranchesFromText('N/A', en)).toEqual([]);
  });
});

describe('tranchesFromTable', () => {
  it('maps columns by their header, with a date column and numbered rows', () => {
    const rows = [
      ['Date', 'Price', 'Volume'],
      ['13 May 2026', '33.5 pence', '50,000'],
      ['19 May 2026', '33.5 pence', '5,583'],
    ];
    expect(brief(tranchesFromTable(rows, en))).toEqual([
      [null, null, 0.335, 'GBP', 50000, '2026-05-13'],
      [null, null, 0.335, 'GBP', 5583, '2026-05-19'],
    ]);
    const numbered = [['Price', 'Volume'], ['1.  £ 5.79', '50'], ['2.  £ 5.79', '53']];
    expect(brief(tranchesFromTable(numbered, en))).toEqual([
      [1, null, 5.79, 'GBP', 50, null],
      [2, null, 5.79, 'GBP', 53, null],
    ]);
  });

  it('takes the currency from the price header', () => {
    expect(brief(tranchesFromTable([['Price (EUR)', 'Volume'], ['10.25', '2,000']], en))).toEqual([[null, null, 10.25, 'EUR', 2000, null]]);
  });
});

describe('parseAggregated', () => {
  it('reads volume then price, as the template orders them', () => {
    expect(parseAggregated('- 306 - £1,175.04', en)).toMatchObject({ volume: 306, price: { value: 1175.04, currency: 'GBP' } });
    expect(parseAggregated('Aggregated volume 4,048 shares Aggregated price NOK 301,171.2', en)).toMatchObject({
      volume: 4048,
      price: { value: 301171.2, currency: 'NOK' },
    });
    expect(parseAggregated('127,083', en)).toMatchObject({ volume: 127083, price: null });
    expect(parseAggregated('N/A', en)).toEqual({ volume: null, price: null, raw: 'N/A' });
  });
});
