/**
 * Currencies as Yahoo quotes them and as Sigma stores them. Yahoo quotes some markets in a minor
 * unit ("GBp" = pence on the LSE, "ZAc" = cents in Johannesburg, "ILA" = agorot in Tel Aviv);
 * Sigma stores every price and amount in the major unit (GBP, ZAR, ILS) so they add up and convert.
 */

/** Minor-unit codes: the major currency they belong to and how many minor units make one major. */
export const MINOR_UNIT_CURRENCIES: Readonly<Record<string, { major: string; perMajor: number }>> = {
  GBp: { major: 'GBP', perMajor: 100 },
  GBX: { major: 'GBP', perMajor: 100 },
  ZAc: { major: 'ZAR', perMajor: 100 },
  ZAC: { major: 'ZAR', perMajor: 100 },
  ILA: { major: 'ILS', perMajor: 100 },
};

export interface NormalizedCurrency {
  /** ISO 4217 code of the major unit. */
  currency: string;
  /** Divide an amount quoted in the original code by this to get the major unit (100 for pence). */
  divisor: number;
}

/**
 * The major-unit ISO code of a quoted currency and the divisor that converts to it. Case matters:
 * "GBp" is pence, "GBP" is pounds. Null for a missing or unreadable code.
 */
export function normalizeCurrency(code: string | null | undefined): NormalizedCurrency | null {
  if (code === null || code === undefined) return null;
  const trimmed = code.trim();
  const minor = MINOR_UNIT_CURRENCIES[trimmed];
  if (minor) return { currency: minor.major, divisor: minor.perMajor };
  if (!/^[A-Za-z]{3}$/.test(trimmed)) return null;
  return { currency: trimmed.toUpperCase(), divisor: 1 };
}

/** An amount in a quoted currency, expressed in its major unit (pence → pounds). */
export function toMajorUnit(amount: number | null, code: string | null | undefined): number | null {
  if (amount === null || !Number.isFinite(amount)) return null;
  const normalized = normalizeCurrency(code);
  if (!normalized) return null;
  return amount / normalized.divisor;
}

/**
 * Every rate is fetched against the euro (Yahoo `EURxxx=X`: 1 EUR = rate xxx); every other pair is
 * derived from two euro legs of the same day, so the table holds all ordered pairs of these codes.
 */
export const FX_ANCHOR = 'EUR';
export const FX_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'SEK', 'NOK', 'DKK'] as const;
export type FxCurrency = (typeof FX_CURRENCIES)[number];

/** The currencies fetched as euro legs: every supported one but the anchor itself. */
export const FX_LEG_CURRENCIES: readonly FxCurrency[] = FX_CURRENCIES.filter((c) => c !== FX_ANCHOR);

/** Yahoo's symbol for "1 EUR in `quote`", e.g. EURUSD=X. */
export function fxLegSymbol(quote: string): string {
  return `${FX_ANCHOR}${quote}=X`;
}

/** The quote currency of a euro-leg symbol (EURUSD=X → USD), or null for any other symbol. */
export function fxLegCurrency(symbol: string): string | null {
  const match = /^EUR([A-Z]{3})=X$/.exec(symbol);
  return match ? match[1]! : null;
}

/** 1 `base` in `quote` from two euro legs of the same day (1 EUR = eurToBase base = eurToQuote quote). */
export function crossRate(eurToBase: number, eurToQuote: number): number {
  return eurToQuote / eurToBase;
}

/** The inverse direction of a rate: 1 quote = 1/rate base. */
export function invertRate(rate: number): number {
  return 1 / rate;
}
