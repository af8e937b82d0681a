import { detectCurrency } from './currency.js';

/**
 * Which character separates decimals. AMF PDFs print "1 575.7679" (point, space thousands), BaFin
 * "61.240,87" (comma), RNS "1,234.56" (point); `auto` decides from the text itself.
 */
export type DecimalMark = '.' | ',' | 'auto';

/** An amount as printed, its value in major units of `currency`, and whether pence were converted. */
export interface ReportedAmount {
  value: number | null;
  currency: string | null;
  raw: string;
  /** True when the text was in pence (331.21p, 35.5 pence, GBp) and `value` was divided by 100. */
  convertedFromMinorUnit: boolean;
}

const NUMBER_TOKEN = /[-−]?\d(?:[\d.,'’\u00a0\u202f ]*\d)?/;
const GROUPED_BY_SPACE = /^\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/;

/** Rounds away binary noise (331.21 / 100 = 3.3121000000000005). */
export function roundTo(value: number, digits = 10): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function decideDecimalMark(token: string): '.' | ',' | null {
  const lastDot = token.lastIndexOf('.');
  const lastComma = token.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? '.' : ',';
  if (lastComma >= 0) {
    const commas = token.split(',').length - 1;
    const after = token.length - lastComma - 1;
    // "1,234" and "1,234,567" read as thousands (English); "49,35" as a decimal comma.
    return commas > 1 || after === 3 ? null : ',';
  }
  if (lastDot >= 0) {
    const dots = token.split('.').length - 1;
    return dots > 1 ? null : '.';
  }
  return null;
}

/**
 * Parses the first number in `text` under a decimal convention; null when there is none.
 * Thousands separators (space, no-break space, apostrophe, and the other of . and ,) are dropped.
 */
export function parseDecimal(text: string, decimalMark: DecimalMark = 'auto'): number | null {
  const match = NUMBER_TOKEN.exec(text);
  if (!match) return null;
  let token = match[0].replace(/−/g, '-').trim();
  // A space only groups thousands when the groups have three digits ("84 516.0000"); otherwise
  // "50 2" are two numbers and only the first is wanted.
  const spaced = /[ \u00a0\u202f]/.test(token);
  if (spaced && !GROUPED_BY_SPACE.test(token.replace(/^-/, ''))) token = token.split(/[ \u00a0\u202f]/)[0] ?? token;
  token = token.replace(/[ \u00a0\u202f'’]/g, '');
  const mark = decimalMark === 'auto' ? decideDecimalMark(token) : decimalMark;
  let normalized: string;
  if (mark === ',') normalized = token.replace(/\./g, '').replace(',', '.');
  else if (mark === '.') normalized = token.replace(/,/g, '');
  else normalized = token.replace(/[.,]/g, '');
  if (/[.,].*[.,]/.test(normalized)) return null;
  const value = Number(normalized);
  return Number.isFinite(value) ? value : null;
}

export interface MoneyOptions {
  decimalMark?: DecimalMark;
  /** Currency to assume when the text names none (the section's or the register's currency). */
  defaultCurrency?: string | null;
}

/**
 * Reads a printed price or amount: "331.21p", "£3.840 per share", "35.5 pence", "1.5000 Euro",
 * "61.240,87 EUR", "14,95 USD". Pence become pounds (GBP) and say so.
 */
export function parseMoney(text: string, options: MoneyOptions = {}): ReportedAmount {
  const raw = text.replace(/\s+/g, ' ').trim();
  const mark = detectCurrency(raw);
  const number = parseDecimal(raw.replace(/US\$|C\$|A\$|HK\$/g, ' '), options.decimalMark ?? 'auto');
  const currency = mark?.currency ?? options.defaultCurrency ?? null;
  const minor = mark?.minorUnit ?? false;
  const value = number === null ? null : minor ? roundTo(number / 100) : number;
  return { value, currency, raw, convertedFromMinorUnit: minor && number !== null };
}

/** True when the text says "not applicable" in one of the ways notifications do. */
export function isNotApplicable(text: string): boolean {
  const t = text.replace(/[\s.]+/g, ' ').trim().toLowerCase();
  if (t === '') return true;
  // "- 306 - £1,175.04" is a bulleted value, not a dash meaning "none".
  if (/^[-–—]\s*\d/.test(t)) return false;
  return /^(-|–|—|n\/a|na|n a|nil|none|not applicable|non applicable|sans objet|entf[aä]llt|nicht anwendbar|k\.? ?a\.?)( .*)?$/.test(t);
}
