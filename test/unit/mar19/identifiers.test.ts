import { describe, expect, it } from 'vitest';
import { findIsin, findLei, isValidIsin, isValidLei } from '../../../adapters/mar19/index.js';

describe('ISIN and LEI check digits', () => {
  it('accepts real identifiers and rejects a wrong check digit', () => {
    expect(isValidIsin('FR0011049824')).toBe(true);
    expect(isValidIsin('US00486H1059')).toBe(true);
    expect(isValidIsin('DE0000000001')).toBe(false);
    expect(isValidLei('9695007YG6O07A8N6395')).toBe(true);
    expect(isValidLei('9695007YG6O07A8N6394')).toBe(false);
  });

  it('finds identifiers inside text and skips look-alikes', () => {
    expect(findIsin('Ordinary shares of 5p each ISIN: GB0002760279')).toBe('GB0002760279');
    expect(findIsin('ALMDT')).toBeNull();
    expect(findLei('LEI: 213800W6B18ZHTNG7371')).toBe('213800W6B18ZHTNG7371');
    expect(findLei('213800W6B18ZHTNG7372')).toBeNull();
  });
});
