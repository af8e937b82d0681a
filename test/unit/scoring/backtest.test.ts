import { describe, expect, it } from 'vitest';
import { backtestRows, entryIndex } from '../../../src/signals/backtest.js';

function bars(from: string, count: number, price: (i: number) => number) {
  const out: Array<{ date: string; adjClose: number }> = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); out.length < count; t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    out.push({ date: d.toISOString().slice(0, 10), adjClose: price(out.length) });
  }
  return out;
}

describe('backtest entry', () => {
  const series = bars('2024-03-11', 10, () => 10);

  it('enters at the same day close when published before the market closed', () => {
    // 14:00 in New York (EDT since 10 March).
    expect(series[entryIndex(series, new Date('2024-03-12T18:00:00.000Z'), 'us')]!.date).toBe('2024-03-12');
  });

  it('enters at the next close when published after the close or on a weekend', () => {
    expect(series[entryIndex(series, new Date('2024-03-12T21:05:00.000Z'), 'us')]!.date).toBe('2024-03-13');
    expect(series[entryIndex(series, new Date('2024-03-16T10:00:00.000Z'), 'fr')]!.date).toBe('2024-03-18');
    // 17:45 in Paris is after the 17:30 close.
    expect(series[entryIndex(series, new Date('2024-03-12T16:45:00.000Z'), 'fr')]!.date).toBe('2024-03-13');
  });

  it('finds no entry when no close follows within 10 days', () => {
    expect(entryIndex(series, new Date('2024-04-20T10:00:00.000Z'), 'us')).toBe(-1);
  });
});

describe('backtest rows', () => {
  const subject = { declarationId: 'D', market: 'us', pubDate: new Date('2024-03-12T21:05:00.000Z'), symbol: 'ACME' };

  it('gives raw and benchmark-excess returns for the matured horizons only', () => {
    const stock = bars('2024-03-11', 40, (i) => 10 + i);
    const index = bars('2024-03-11', 40, (i) => 100 + i);
    const rows = backtestRows(subject, stock, '^GSPC', index);
    expect(rows.map((r) => r.horizon)).toEqual([1, 5, 21]);
    const h5 = rows[1]!;
    // Entry on 13 March (index 2, price 12), exit 5 bars later (price 17).
    expect([h5.entryDate, h5.entryPrice, h5.exitPrice]).toEqual(['2024-03-13', 12, 17]);
    expect(h5.rawReturn).toBeCloseTo(17 / 12 - 1, 12);
    expect(h5.benchmarkReturn).toBeCloseTo(107 / 102 - 1, 12);
    expect(h5.excessReturn).toBeCloseTo(17 / 12 - 107 / 102, 12);
  });

  it('leaves excess null without a benchmark, and gives nothing without a symbol', () => {
    const stock = bars('2024-03-11', 10, (i) => 10 + i);
    const rows = backtestRows(subject, stock, null, []);
    expect(rows[0]!.excessReturn).toBeNull();
    expect(rows[0]!.benchmarkSymbol).toBeNull();
    expect(backtestRows({ ...subject, symbol: null }, stock, null, [])).toEqual([]);
  });
});
