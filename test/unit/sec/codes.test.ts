import { describe, expect, it } from 'vitest';
import { natureOfCode, RULE_10B5_1_DENIAL, RULE_10B5_1_MENTION, SEC_TRANSACTION_CODES } from '../../../adapters/sec/codes.js';
import { NATURES } from '../../../src/model/index.js';

describe('SEC Form 4 transaction codes', () => {
  it('covers every code of the Form 4 instructions, each with the SEC description', () => {
    expect(Object.keys(SEC_TRANSACTION_CODES).sort().join('')).toBe('ACDEFGHIJKLMOPSUVWXZ');
    for (const entry of Object.values(SEC_TRANSACTION_CODES)) {
      expect(NATURES).toContain(entry.nature);
      expect(entry.description.length).toBeGreaterThan(10);
    }
    expect(SEC_TRANSACTION_CODES.P.description).toBe('Open market or private purchase of non-derivative or derivative security');
  });

  it('treats only P and S as discretionary buys and sells', () => {
    const directional = Object.entries(SEC_TRANSACTION_CODES)
      .filter(([, e]) => e.nature === 'BUY' || e.nature === 'SELL')
      .map(([code, e]) => `${code}:${e.nature}`);
    expect(directional).toEqual(['P:BUY', 'S:SELL']);
  });

  it.each([
    ['A', 'AWARD'],
    ['F', 'TAX_WITHHOLDING'],
    ['M', 'EXERCISE'],
    ['X', 'EXERCISE'],
    ['O', 'EXERCISE'],
    ['C', 'CONVERSION'],
    ['G', 'GIFT'],
    ['W', 'INHERITANCE'],
    ['J', 'OTHER'],
    ['p', 'BUY'],
    ['Q', 'OTHER'],
  ])('code %s → %s', (code, nature) => {
    expect(natureOfCode(code)).toBe(nature);
  });
});

describe('10b5-1 mentions', () => {
  it.each([
    'pursuant to a Rule 10b5-1 trading plan',
    'under a 10b-5-1 plan',
    'a Rule 10b5–1 plan (en dash)',
    'Rule 10(b)5-1 sales plan',
    'a 10b5 - 1 plan',
  ])('finds %j', (text) => {
    expect(RULE_10B5_1_MENTION.test(text)).toBe(true);
  });

  it.each(['Rule 10b-5 of the Exchange Act', 'Rule 16b-3', 'Section 10(b)', 'Rule 10b5-12'])('does not find %j', (text) => {
    expect(RULE_10B5_1_MENTION.test(text)).toBe(false);
  });

  it('recognizes a denial', () => {
    expect(RULE_10B5_1_DENIAL.test('These sales were not made pursuant to a Rule 10b5-1 trading plan.')).toBe(true);
    expect(RULE_10B5_1_DENIAL.test('Sold under a Rule 10b5-1 plan adopted on May 1, 2024.')).toBe(false);
  });
});
