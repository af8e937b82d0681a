/** A currency found in a printed amount; `minorUnit` means the number is in pence (÷ 100 → GBP). */
export interface CurrencyMark {
  currency: string;
  minorUnit: boolean;
}

interface CurrencyPattern {
  pattern: RegExp;
  mark: CurrencyMark;
}

/**
 * How notifications write currencies, most specific first: "GBp"/"GBX"/"pence"/"331.21p" are pence,
 * "Dollar des Etats-Unis" is USD but "Dollar canadien" is CAD. AMF PDFs spell the currency as a
 * French word after the price; RNS uses symbols; BaFin ISO codes.
 */
export const CURRENCY_PATTERNS: readonly CurrencyPattern[] = [
  // Case matters for GBp (pence) against GBP (pounds), so these two are case-sensitive.
  { pattern: /\bGBp\b|\bGBX\b|\bGBx\b/, mark: { currency: 'GBP', minorUnit: true } },
  { pattern: /\bpence\b|\bpenny\b|(?<=\d)\s?p\b/i, mark: { currency: 'GBP', minorUnit: true } },
  { pattern: /£|\bGBP\b|\bpounds?\b|\bsterling\b|\blivres? sterling\b|\bpfund\b/i, mark: { currency: 'GBP', minorUnit: false } },
  { pattern: /€|\bEUR\b|\beuros?\b/i, mark: { currency: 'EUR', minorUnit: false } },
  { pattern: /\bCAD\b|\bC\$|\bdollars? canadiens?\b|\bcanadian dollars?\b/i, mark: { currency: 'CAD', minorUnit: false } },
  { pattern: /\bAUD\b|\bA\$|\bdollars? australiens?\b|\baustralian dollars?\b/i, mark: { currency: 'AUD', minorUnit: false } },
  { pattern: /\bHKD\b|\bHK\$|\bdollars? de hong kong\b/i, mark: { currency: 'HKD', minorUnit: false } },
  { pattern: /\bUSD\b|US\$|\bdollars? des [eé]tats[- ]unis\b|\bu\.?s\.? dollars?\b|\bdollars? am[eé]ricains?\b|\$/i, mark: { currency: 'USD', minorUnit: false } },
  { pattern: /\bCHF\b|\bfrancs? suisses?\b|\bswiss francs?\b|\bschweizer franken\b/i, mark: { currency: 'CHF', minorUnit: false } },
  { pattern: /\bSEK\b|\bcouronnes? su[eé]doises?\b|\bswedish kron(a|or)\b/i, mark: { currency: 'SEK', minorUnit: false } },
  { pattern: /\bNOK\b|\bcouronnes? norv[eé]giennes?\b|\bnorwegian kron(e|er)\b/i, mark: { currency: 'NOK', minorUnit: false } },
  { pattern: /\bDKK\b|\bcouronnes? danoises?\b|\bdanish kron(e|er)\b/i, mark: { currency: 'DKK', minorUnit: false } },
  { pattern: /\bPLN\b|\bz[lł]otys?\b/i, mark: { currency: 'PLN', minorUnit: false } },
  { pattern: /\bJPY\b|\byens?\b|¥/i, mark: { currency: 'JPY', minorUnit: false } },
  { pattern: /\bCZK\b|\bcouronnes? tch[eè]ques?\b/i, mark: { currency: 'CZK', minorUnit: false } },
  { pattern: /\bHUF\b|\bforints?\b/i, mark: { currency: 'HUF', minorUnit: false } },
  { pattern: /\bZAR\b|\brands?\b(?= )/i, mark: { currency: 'ZAR', minorUnit: false } },
  { pattern: /\bILS\b|\bshekels?\b/i, mark: { currency: 'ILS', minorUnit: false } },
];

/** The currency a printed amount is expressed in, or null when it names none. */
export function detectCurrency(text: string): CurrencyMark | null {
  for (const { pattern, mark } of CURRENCY_PATTERNS) {
    if (pattern.test(text)) return mark;
  }
  return null;
}
