import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { opportunisticFactor } from '../../../scoring/factors/opportunistic.js';
import { WEIGHTS } from '../../../scoring/weights.js';
import { buildScoringInputs, type DeclarationRow } from '../../../src/signals/context.js';
import { FxTable } from '../../../src/signals/market-data.js';
import { line } from './input-builder.js';

function row(overrides: Partial<DeclarationRow> & { id: string; pubDate: Date }): DeclarationRow {
  return {
    companyId: 1,
    insiderId: 1,
    coReporterIds: [],
    market: 'us',
    transactionDate: overrides.pubDate.toISOString().slice(0, 10),
    filingDelayDays: 1,
    direction: 'BUY',
    isCanonical: true,
    isPlanned: false,
    plannedEvidence: null,
    role: 'DIRECTOR',
    isDirector: true,
    isOfficer: false,
    isTenPctOwner: false,
    isCloselyAssociated: false,
    totalAmount: 1000,
    currency: 'USD',
    totalAmountEur: 900,
    lines: [line()],
    contentHash: `h-${overrides.id}`,
    ...overrides,
  };
}

function inputsFor(rows: DeclarationRow[], target: string) {
  const batch = { companies: new Map(), declarations: rows, series: new Map(), fx: new FxTable().seal() };
  return buildScoringInputs(batch, (id) => id === target, WEIGHTS)[0]!.input;
}

describe('point-in-time context', () => {
  const at = (iso: string) => new Date(iso);

  it('reads only canonical declarations published at or before the target', () => {
    const rows = [
      row({ id: 'target', pubDate: at('2024-03-12T21:00:00Z') }),
      row({ id: 'before', insiderId: 2, pubDate: at('2024-03-01T10:00:00Z') }),
      row({ id: 'same-instant', insiderId: 3, pubDate: at('2024-03-12T21:00:00Z') }),
      row({ id: 'after', insiderId: 4, pubDate: at('2024-03-12T21:00:01Z') }),
      row({ id: 'folded', insiderId: 5, pubDate: at('2024-03-02T10:00:00Z'), isCanonical: false }),
      row({ id: 'sale', insiderId: 6, pubDate: at('2024-03-03T10:00:00Z'), direction: 'SELL' }),
      row({ id: 'too-old', insiderId: 7, pubDate: at('2024-02-01T10:00:00Z') }),
    ];
    expect(inputsFor(rows, 'target').cluster.map((m) => m.declarationId)).toEqual(['before', 'same-instant']);
  });

  it('takes the insider’s last reported holding from an earlier declaration only', () => {
    const rows = [
      row({ id: 'target', pubDate: at('2024-03-12T21:00:00Z') }),
      row({ id: 'earlier', pubDate: at('2024-01-12T21:00:00Z'), lines: [line({ sharesOwnedAfter: 7000 })] }),
      row({ id: 'later', pubDate: at('2024-05-12T21:00:00Z'), lines: [line({ sharesOwnedAfter: 99_000 })] }),
    ];
    expect(inputsFor(rows, 'target').priorHolding).toEqual({
      declarationId: 'earlier',
      pubDate: '2024-01-12T21:00:00.000Z',
      sharesOwnedAfter: 7000,
    });
  });

  it('reduces the history without changing the routine/opportunistic verdict', () => {
    const trade = fc.record({ year: fc.integer({ min: 2016, max: 2024 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) });
    fc.assert(
      fc.property(fc.array(trade, { maxLength: 25 }), (trades) => {
        const pad = (n: number) => String(n).padStart(2, '0');
        const history = trades.map((t, i) =>
          row({ id: `h${i}`, pubDate: at('2024-01-01T00:00:00Z'), transactionDate: `${t.year}-${pad(t.month)}-${pad(t.day)}` }),
        );
        const target = row({ id: 'target', pubDate: at('2024-03-12T21:00:00Z'), transactionDate: '2024-03-11' });
        const input = inputsFor([target, ...history], 'target');
        const full = { ...input, history: history.filter((h) => h.transactionDate! < '2024').map((h) => ({ declarationId: h.id, tradeDate: h.transactionDate! })) };
        const ctx = (i: typeof input) => ({ input: i, direction: 'BUY' as const, track: WEIGHTS.tracks.BUY, weights: WEIGHTS });
        expect(opportunisticFactor(ctx(input))).toEqual(opportunisticFactor(ctx(full)));
        expect(input.history.length).toBeLessThanOrEqual(2 * 8);
      }),
      { numRuns: 200 },
    );
  });
});
