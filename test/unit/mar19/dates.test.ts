import { describe, expect, it } from 'vitest';
import { findDates, parseDate, parseDateRange } from '../../../adapters/mar19/index.js';

describe('parseDate', () => {
  it.each([
    ['22 juin 2026', '2026-06-22'],
    ['1er août 2026', '2026-08-01'],
    ['06 mai 2024', '2024-05-06'],
    ['3 décembre 2025', '2025-12-03'],
    ['02.09.2026', '2026-09-02'],
    ['9. März 2026', '2026-03-09'],
    ['11 May 2026', '2026-05-11'],
    ['May 11, 2026', '2026-05-11'],
    ['22/05/2026', '2026-05-22'],
    ['2026-05-07', '2026-05-07'],
    ['04 September 2026', '2026-09-04'],
    ['5 sept. 2026', '2026-09-05'],
    ['12 maggio 2026', '2026-05-12'],
    ['3 de marzo de 2026'.replace(/ de /g, ' '), '2026-03-03'],
    ['14 mei 2026', '2026-05-14'],
  ])('%s → %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it('refuses impossible dates', () => {
    expect(parseDate('31 juin 2026')).toBeNull();
    expect(parseDate('30.02.2026')).toBeNull();
    expect(parseDate('no date here')).toBeNull();
  });

  it('gives positions in the original text', () => {
    const text = 'Straße 13. März 2026 x';
    const [found] = findDates(text);
    expect(text.slice(found!.index, found!.index + found!.length)).toBe('13. März 2026');
  });
});

describe('parseDateRange', () => {
  it.each([
    ['13 - 20 May 2026', { from: '2026-05-13', to: '2026-05-20' }],
    ['13-20 May 2026', { from: '2026-05-13', to: '2026-05-20' }],
    ['between 13 and 20 May 2026', { from: '2026-05-13', to: '2026-05-20' }],
    ['du 13 au 20 mai 2026', { from: '2026-05-13', to: '2026-05-20' }],
    ['vom 13. bis 20. Mai 2026', { from: '2026-05-13', to: '2026-05-20' }],
    ['28 April - 2 May 2026', { from: '2026-04-28', to: '2026-05-02' }],
    ['13/05/2026 to 20/05/2026', { from: '2026-05-13', to: '2026-05-20' }],
    ['11 May 2026', { from: '2026-05-11', to: '2026-05-11' }],
  ])('%s', (text, range) => {
    expect(parseDateRange(text)).toEqual(range);
  });

  it('returns null without a date', () => {
    expect(parseDateRange('Various')).toBeNull();
  });
});
