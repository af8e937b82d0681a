import { describe, expect, it } from 'vitest';
import {
  crossRate,
  FX_CURRENCIES,
  FX_LEG_CURRENCIES,
  fxLegCurrency,
  fxLegSymbol,
  invertRate,
  normalizeCurrency,
  toMajorUnit,
} from '../../../src/prices/currency.js';

describe('normalizeCurrency', () => {
  it('maps pence codes to pounds with a divisor of 100, case-sensitively', () => {
    expect(normalizeCurrency('GBp')).toEqual({ currency: 'GBP', divisor: 100 });
    expect(normalizeCurrency('GBX')).toEqual({ currency: 'GBP', divisor: 100 });
    expect(normalizeCurrency('GBP')).toEqual({ currency: 'GBP', divisor: 1 });
    expect(normalizeCurrency('ZAc')).toEqual({ currency: 'ZAR', divisor: 100 });
    expect(normalizeCurrency('ILA')).toEqual({ currency: 'ILS', divisor: 100 });
  });

  it('upper-cases ordinary codes and refuses what is not a currency code', () => {
    expect(normalizeCurrency('usd')).toEqual({ currency: 'USD', divisor: 1 });
    expect(normalizeCurrency(' EUR ')).toEqual({ currency: 'EUR', divisor: 1 });
    expect(normalizeCurrency('')).toBeNull();
    expect(normalizeCurrency('EURO')).toBeNull();
    expect(normalizeCurrency(null)).toBeNull();
    expect(normalizeCurrency(undefined)).toBeNull();
  });
});

describe('toMajorUnit', () => {
  it('divides pence by 100 and leaves major units alone', () => {
    expect(toMajorUnit(125_050, 'GBp')).toBe(1250.5);
    expect(toMajorUnit(125_050, 'GBX')).toBe(1250.5);
    expect(toMajorUnit(125_050, 'GBP')).toBe(125_050);
  });

  it('gives null for a missing amount, a non-finite one or an unknown code', () => {
    expect(toMajorUnit(null, 'GBP')).toBeNull();
    expect(toMajorUnit(Number.NaN, 'GBP')).toBeNull();
    expect(toMajorUnit(10, 'pounds')).toBeNull();
  });
});

describe('FX legs', () => {
  it('covers the currencies of the markets Sigma follows, each fetched against the euro', () => {
    for (const c of ['GBP', 'CHF', 'CAD', 'USD', 'EUR', 'SEK', 'NOK', 'DKK']) expect(FX_CURRENCIES).toContain(c);
    expect(FX_LEG_CURRENCIES).not.toContain('EUR');
    expect(FX_LEG_CURRENCIES.map(fxLegSymbol)).toContain('EURUSD=X');
  });

  it('reads the quote currency back from a leg symbol and nothing else', () => {
    expect(fxLegCurrency('EURGBP=X')).toBe('GBP');
    expect(fxLegCurrency('GBPUSD=X')).toBeNull();
    expect(fxLegCurrency('AAPL')).toBeNull();
  });

  it('inverts and crosses rates consistently', () => {
    // 1 EUR = 1.12 USD and 0.85 GBP → 1 GBP = 1.12 / 0.85 USD.
    expect(crossRate(0.85, 1.12)).toBeCloseTo(1.317647, 6);
    expect(invertRate(1.25)).toBe(0.8);
    expect(crossRate(0.85, 1.12) * crossRate(1.12, 0.85)).toBeCloseTo(1, 12);
  });
});
