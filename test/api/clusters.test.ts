import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeCluster, findClusters, tradesByIssuer, type EventTrade } from '../../src/api/routes/clusters/handler.js';

const trade = (id: string, insider: number, date: string, amount: number | null = 100): EventTrade => ({
  id,
  insider_id: insider,
  role: 'DIRECTOR',
  trade_day: Date.parse(`${date}T00:00:00Z`) / 86_400_000,
  pub_ms: Date.parse(`${date}T20:00:00Z`),
  total_amount_eur: amount,
  signal_score: null,
});

type Trade = EventTrade;

/** What findClusters reads of trades sorted by trade date. */
const columns = (trades: Trade[]) => ({ days: trades.map((t) => t.trade_day), insiderIds: trades.map((t) => t.insider_id) });

/** Events found, each described from every trade in its day range, as listClusters reads them. */
const clusterEvents = (trades: Trade[], direction: 'BUY' | 'SELL', minInsiders: number, windowDays: number) =>
  findClusters(columns(trades), minInsiders, windowDays).map((w) =>
    describeCluster(1, direction, trades.filter((t) => t.trade_day >= w.firstDay && t.trade_day <= w.lastDay)),
  );

describe('findClusters', () => {
  it('needs N distinct insiders within the window of the first trade', () => {
    const trades = [trade('a', 1, '2026-01-01'), trade('b', 1, '2026-01-05'), trade('c', 2, '2026-01-10'), trade('d', 3, '2026-02-15')];
    expect(clusterEvents(trades, 'BUY', 3, 30)).toEqual([]);
    const events = clusterEvents(trades, 'BUY', 2, 30);
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
    const events = clusterEvents(trades, 'BUY', 2, 30);
    expect(events.map((e) => e.declarationIds)).toEqual([['b', 'c', 'd', 'e', 'f']]);
    const small = clusterEvents(trades, 'BUY', 2, 5);
    expect(small.map((e) => e.declarationIds)).toEqual([['b', 'c'], ['d', 'e', 'f']]);
  });

  it('reports the latest publication, the best score and each insider with their latest role from its trades', () => {
    const trades = [
      { ...trade('a', 1, '2026-01-01', 10), role: 'CFO' as const, pub_ms: Date.parse('2026-01-09T10:00:00Z'), signal_score: 40 },
      { ...trade('b', 2, '2026-01-03', 20), role: 'CFO' as const, pub_ms: Date.parse('2026-01-05T10:00:00Z'), signal_score: 75.5 },
      { ...trade('c', 1, '2026-01-04', 30), role: 'CEO' as const, pub_ms: Date.parse('2026-01-06T10:00:00Z'), signal_score: null },
    ];
    expect(findClusters(columns(trades), 2, 30)).toEqual([{ firstDay: trades[0]!.trade_day, lastDay: trades[2]!.trade_day, insiderCount: 2, declarationCount: 3 }]);
    expect(describeCluster(1, 'BUY', trades)).toEqual({
      companyId: 1,
      direction: 'BUY',
      insiderCount: 2,
      declarationCount: 3,
      firstTradeDate: '2026-01-01',
      lastTradeDate: '2026-01-04',
      lastPubDate: '2026-01-09T10:00:00.000Z',
      totalAmountEur: 60,
      maxScore: 75.5,
      insiders: [
        { id: 1, role: 'CEO' },
        { id: 2, role: 'CFO' },
      ],
      declarationIds: ['a', 'b', 'c'],
    });
  });

  it('an unknown amount makes the event total unknown rather than understated', () => {
    const events = clusterEvents([trade('a', 1, '2026-01-01'), trade('b', 2, '2026-01-02', null)], 'SELL', 2, 30);
    expect(events[0]).toMatchObject({ direction: 'SELL', totalAmountEur: null });
  });
});

/** The definition, written the obvious quadratic way: the oracle for the linear walk. */
function clustersByDefinition(trades: Trade[], minInsiders: number, windowDays: number) {
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
        const events = clusterEvents(sorted, 'BUY', minInsiders, windowDays);
        expect(events.map((e) => e.declarationIds)).toEqual(clustersByDefinition(sorted, minInsiders, windowDays));
        for (const e of events) expect(e.insiderCount).toBe(new Set(sorted.filter((t) => e.declarationIds.includes(t.id)).map((t) => t.insider_id)).size);
        // Windows counted as found agree with the trades of their day ranges ...
        const windows = findClusters(columns(sorted), minInsiders, windowDays);
        expect(windows.map((w) => [w.insiderCount, w.declarationCount])).toEqual(events.map((e) => [e.insiderCount, e.declarationCount]));
        // ... and do not depend on the order of same-day trades (listClusters reads them unordered).
        const sameDayReversed = [...sorted].sort((a, b) => a.trade_day - b.trade_day || b.id.localeCompare(a.id));
        expect(findClusters(columns(sameDayReversed), minInsiders, windowDays)).toEqual(windows);
      }),
      { numRuns: 500 },
    );
  });
});

describe('tradesByIssuer', () => {
  it("puts each issuer's trades in trade-date order, insiders kept beside their days", () => {
    const rows = [
      [7, 100, 20_010],
      [8, 200, 20_005],
      [7, 101, 20_002],
      [7, 102, 20_007],
      [8, 201, 20_001],
    ] as const;
    expect(Object.fromEntries(tradesByIssuer(rows))).toEqual({
      7: { days: [20_002, 20_007, 20_010], insiderIds: [101, 102, 100] },
      8: { days: [20_001, 20_005], insiderIds: [201, 200] },
    });
  });
});
