import { z } from 'zod';
import { DIRECTIONS, NATURES, ROLES } from '../model/enums.js';
import { KNOWN_MARKETS } from '../model/markets.js';

/**
 * Query-parameter building blocks. Query strings arrive as text; each block parses strictly (no
 * silent clamping, no `Number('')` = 0) and documents itself for OpenAPI. Transformed blocks carry
 * their public JSON Schema in `paramDocs`, which the OpenAPI generator uses instead of guessing.
 */
export type JsonSchema = Record<string, unknown>;
export const paramDocs = z.registry<JsonSchema>();

function documented<T extends z.ZodType>(schema: T, doc: JsonSchema): T {
  paramDocs.add(schema, doc);
  return schema;
}

const NUMBER_TEXT = /^-?(\d+|\d*\.\d+)$/;
const toNumber = (value: unknown) => (typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : value);

export function intParam(min: number, max: number) {
  return z.preprocess(toNumber, z.number({ error: 'must be a whole number' }).int('must be a whole number').min(min).max(max));
}

export function numberParam(min: number, max: number) {
  return z.preprocess(toNumber, z.number({ error: 'must be a number' }).min(min).max(max));
}

export const booleanParam = documented(
  z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true'),
  { type: 'boolean' },
);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date that exists (no 2026-02-30), as `YYYY-MM-DD`. */
export const dateParam = documented(
  z
    .string()
    .regex(DATE_ONLY, 'must be a YYYY-MM-DD date')
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real calendar date'),
  { type: 'string', format: 'date' },
);

export interface TimeBound {
  at: Date;
  /** A bare date: as a lower bound it means 00:00 UTC, as an upper bound the whole day. */
  dateOnly: boolean;
}

/** A date (`2026-04-20`) or an instant (`2026-04-20T18:32:11.123Z`, offsets allowed). */
export const timeBoundParam = documented(
  z.string().transform((s, ctx): TimeBound => {
    if (DATE_ONLY.test(s)) {
      const at = new Date(`${s}T00:00:00Z`);
      if (!Number.isNaN(at.getTime()) && at.toISOString().startsWith(s)) return { at, dateOnly: true };
    } else if (INSTANT.test(s)) {
      const at = new Date(s);
      const year = at.getUTCFullYear();
      if (!Number.isNaN(at.getTime()) && year >= 1900 && year <= 9999 && sameCalendarFields(s, at)) return { at, dateOnly: false };
    }
    ctx.addIssue({ code: 'custom', message: 'must be a real YYYY-MM-DD date or an ISO 8601 timestamp such as 2026-04-20T18:32:11.123Z' });
    return z.NEVER;
  }),
  { type: 'string', description: 'YYYY-MM-DD or ISO 8601 timestamp', examples: ['2026-04-20', '2026-04-20T18:32:11.123Z'] },
);

/** `new Date` rolls 2026-02-30 over to March; reject rather than guess. */
function sameCalendarFields(text: string, at: Date): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const shift = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const local = new Date(at.getTime() + shift * 60_000).toISOString();
  return local.slice(0, 16) === text.slice(0, 16);
}

/** Comma-separated values, each one of `values`; duplicates collapse. */
export function csvEnumParam<const T extends readonly [string, ...string[]]>(values: T, caseInsensitive = false) {
  const allowed = new Set<string>(values);
  return documented(
    z.string().transform((s, ctx): Array<T[number]> => {
      const parts = s.split(',').map((p) => (caseInsensitive ? p.trim().toUpperCase() : p.trim()));
      const bad = parts.filter((p) => !allowed.has(p));
      if (parts.length === 0 || bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a comma-separated list of ${values.join(', ')}${bad.length ? ` (not: ${bad.map((b) => JSON.stringify(b)).join(', ')})` : ''}`,
        });
        return z.NEVER;
      }
      return [...new Set(parts)] as Array<T[number]>;
    }),
    { type: 'string', description: `comma-separated, any of: ${values.join(', ')}`, examples: [values.slice(0, 2).join(',')] },
  );
}

/** `?market=us,fr,de`: known market codes (upper case accepted); an unknown code is refused, not matched to nothing. */
export const marketsParam = documented(
  z.string().transform((s, ctx): string[] => {
    const parts = s.split(',').map((p) => p.trim().toLowerCase());
    if (parts.some((p) => !/^[a-z]{2}$/.test(p)) || parts.length > 50) {
      ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of two-letter market codes, any of: ${KNOWN_MARKETS.join(', ')}` });
      return z.NEVER;
    }
    const unknown = parts.filter((p) => !KNOWN_MARKETS.includes(p));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown market code ${unknown.map((u) => JSON.stringify(u)).join(', ')}; known codes: ${KNOWN_MARKETS.join(', ')}`,
      });
      return z.NEVER;
    }
    return [...new Set(parts)];
  }),
  {
    type: 'string',
    description: `comma-separated market codes, any of: ${KNOWN_MARKETS.join(', ')} (an unknown code is a 400)`,
    examples: ['us,fr,de'],
  },
);

export const directionParam = z.enum(DIRECTIONS, { error: `must be one of ${DIRECTIONS.join(', ')}` });
export const orderParam = z.enum(['asc', 'desc'], { error: 'must be asc or desc' });
export const naturesParam = csvEnumParam(NATURES, true);
export const rolesParam = csvEnumParam(ROLES, true);

/** Free text for name search: trimmed, 2–100 characters. */
export const searchTextParam = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(2, 'must be at least 2 characters').max(100, 'must be at most 100 characters'));

export const ISIN_PATTERN = /^[A-Z]{2}[A-Z0-9]{9}\d$/;
export const isinParam = documented(
  z.string().transform((s) => s.trim().toUpperCase()).pipe(z.string().regex(ISIN_PATTERN, 'must be a 12-character ISIN such as US0378331005')),
  { type: 'string', pattern: ISIN_PATTERN.source, examples: ['US0378331005'] },
);
export const tickerParam = documented(
  z.string().transform((s) => s.trim().toUpperCase()).pipe(z.string().regex(/^[A-Z0-9][A-Z0-9.\-/]{0,19}$/, 'must be a ticker symbol such as AAPL or BRK.B')),
  { type: 'string', examples: ['AAPL'] },
);

export const slugParam = z.string().regex(/^[a-z0-9][a-z0-9-]{0,119}$/, 'must be a slug (lower-case letters, digits and dashes)');
export const declarationIdParam = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[A-Z0-9_]+:\S+$/, 'must be a declaration id such as SEC:0001127602-25-009876');

export const paginationParams = {
  limit: intParam(1, 200).default(50).describe('page size, 1–200'),
  offset: intParam(0, 1_000_000).default(0).describe('items to skip, ≥ 0'),
};
