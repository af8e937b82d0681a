import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCORE_VERSION, scoreDeclaration } from '../../../scoring/index.js';
import type { ScoringInput } from '../../../scoring/types.js';
import { FactorSchema } from '../../../src/model/index.js';
import { line, scoringInput, strongBuy } from './input-builder.js';

describe('composite score', () => {
  it('is the sum of the nine factors, each showing value, points, cap and a rationale', () => {
    const result = scoreDeclaration(scoringInput());
    expect(result.version).toBe(SCORE_VERSION);
    expect(result.factors.map((f) => f.key)).toEqual([
      'transactionType',
      'role',
      'opportunistic',
      'cluster',
      'relativeSize',
      'firmSize',
      'contrarian',
      'planned',
      'timeliness',
    ]);
    for (const factor of result.factors) FactorSchema.parse(factor);
    expect(result.score).toBe(result.factors.reduce((s, f) => s + f.points, 0));
  });

  it('reaches 100 for the strongest purchase and tops out at 70 for the strongest sale', () => {
    expect(scoreDeclaration(scoringInput(strongBuy)).score).toBe(100);
    const sale = scoreDeclaration(
      scoringInput({
        ...strongBuy,
        direction: 'SELL',
        lines: [line({ nature: 'SELL', shares: 10_000, sharesOwnedAfter: 0 })],
        priorReturn: { ...(strongBuy.priorReturn as object), startAdjClose: 5, endAdjClose: 10 } as ScoringInput['priorReturn'],
      }),
    );
    expect(sale.score).toBe(70);
  });

  it('has caps adding up to 100 on the BUY track and 70 on the SELL track', () => {
    const caps = (direction: 'BUY' | 'SELL') =>
      scoreDeclaration(scoringInput({ direction })).factors.reduce((s, f) => s + f.cap, 0);
    expect(caps('BUY')).toBe(100);
    expect(caps('SELL')).toBe(70);
  });

  it('clamps at 0 when penalties outweigh the points', () => {
    const result = scoreDeclaration(
      scoringInput({
        direction: 'SELL',
        role: 'OTHER',
        isDirector: false,
        isPlanned: true,
        filingDelayDays: 40,
        lines: [line({ nature: 'SELL', isDerivative: true, sharesOwnedAfter: null })],
        history: ['2020', '2021', '2022'].map((y, i) => ({ declarationId: `r${i}`, tradeDate: `${y}-03-01` })),
      }),
    );
    expect(result.factors.reduce((s, f) => s + f.points, 0)).toBeLessThan(0);
    expect(result.score).toBe(0);
  });

  it('flags a cluster from 3 distinct insiders, this one included', () => {
    const two = scoreDeclaration(scoringInput({ cluster: strongBuy.cluster!.slice(0, 1) }));
    const three = scoreDeclaration(scoringInput({ cluster: strongBuy.cluster!.slice(0, 2) }));
    expect([two.isCluster, two.clusterSize]).toEqual([false, 2]);
    expect([three.isCluster, three.clusterSize]).toEqual([true, 3]);
  });

  it('gives no score, with the reason, to a declaration without discretionary direction', () => {
    const result = scoreDeclaration(
      scoringInput({
        direction: null,
        lines: [line({ nature: 'AWARD' }), line({ line: 2, nature: 'TAX_WITHHOLDING' }), line({ line: 3, nature: 'AWARD' })],
      }),
    );
    expect(result.score).toBeNull();
    expect(result.factors).toEqual([]);
    expect(result.nullReason).toContain('AWARD ×2, TAX_WITHHOLDING ×1');
    expect(scoreDeclaration(scoringInput({ direction: null, lines: [line({ kind: 'holding', nature: null })] })).nullReason).toContain(
      'Holdings only',
    );
  });

  it('is always within 0–100, never above a factor cap, deterministic, with one-sentence rationales', () => {
    const arbitraryInput = fc.record({
      direction: fc.constantFrom('BUY' as const, 'SELL' as const),
      role: fc.constantFrom('CEO' as const, 'CFO' as const, 'DIRECTOR' as const, 'OTHER' as const, 'TEN_PCT_OWNER' as const),
      shares: fc.option(fc.double({ min: 1, max: 1e7, noNaN: true }), { nil: null }),
      owned: fc.option(fc.double({ min: 0, max: 1e8, noNaN: true }), { nil: null }),
      delay: fc.option(fc.integer({ min: -5, max: 60 }), { nil: null }),
      planned: fc.constantFrom(true, false, null),
      others: fc.integer({ min: 0, max: 6 }),
      mcap: fc.option(fc.double({ min: 1e5, max: 3e12, noNaN: true }), { nil: null }),
      ret: fc.option(fc.double({ min: 0.05, max: 20, noNaN: true }), { nil: null }),
      market: fc.constantFrom('us', 'fr', 'ca', 'ch', 'zz'),
    });
    fc.assert(
      fc.property(arbitraryInput, (a) => {
        const input = scoringInput({
          direction: a.direction,
          role: a.role,
          market: a.market,
          filingDelayDays: a.delay,
          isPlanned: a.planned,
          lines: [line({ nature: a.direction, shares: a.shares, sharesOwnedAfter: a.owned })],
          cluster: Array.from({ length: a.others }, (_, i) => ({
            declarationId: `o${i}`,
            insiderId: 100 + i,
            coReporterIds: [],
            pubDate: '2024-03-01T00:00:00.000Z',
          })),
          marketCap:
            a.mcap === null
              ? { available: false, reason: 'none' }
              : { ...(strongBuy.marketCap as object), value: a.mcap, valueEur: a.mcap } as ScoringInput['marketCap'],
          priorReturn:
            a.ret === null
              ? { available: false, reason: 'none' }
              : { ...(strongBuy.priorReturn as object), startAdjClose: 10, endAdjClose: 10 * a.ret } as ScoringInput['priorReturn'],
        });
        const result = scoreDeclaration(input);
        expect(result.score).not.toBeNull();
        expect(result.score!).toBeGreaterThanOrEqual(0);
        expect(result.score!).toBeLessThanOrEqual(100);
        for (const f of result.factors) {
          expect(f.points).toBeLessThanOrEqual(f.cap);
          expect(f.rationale).toMatch(/^[A-Z0-9].*\.$/);
          expect(f.rationale).not.toMatch(/undefined|NaN|Infinity|\[object/);
          expect(f.rationale.split(/\.\s+[A-Z]/).length).toBe(1);
        }
        expect(scoreDeclaration(structuredClone(input))).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });
});
