import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findClusters } from '../../src/api/routes/clusters/handler.js';

const trade = (id: string, insider: number, date: string, amount: number | null = 100) => ({
  id,
  company_id: 1,
  insider_id: insider,
  role: 'DIRECTOR' as const,
  trade_day: Date.parse(`${date}T00:00:00Z`) / 86_400_000,
  pub_ms: Date.parse(`${date}T20:00:00Z`),
  total_amount_eur: amount,
  signal_score: null,
});

describe('findClusters', () => {
  it('needs N distinct insiders within the window of the first trade', () => {
    const trades = [trade('a', 1, '2026-01-01'), trade('b', 1, '2026-01-05'), trade('c', 2, '2026-01-10'), trade('d', 3, '2026-02-15')];
    expect(findClusters(trades, 'BUY', 3, 30)).toEqual([]);
    const events = findClusters(trades, 'BUY', 2, 30);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ insiderCount: 2, declarationCount: 3, firstTradeDate: '2026-01-01', lastTradeDate: '2026-01-10', totalAmountEur: 300 });
  });

  it('slides the window forward and never counts a declaration in two events', () => {
    const trades = [
      trade('a', 1, '2026-01-01'),
      trade('b', 2, '2026-02-20'),
      trade('c', 3, '2026-02-25'),
      trade('d', 4, '2026-03-01'),
      trade('e', 5, '2026-03-05'),
      trade('f', 6, '2026-03-06'),
    ];
    const events = findClusters(trades, 'BUY', 2, 30);
    expect(events.map((e) => e.declarationIds)).toEqual([['b', 'c', 'd', 'e', 'f']]);
    const small = findClusters(trades, 'BUY', 2, 5);
    expect(small.map((e) => e.declarationIds)).toEqual([['b', 'c'], ['d', 'e', 'f']]);
  });

  it('an unknown amount makes the event total unknown rather than understated', () => {
    const events = findClusters([trade('a', 1, '2026-01-01'), trade('b', 2, '2026-01-02', null)], 'SELL', 2, 30);
    expect(events[0]).toMatchObject({ direction: 'SELL', totalAmountEur: null });
  });
});

/** The definition, written the obvious quadratic way: the oracle for the linear walk. */
function clustersByDefinition(trades: ReturnType<typeof trade>[], minInsiders: number, windowDays: number) {
  const events: string[][] = [];
  let start = 0;
  while (start < trades.length) {
    const window = trades.slice(start).filter((t) => t.trade_day - trades[start]!.trade_day <= windowDays);
    if (new Set(window.map((t) => t.insider_id)).size >= minInsiders) {
      events.push(window.map((t) => t.id));
      start += window.length;
    } else start += 1;
  }
  return events;
}

describe('findClusters against its definition', () => {
  it('finds the same events for any sorted trades, window and threshold', () => {
    const trades = fc
      .array(fc.record({ insider: fc.integer({ min: 1, max: 6 }), day: fc.integer({ min: 0, max: 120 }) }), { maxLength: 60 })
      .map((rows) =>
        rows
          .sort((a, b) => a.day - b.day)
          .map((r, i) => trade(`T${String(i).padStart(3, '0')}`, r.insider, new Date(Date.UTC(2026, 0, 1 + r.day)).toISOString().slice(0, 10))),
      );
    fc.assert(
      fc.property(trades, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 40 }), (sorted, minInsiders, windowDays) => {
        const events = findClusters(sorted, 'BUY', minInsiders, windowDays);
        expect(events.map((e) => e.declarationIds)).toEqual(clustersByDefinition(sorted, minInsiders, windowDays));
        for (const e of events) expect(e.insiderCount).toBe(new Set(sorted.filter((t) => e.declarationIds.includes(t.id)).map((t) => t.insider_id)).size);
      }),
      { numRuns: 500 },
    );
  });
});
