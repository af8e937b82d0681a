import { describe, expect, it } from 'vitest';
import { clusterFactor } from '../../../scoring/factors/cluster.js';
import type { FactorContext } from '../../../scoring/factors/context.js';
import { contrarianFactor } from '../../../scoring/factors/contrarian.js';
import { firmSizeFactor } from '../../../scoring/factors/firm-size.js';
import { opportunisticFactor } from '../../../scoring/factors/opportunistic.js';
import { plannedFactor } from '../../../scoring/factors/planned.js';
import { relativeSizeFactor } from '../../../scoring/factors/relative-size.js';
import { roleFactor } from '../../../scoring/factors/role.js';
import { timelinessFactor } from '../../../scoring/factors/timeliness.js';
import { transactionTypeFactor } from '../../../scoring/factors/transaction-type.js';
import type { MarketCapInput, ScoringInput } from '../../../scoring/types.js';
import { WEIGHTS } from '../../../scoring/weights.js';
import { line, scoringInput } from './input-builder.js';

function ctx(overrides: Partial<ScoringInput> = {}): FactorContext {
  const input = scoringInput(overrides);
  const direction = input.direction ?? 'BUY';
  return { input, direction, track: WEIGHTS.tracks[direction], weights: WEIGHTS };
}

const mcap = (valueEur: number, extra: Partial<Extract<MarketCapInput, { available: true }>> = {}): MarketCapInput => ({
  available: true,
  symbol: 'ACME',
  method: 'snapshot',
  asOf: '2024-03-08',
  value: valueEur * 1.1,
  currency: 'USD',
  valueEur,
  fx: { pair: 'USD/EUR', date: '2024-03-08', rate: 1 / 1.1 },
  sharesOutstanding: null,
  sharesAsOf: null,
  close: null,
  ...extra,
});

describe('transaction type', () => {
  it('gives full points to a declaration made only of open-market purchases', () => {
    const f = transactionTypeFactor(ctx());
    expect(f).toMatchObject({ key: 'transactionType', value: 100, points: 10, cap: 10 });
    expect(f.rationale).toContain('100.0%');
  });

  it('weighs by amount: a small purchase next to a large exercise gets the low tier', () => {
    const f = transactionTypeFactor(
      ctx({ lines: [line({ amount: 1_000 }), line({ line: 2, nature: 'EXERCISE', isDerivative: true, amount: 99_000 })] }),
    );
    expect(f.value).toBe(1);
    expect(f.points).toBe(3);
    expect(f.rationale).toContain('1 of 2 lines');
  });

  it('does not count a derivative purchase as a purchase of the shares', () => {
    const f = transactionTypeFactor(ctx({ lines: [line({ isDerivative: true })] }));
    expect(f.points).toBe(3);
  });
});

describe('role', () => {
  it('ranks the CFO above the CEO above a director on the BUY track', () => {
    const cfo = roleFactor(ctx({ role: 'CFO' })).points;
    const ceo = roleFactor(ctx({ role: 'CEO' })).points;
    const director = roleFactor(ctx({ role: 'DIRECTOR' })).points;
    expect(cfo).toBe(15);
    expect(cfo).toBeGreaterThan(ceo);
    expect(ceo).toBeGreaterThan(director);
  });

  it('uses the best of the reported role and the flags the filing sets', () => {
    const f = roleFactor(ctx({ role: 'TEN_PCT_OWNER', isTenPctOwner: true, isDirector: true }));
    expect(f.value).toBe('DIRECTOR');
    expect(f.points).toBe(WEIGHTS.tracks.BUY.role.points.DIRECTOR);
    expect(f.rationale).toContain('flagged DIRECTOR');
  });

  it('gives sales fewer points than purchases for the same role', () => {
    expect(roleFactor(ctx({ role: 'CFO', direction: 'SELL' })).points).toBeLessThan(roleFactor(ctx({ role: 'CFO' })).points);
  });
});

