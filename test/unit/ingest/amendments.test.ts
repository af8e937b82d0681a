import { describe, expect, it } from 'vitest';
import { foldAmendment, foldAmendments } from '../../../src/ingest/amendments.js';
import { contentHash } from '../../../src/ingest/content-hash.js';
import { makeDraft, makeLine } from '../../helpers/factories/drafts.js';

const original = makeDraft({
  lines: [makeLine({ shares: 100 }), makeLine({ line: 2, kind: 'holding', code: null, nature: null, shares: null, sharesOwnedAfter: 50 })],
});

describe('foldAmendment', () => {
  it('replaces transactions when the amendment reports transactions', () => {
    const amendment = makeDraft({ id: 'TST:A', sourceId: 'A', isAmendment: true, lines: [makeLine({ shares: 120 })] });
    const folded = foldAmendment(original, amendment);
    expect(folded.id).toBe(original.id);
    expect(folded.pubDate).toBe(original.pubDate);
    expect(folded.lines.filter((l) => l.kind === 'transaction').map((l) => l.shares)).toEqual([120]);
    // The original's holding survives an amendment without holdings.
    expect(folded.lines.filter((l) => l.kind === 'holding')).toHaveLength(1);
    expect(folded.lines.map((l) => l.line)).toEqual([1, 2]);
  });

  it('never erases transactions with a holdings-only amendment', () => {
    const amendment = makeDraft({
      id: 'TST:H',
      sourceId: 'H',
      isAmendment: true,
      lines: [makeLine({ kind: 'holding', code: null, nature: null, shares: null, sharesOwnedAfter: 75 })],
    });
    const folded = foldAmendment(original, amendment);
    expect(folded.lines.filter((l) => l.kind === 'transaction').map((l) => l.shares)).toEqual([100]);
    expect(folded.lines.filter((l) => l.kind === 'holding').map((l) => l.sharesOwnedAfter)).toEqual([75]);
  });

  it('folds several amendments in publication order whatever the input order', () => {
    const first = makeDraft({ id: 'TST:1', isAmendment: true, pubDate: '2025-03-06T00:00:00.000Z', lines: [makeLine({ shares: 1 })] });
    const second = makeDraft({ id: 'TST:2', isAmendment: true, pubDate: '2025-03-07T00:00:00.000Z', lines: [makeLine({ shares: 2 })] });
    expect(contentHash(foldAmendments(original, [second, first]))).toBe(contentHash(foldAmendments(original, [first, second])));
    expect(foldAmendments(original, [second, first]).lines[0]!.shares).toBe(2);
  });
});

describe('contentHash', () => {
  it('ignores key order and sees any value change', () => {
    expect(contentHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(contentHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});
