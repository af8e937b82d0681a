import { describe, expect, it } from 'vitest';
import { WEIGHTS } from '../../../scoring/weights.js';
import { FxTable, localDate, marketCapAt, prepareSeries, priorReturnAt, type Bar } from '../../../src/signals/market-data.js';

function weekdayBars(from: string, count: number, close: (i: number) => number, currency = 'USD'): Bar[] {
  const out: Bar[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); out.length < count; t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    const c = close(out.length);
    out.push({ date: d.toISOString().slice(0, 10), close: c, adjClose: c, currency });
  }
  return out;
}

describe('FX table', () => {
  const fx = new FxTable();
  fx.add('USD', 'EUR', '2024-03-01', 0.92);
  fx.add('USD', 'EUR', '2024-03-05', 0.9);
  fx.add('EUR', 'CHF', '2024-03-04', 0.95);
  fx.add('GBP', 'USD', '2024-03-04', 1.25);
  fx.seal();

  it('uses the latest rate on or before the date, never a later one', () => {
    expect(fx.rate('USD', 'EUR', '2024-03-04', 10)).toEqual({ pair: 'USD/EUR', date: '2024-03-01', rate: 0.92 });
    expect(fx.rate('USD', 'EUR', '2024-02-28', 10)).toBeNull();
    expect(fx.rate('USD', 'EUR', '2024-04-30', 10)).toBeNull();
  });

  it('inverts a pair and crosses through USD', () => {
    expect(fx.rate('CHF', 'EUR', '2024-03-04', 10)!.rate).toBeCloseTo(1 / 0.95, 12);
    expect(fx.rate('GBP', 'EUR', '2024-03-04', 10)!.rate).toBeCloseTo(1.25 * 0.92, 12);
    expect(fx.rate('EUR', 'EUR', '2024-03-04', 10)!.rate).toBe(1);
  });
});

describe('local trading day', () => {
  it('is the calendar date in the market’s time zone', () => {
    expect(localDate(new Date('2024-03-13T02:00:00.000Z'), 'America/New_York')).toBe('2024-03-12');
    expect(localDate(new Date('2024-03-12T23:30:00.000Z'), 'Europe/Paris')).toBe('2024-03-13');
  });
});

describe('prior return', () => {
  const bars = weekdayBars('2023-06-01', 200, (i) => 100 - i * 0.2);

  it('ends at the last close strictly before the publication day and spans 126 trading days', () => {
    const pub = bars[150]!.date;
    const r = priorReturnAt('X', prepareSeries(bars, []), pub, WEIGHTS);
    expect(r.available).toBe(true);
    if (!r.available) return;
    expect(r.endDate).toBe(bars[149]!.date);
    expect(r.startDate).toBe(bars[149 - 126]!.date);
  });

  it('says why it is missing: no symbol, too little history, stale prices', () => {
    expect(priorReturnAt(null, prepareSeries(bars, []), '2024-01-01', WEIGHTS)).toMatchObject({ available: false, reason: 'the company has no Yahoo symbol' });
    expect(priorReturnAt('X', prepareSeries(bars, []), bars[60]!.date, WEIGHTS)).toMatchObject({ available: false });
    const r = priorReturnAt('X', prepareSeries(bars, []), '2025-06-01', WEIGHTS);
    expect(r.available ? '' : r.reason).toContain('too old');
  });
});

describe('market cap at publication', () => {
  const fx = new FxTable();
  for (const date of ['2024-02-26', '2024-03-01', '2024-03-08']) {
    fx.add('GBP', 'EUR', date, 1.17);
    fx.add('USD', 'EUR', date, 0.9);
  }
  fx.seal();

  it('takes the latest snapshot taken on or before the publication day', () => {
    const series = prepareSeries([], [
      { asOf: '2024-03-01', currency: 'USD', marketCap: 100e6, sharesOutstanding: 10e6 },
      { asOf: '2024-03-20', currency: 'USD', marketCap: 900e6, sharesOutstanding: 10e6 },
    ]);
    const m = marketCapAt('X', series, 'USD', '2024-03-12', fx, WEIGHTS);
    expect(m).toMatchObject({ available: true, method: 'snapshot', asOf: '2024-03-01', value: 100e6 });
    expect(m.available && m.valueEur).toBeCloseTo(90e6, 6);
  });

  it('estimates shares × close in major units for a pence-quoted stock when no earlier snapshot exists', () => {
    const bars = weekdayBars('2024-03-01', 10, () => 250, 'GBp');
    const series = prepareSeries(bars, [{ asOf: '2024-06-01', currency: 'GBp', marketCap: 9e9, sharesOutstanding: 4e6 }]);
    const m = marketCapAt('X.L', series, 'GBP', '2024-03-12', fx, WEIGHTS);
    expect(m).toMatchObject({ available: true, method: 'shares_x_close', currency: 'GBP', sharesAsOf: '2024-06-01', asOf: '2024-03-11' });
    expect(m.available && m.value).toBe(10e6);
    expect(m.available && m.valueEur).toBeCloseTo(11.7e6, 6);
  });

  it('treats a snapshot market cap in GBp as pounds, as Yahoo reports it', () => {
    const series = prepareSeries([], [{ asOf: '2024-03-01', currency: 'GBp', marketCap: 2.5e9, sharesOutstanding: null }]);
    expect(marketCapAt('X.L', series, null, '2024-03-04', fx, WEIGHTS)).toMatchObject({ currency: 'GBP', value: 2.5e9 });
  });

  it('is missing, with the reason, without data or without an FX rate', () => {
    expect(marketCapAt('X', prepareSeries([], []), 'USD', '2024-03-12', fx, WEIGHTS)).toMatchObject({ available: false });
    const series = prepareSeries([], [{ asOf: '2024-03-01', currency: 'JPY', marketCap: 1e10, sharesOutstanding: null }]);
    const m = marketCapAt('X', series, null, '2024-03-12', fx, WEIGHTS);
    expect(m.available ? '' : m.reason).toContain('JPY/EUR');
  });
});
