import { createHash } from 'node:crypto';

/**
 * A JSON value written exactly as PostgreSQL prints a jsonb (`jsonb::text`): object keys ordered
 * by byte length then bytes, `", "` and `": "` separators, numbers in plain decimal notation.
 * Used only to skip rewriting signals that did not change: if this ever differed from the server's
 * text, the row would merely be sent and compared in SQL, never wrongly skipped.
 */
export function jsonbText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? plainDecimal(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => compareKeys(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${jsonbText(v)}`).join(', ')}}`;
  }
  return 'null';
}

function compareKeys(a: string, b: string): number {
  const la = Buffer.byteLength(a);
  const lb = Buffer.byteLength(b);
  if (la !== lb) return la - lb;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** 1e-7 → "0.0000001", 1e21 → "1000000000000000000000", -0 → "0": how numeric prints them. */
export function plainDecimal(n: number): string {
  const text = JSON.stringify(n);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, fraction = '', exp] = match;
  const digits = `${lead}${fraction}`;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** md5 of what `md5(factors::text || '|' || inputs::text)` gives in PostgreSQL. */
export function signalFingerprint(factors: unknown, inputs: unknown): string {
  return createHash('md5').update(`${jsonbText(factors)}|${jsonbText(inputs)}`).digest('hex');
}