describe('opportunistic vs routine', () => {
  const trade = (declarationId: string, tradeDate: string) => ({ declarationId, tradeDate });

  it('calls a trader routine after the same calendar month in 3 prior years, with a penalty', () => {
    const f = opportunisticFactor(
      ctx({ history: [trade('a', '2021-03-02'), trade('b', '2022-03-15'), trade('c', '2023-03-20')] }),
    );
    expect(f.value).toBe('routine');
    expect(f.points).toBe(-5);
    expect(f.rationale).toContain('2021, 2022, 2023');
  });

  it('calls a trader with 3 prior years but other months opportunistic', () => {
    const f = opportunisticFactor(
      ctx({ history: [trade('a', '2021-03-02'), trade('b', '2022-07-15'), trade('c', '2023-11-20')] }),
    );
    expect(f.value).toBe('opportunistic');
    expect(f.points).toBe(15);
  });

  it('leaves a short history unclassified and ignores trades of the same year', () => {
    const f = opportunisticFactor(ctx({ history: [trade('a', '2023-03-02'), trade('b', '2024-01-15'), trade('c', '2024-02-20')] }));
    expect(f.value).toBe('unclassified');
    expect(f.points).toBe(6);
    expect(f.rationale).toContain('1 prior year');
  });
});

describe('cluster', () => {
  const member = (declarationId: string, insiderId: number, pubDate: string, coReporterIds: number[] = []) => ({
    declarationId,
    insiderId,
    coReporterIds,
    pubDate,
  });

  it('counts distinct other insiders within the 30 days before publication only', () => {
    const f = clusterFactor(
      ctx({
        cluster: [
          member('x1', 2, '2024-03-01T10:00:00.000Z'),
          member('x2', 2, '2024-03-05T10:00:00.000Z'),
          member('x3', 3, '2024-02-20T10:00:00.000Z'),
          member('old', 4, '2024-02-01T10:00:00.000Z'),
          member('self-insider', 1, '2024-03-02T10:00:00.000Z'),
        ],
      }),
    );
    expect(f.value).toBe(2);
    expect(f.points).toBe(14);
    expect(f.rationale).toContain('x3, x1');
  });

  it('counts joint filers once', () => {
    const f = clusterFactor(
      ctx({
        coReporterIds: [9],
        cluster: [
          member('fund', 5, '2024-03-01T10:00:00.000Z', [6]),
          member('gp', 6, '2024-03-01T10:00:00.000Z', [5]),
          member('own-joint', 9, '2024-03-02T10:00:00.000Z'),
        ],
      }),
    );
    expect(f.value).toBe(1);
  });

  it('caps the points at the last tier', () => {
    const many = Array.from({ length: 7 }, (_, i) => member(`m${i}`, 10 + i, '2024-03-10T10:00:00.000Z'));
    expect(clusterFactor(ctx({ cluster: many })).points).toBe(20);
  });
});

describe('relative size', () => {
  it('measures the change of the holding from the filing’s own lines', () => {
    const f = relativeSizeFactor(ctx({ lines: [line({ shares: 1000, sharesOwnedAfter: 5000 })] }));
    expect(f.value).toBe(25);
    expect(f.points).toBe(12);
    expect(f.rationale).toContain('1000 shares bought against 4000 held before');
  });

  it('treats a purchase from zero as a new position', () => {
    const f = relativeSizeFactor(ctx({ lines: [line({ shares: 1000, sharesOwnedAfter: 1000 })] }));
    expect(f.value).toBe('new position');
    expect(f.points).toBe(15);
  });

  it('measures a sale as the fraction of the holding sold', () => {
    const f = relativeSizeFactor(
      ctx({ direction: 'SELL', lines: [line({ nature: 'SELL', shares: 3000, sharesOwnedAfter: 1000 })] }),
    );
    expect(f.value).toBe(75);
    expect(f.points).toBe(10);
  });

  it('falls back on the last holding reported earlier', () => {
    const f = relativeSizeFactor(
      ctx({
        lines: [line({ shares: 500, sharesOwnedAfter: null })],
        priorHolding: { declarationId: 'SEC:prior', pubDate: '2023-01-01T00:00:00.000Z', sharesOwnedAfter: 10_000 },
      }),
    );
    expect(f.value).toBe(5);
    expect(f.rationale).toContain('SEC:prior');
  });

  it('does not measure a sale against a holding last reported as empty', () => {
    const f = relativeSizeFactor(
      ctx({
        direction: 'SELL',
        lines: [line({ nature: 'SELL', sharesOwnedAfter: null })],
        priorHolding: { declarationId: 'SEC:prior', pubDate: '2023-01-01T00:00:00.000Z', sharesOwnedAfter: 0 },
      }),
    );
    expect(f.value).toBeNull();
    expect(f.rationale).not.toContain('new position');
  });

  it('falls back on amount ÷ market cap when no holding is known', () => {
    const f = relativeSizeFactor(ctx({ lines: [line({ sharesOwnedAfter: null })], totalAmountEur: 100_000, marketCap: mcap(200e6) }));
    expect(f.value).toBe(0.05);
    expect(f.points).toBe(12);
  });

  it('says what is missing and gives 0 points', () => {
    const f = relativeSizeFactor(ctx({ lines: [line({ sharesOwnedAfter: null })] }));
    expect(f.points).toBe(0);
    expect(f.value).toBeNull();
    expect(f.rationale).toContain('no quote snapshot');
  });
});

