import type { Nature, Role } from '../../src/model/index.js';

/**
 * The Form 4 transaction codes, with the SEC's own descriptions (Form 4 General Instructions,
 * item 8, "Transaction Codes"), and the common-model nature each maps to. Only P and S are
 * discretionary open-market (or private) trades; every other code is an award, an exercise, a
 * withholding, a gift… and never counts as a buy or a sell signal.
 */
export const SEC_TRANSACTION_CODES = {
  // General transaction codes
  P: { nature: 'BUY', description: 'Open market or private purchase of non-derivative or derivative security' },
  S: { nature: 'SELL', description: 'Open market or private sale of non-derivative or derivative security' },
  V: { nature: 'OTHER', description: 'Transaction voluntarily reported earlier than required' },
  // Rule 16b-3 transaction codes
  A: { nature: 'AWARD', description: 'Grant, award or other acquisition pursuant to Rule 16b-3(d)' },
  D: { nature: 'OTHER', description: 'Disposition to the issuer of issuer equity securities pursuant to Rule 16b-3(e)' },
  F: {
    nature: 'TAX_WITHHOLDING',
    description:
      'Payment of exercise price or tax liability by delivering or withholding securities incident to the receipt, exercise or vesting of a security issued in accordance with Rule 16b-3',
  },
  I: {
    nature: 'OTHER',
    description:
      'Discretionary transaction in accordance with Rule 16b-3(f) resulting in acquisition or disposition of issuer securities',
  },
  M: { nature: 'EXERCISE', description: 'Exercise or conversion of derivative security exempted pursuant to Rule 16b-3' },
  // Derivative securities codes (except for transactions exempted pursuant to Rule 16b-3)
  C: { nature: 'CONVERSION', description: 'Conversion of derivative security' },
  E: { nature: 'OTHER', description: 'Expiration of short derivative position' },
  H: { nature: 'OTHER', description: 'Expiration (or cancellation) of long derivative position with value received' },
  O: { nature: 'EXERCISE', description: 'Exercise of out-of-the-money derivative security' },
  X: { nature: 'EXERCISE', description: 'Exercise of in-the-money or at-the-money derivative security' },
  // Other Section 16(b) exempt transaction and small acquisition codes
  G: { nature: 'GIFT', description: 'Bona fide gift' },
  L: { nature: 'OTHER', description: 'Small acquisition under Rule 16a-6' },
  W: { nature: 'INHERITANCE', description: 'Acquisition or disposition by will or the laws of descent and distribution' },
  Z: { nature: 'OTHER', description: 'Deposit into or withdrawal from voting trust' },
  // Other transaction codes
  J: { nature: 'OTHER', description: 'Other acquisition or disposition (describe transaction)' },
  K: { nature: 'OTHER', description: 'Transaction in equity swap or instrument with similar characteristics' },
  U: { nature: 'OTHER', description: 'Disposition pursuant to a tender of shares in a change of control transaction' },
} as const satisfies Record<string, { nature: Nature; description: string }>;

export type SecTransactionCode = keyof typeof SEC_TRANSACTION_CODES;

/** The nature of a transaction code; a code the SEC does not define is kept as OTHER. */
export function natureOfCode(code: string): Nature {
  const entry = (SEC_TRANSACTION_CODES as Record<string, { nature: Nature } | undefined>)[code.toUpperCase()];
  return entry ? entry.nature : 'OTHER';
}

/** The EDGAR submission types this adapter reads; everything else in the archive is out of scope. */
export const OWNERSHIP_FORM_TYPES: ReadonlySet<string> = new Set(['3', '3/A', '4', '4/A', '5', '5/A']);

/** issuerTradingSymbol values that mean "no ticker" (non-traded issuers). */
export const NO_TICKER_VALUES: ReadonlySet<string> = new Set(['', 'N/A', 'NA', 'NONE', 'NONE.', '-', '--', 'N.A.']);

/**
 * Officer titles (officerTitle / otherText) onto the common roles, first match wins. "Vice Chair"
 * is a director title, not the chair; "Co-CEO" is a CEO.
 */
export const SEC_TITLE_ROLE_PATTERNS: ReadonlyArray<{ role: Role; pattern: RegExp }> = [
  { role: 'CEO', pattern: /\bchief\s+executive\b|\bc\.?e\.?o\b|\bprincipal\s+executive\s+officer\b/i },
  { role: 'CFO', pattern: /\bchief\s+financial\b|\bc\.?f\.?o\b|\bprincipal\s+financial\s+officer\b/i },
  { role: 'CHAIR', pattern: /^(?!.*\bvice[\s-]*chair)(?=.*\bchair(?:man|woman|person)?\b)/i },
];

/** "10b5-1" as filers write it: 10b5-1, 10b-5-1, 10(b)5-1, with hyphens or en/em dashes, spaced or not. */
const RULE_10B5_1 = String.raw`10\s*(?:b|\(b\))\s*-?\s*5\s*[-\u2010-\u2015]\s*1(?!\d)`;

/** A footnote that mentions a Rule 10b5-1 plan, and one that denies using one. */
export const RULE_10B5_1_MENTION = new RegExp(RULE_10B5_1, 'i');
export const RULE_10B5_1_DENIAL = new RegExp(
  String.raw`\bnot\b[^.]{0,80}${RULE_10B5_1}|${RULE_10B5_1}[^.]{0,40}\bnot\s+(?:applicable|used)\b`,
  'i',
);
