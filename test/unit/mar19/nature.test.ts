import { describe, expect, it } from 'vitest';
import { classifyNature, isDerivativeInstrument, mentionsPlan } from '../../../adapters/mar19/index.js';

describe('classifyNature', () => {
  it.each([
    ['Acquisition', 'BUY'],
    ['Cession', 'SELL'],
    ['Souscription', 'BUY'],
    ['Exercice', 'EXERCISE'],
    ['Attribution gratuite', 'AWARD'],
    ["Acquisition définitive d'actions gratuites", 'AWARD'],
    ['Nantissement', 'OTHER'],
    ['Donation', 'GIFT'],
    ['Kauf', 'BUY'],
    ['Verkauf', 'SELL'],
    ['Sonstiges', 'OTHER'],
    ['Purchase of shares', 'BUY'],
    ['Sale of Ordinary Shares', 'SELL'],
    ['Sale of shares to cover tax liability on vesting', 'TAX_WITHHOLDING'],
    ['Exercise of options and sale of shares', 'EXERCISE'],
    ['Vesting of conditional share award', 'AWARD'],
    ['DRIP Purchase of shares', 'OTHER'],
    ['Acquired rights to ordinary shares under a dividend re-investment plan', 'OTHER'],
    ['The trustee of the Share Incentive Plan acquired Shares on behalf of the individual', 'OTHER'],
    ['Monthly investment in ISA (in daughter\'s name)', 'BUY'],
    ['Inheritance', 'INHERITANCE'],
    ['Conversion of preference shares', 'CONVERSION'],
    ['Something unusual', 'OTHER'],
  ])('%s → %s', (text, nature) => {
    expect(classifyNature(text)).toBe(nature);
  });

  it('is null without a text', () => {
    expect(classifyNature(null)).toBeNull();
    expect(classifyNature('  ')).toBeNull();
  });
});

describe('plans and derivatives', () => {
  it('spots plan wordings', () => {
    expect(mentionsPlan('Acquired under the Share Incentive Plan')).toBe(true);
    expect(mentionsPlan('DRIP Purchase of shares')).toBe(true);
    expect(mentionsPlan('Purchase of shares')).toBe(false);
  });

  it('spots derivative instruments', () => {
    expect(isDerivativeInstrument("Option d'achat")).toBe(true);
    expect(isDerivativeInstrument('Restricted stock units')).toBe(true);
    expect(isDerivativeInstrument('Ordinary shares of 25p')).toBe(false);
    expect(isDerivativeInstrument('Aktie')).toBe(false);
  });
});