describe('firm size', () => {
  it('gives small firms the most points', () => {
    expect(firmSizeFactor(ctx({ marketCap: mcap(100e6) })).points).toBe(10);
    expect(firmSizeFactor(ctx({ marketCap: mcap(3e9) })).points).toBe(5);
    expect(firmSizeFactor(ctx({ marketCap: mcap(300e9) })).points).toBe(0);
  });

  it('shows how an estimated market cap was made', () => {
    const f = firmSizeFactor(
      ctx({ marketCap: mcap(100e6, { method: 'shares_x_close', sharesOutstanding: 10e6, sharesAsOf: '2024-06-01', close: 11 }) }),
    );
    expect(f.rationale).toContain('10.0M shares outstanding (as of 2024-06-01) × close 11 USD');
  });

  it('gives 0 points and the reason when the market cap is unknown', () => {
    const f = firmSizeFactor(ctx());
    expect(f).toMatchObject({ value: null, points: 0 });
    expect(f.rationale).toContain('no quote snapshot');
  });
});

describe('contrarian timing', () => {
  const prior = (start: number, end: number) => ({
    available: true as const,
    symbol: 'ACME',
    startDate: '2023-09-05',
    startAdjClose: start,
    endDate: '2024-03-11',
    endAdjClose: end,
    tradingDays: 126,
  });

  it('rewards a purchase after a fall', () => {
    const f = contrarianFactor(ctx({ priorReturn: prior(10, 6.5) }));
    expect(f.value).toBe(-35);
    expect(f.points).toBe(10);
    expect(f.rationale).toContain('against the trend');
  });

  it('gives nothing to a purchase after a big rise, and rewards a sale after one', () => {
    expect(contrarianFactor(ctx({ priorReturn: prior(10, 16) })).points).toBe(0);
    expect(contrarianFactor(ctx({ direction: 'SELL', priorReturn: prior(10, 16) })).points).toBe(8);
  });

  it('gives 0 points with the reason when prices are missing', () => {
    expect(contrarianFactor(ctx()).rationale).toContain('no price bars');
  });
});

describe('pre-planned trade', () => {
  it('penalises a 10b5-1 trade and says on what evidence', () => {
    const f = plannedFactor(ctx({ isPlanned: true, plannedEvidence: 'checkbox' }));
    expect(f.points).toBe(-15);
    expect(f.rationale).toContain('checkbox');
  });
  it('does not penalise an unplanned or unknown trade', () => {
    expect(plannedFactor(ctx({ isPlanned: false })).points).toBe(0);
    expect(plannedFactor(ctx({ isPlanned: null })).points).toBe(0);
  });
});

describe('timeliness', () => {
  it('compares the business-day delay with the US 2-day deadline', () => {
    expect(timelinessFactor(ctx({ filingDelayDays: 2 })).points).toBe(5);
    expect(timelinessFactor(ctx({ filingDelayDays: 4 })).points).toBe(2);
    expect(timelinessFactor(ctx({ filingDelayDays: 6 })).points).toBe(0);
    expect(timelinessFactor(ctx({ filingDelayDays: 12 })).points).toBe(-5);
  });

  it('uses the EU MAR 3-day deadline for a French declaration', () => {
    const f = timelinessFactor(ctx({ market: 'fr', filingDelayDays: 3 }));
    expect(f.points).toBe(5);
    expect(f.rationale).toContain('EU MAR');
  });

  it('counts calendar days where the deadline is in calendar days (Canada)', () => {
    const f = timelinessFactor(ctx({ market: 'ca', transactionDate: '2024-03-04', pubLocalDate: '2024-03-11', filingDelayDays: 5 }));
    expect(f.value).toBe(7);
    expect(f.points).toBe(2);
  });

  it('gives 0 points when the delay is unknown or negative', () => {
    expect(timelinessFactor(ctx({ filingDelayDays: null })).points).toBe(0);
    expect(timelinessFactor(ctx({ filingDelayDays: -2 })).rationale).toContain('inconsistency');
  });
});
