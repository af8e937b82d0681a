import { describe, expect, it } from 'vitest';
import { detectCurrency, isNotApplicable, parseDecimal, parseMoney } from '../../../adapters/mar19/index.js';

describe('parseDecimal', () => {
  it.each([
    ['1 575.7679', '.', 1575.7679],
    ['84 516.0000', '.', 84516],
    ['84\u00a0516.0000', '.', 84516],
    ['61.240,87', ',', 61240.87],
    ['8.721.610,20 EUR', ',', 8721610.2],
    ['49,35 EUR', ',', 49.35],
    ['1,234.56', '.', 1234.56],
    ['127,083', 'auto', 127083],
    ['1,234,567', 'auto', 1234567],
    ['49,35', 'auto', 49.35],
    ['61.240,87', 'auto', 61240.87],
    ['1,175.04', 'auto', 1175.04],
    ['1.5000', 'auto', 1.5],
    ["1'250.50", 'auto', 1250.5],
    ['-12.5', 'auto', -12.5],
  ] as const)('%s (%s) → %d', (text, mark, expected) => {
    expect(parseDecimal(text, mark)).toBe(expected);
  });

  it('takes the first number and does not glue "50 2." together', () => {
    expect(parseDecimal('50 2. £5.79')).toBe(50);
    expect(parseDecimal('16,104 2. Purchase')).toBe(16104);
  });

  it('returns null when there is no number', () => {
    expect(parseDecimal('N/A')).toBeNull();
    expect(parseDecimal('')).toBeNull();
  });
});

describe('parseMoney', () => {
  it('converts pence to pounds and keeps the raw text', () => {
    expect(parseMoney('331.21p')).toEqual({ value: 3.3121, currency: 'GBP', raw: '331.21p', convertedFromMinorUnit: true });
    expect(parseMoney('35.5 pence')).toMatchObject({ value: 0.355, currency: 'GBP', convertedFromMinorUnit: true });
    expect(parseMoney('322.175 pence per share')).toMatchObject({ value: 3.22175, currency: 'GBP' });
    expect(parseMoney('GBp 412')).toMatchObject({ value: 4.12, currency: 'GBP', convertedFromMinorUnit: true });
  });

  it('reads pounds, euros and dollars however they are written', () => {
    expect(parseMoney('£3.840 per share')).toMatchObject({ value: 3.84, currency: 'GBP', convertedFromMinorUnit: false });
    expect(parseMoney('£ 5.79')).toMatchObject({ value: 5.79, currency: 'GBP' });
    expect(parseMoney('1.5000 Euro', { decimalMark: '.' })).toMatchObject({ value: 1.5, currency: 'EUR' });
    expect(parseMoney('12.3000 Dollar des Etats-Unis', { decimalMark: '.' })).toMatchObject({ value: 12.3, currency: 'USD' });
    expect(parseMoney('14,95 USD', { decimalMark: ',' })).toMatchObject({ value: 14.95, currency: 'USD' });
    expect(parseMoney('US$12.50')).toMatchObject({ value: 12.5, currency: 'USD' });
    expect(parseMoney('NOK 74.4')).toMatchObject({ value: 74.4, currency: 'NOK' });
    expect(parseMoney('8,50 Franc suisse', { decimalMark: ',' })).toMatchObject({ value: 8.5, currency: 'CHF' });
  });

  it('falls back to the default currency only when the text names none', () => {
    expect(parseMoney('100', { defaultCurrency: 'NOK' })).toMatchObject({ value: 100, currency: 'NOK' });
    expect(parseMoney('100')).toMatchObject({ value: 100, currency: null });
    expect(parseMoney('100 EUR', { defaultCurrency: 'GBP' })).toMatchObject({ currency: 'EUR' });
  });
});

describe('detectCurrency', () => {
  it('tells GBp (pence) from GBP (pounds) and Canadian from US dollars', () => {
    expect(detectCurrency('GBp')).toEqual({ currency: 'GBP', minorUnit: true });
    expect(detectCurrency('GBP')).toEqual({ currency: 'GBP', minorUnit: false });
    expect(detectCurrency('Dollar canadien')).toEqual({ currency: 'CAD', minorUnit: false });
    expect(detectCurrency('Dollar des Etats-Unis')).toEqual({ currency: 'USD', minorUnit: false });
    expect(detectCurrency('Ordinary shares')).toBeNull();
  });
});

describe('isNotApplicable', () => {
  it.each(['N/A', 'n/a', '-', 'Not applicable', 'N/A (single transaction)', '', 'Sans objet', 'entfällt'])('%s', (t) => {
    expect(isNotApplicable(t)).toBe(true);
  });
  it.each(['- 306 - £1,175.04', '127,083', '33.5 pence'])('%s is a value', (t) => {
    expect(isNotApplicable(t)).toBe(false);
  });
});
