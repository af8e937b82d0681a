/** ISIN check digit (ISO 6166): letters to numbers, then Luhn over the digits. */
export function isValidIsin(candidate: string): boolean {
  if (!/^[A-Z]{2}[A-Z0-9]{9}\d$/.test(candidate)) return false;
  const digits = candidate
    .split('')
    .map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c))
    .join('');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

/** LEI check digits (ISO 17442, ISO 7064 MOD 97-10). */
export function isValidLei(candidate: string): boolean {
  if (!/^[A-Z0-9]{18}\d{2}$/.test(candidate)) return false;
  let remainder = 0;
  for (const c of candidate) {
    const value = /[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c;
    for (const d of value) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

/** The first well-formed ISIN with a valid check digit in the text. */
export function findIsin(text: string | null | undefined): string | null {
  if (!text) return null;
  for (const m of text.toUpperCase().matchAll(/\b[A-Z]{2}[A-Z0-9]{9}\d\b/g)) {
    if (isValidIsin(m[0])) return m[0];
  }
  return null;
}

/** The first LEI with valid check digits in the text ("LEI: 2138…" included). */
export function findLei(text: string | null | undefined): string | null {
  if (!text) return null;
  for (const m of text.toUpperCase().matchAll(/\b[A-Z0-9]{18}\d{2}\b/g)) {
    if (isValidLei(m[0])) return m[0];
  }
  return null;
}
