import { describe, expect, it } from 'vitest';
import { findClusters } from '../../src/api/routes/clusters/handler.js';

const trade = (id: string, insider: number, date: string, amount: number | null = 100) => ({
  id,
  company_id: 1,
  insider_id: insider,
  role: 'DIRECTOR' as const,
  trade_date: date,
  pub_date: new Date(`${date}T20:00:00Z`),
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
