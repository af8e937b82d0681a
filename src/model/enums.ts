import { z } from 'zod';

/** What a line or a declaration economically is, across every regulator's own vocabulary. */
export const NATURES = [
  'BUY',
  'SELL',
  'EXERCISE',
  'AWARD',
  'GIFT',
  'TAX_WITHHOLDING',
  'CONVERSION',
  'INHERITANCE',
  'OTHER',
] as const;
export const NatureSchema = z.enum(NATURES);
export type Nature = z.infer<typeof NatureSchema>;

export const DIRECTIONS = ['BUY', 'SELL'] as const;
export const DirectionSchema = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof DirectionSchema>;

/** The common insider roles every regulator's titles are normalized onto. */
export const ROLES = [
  'CEO',
  'CFO',
  'CHAIR',
  'OTHER_OFFICER',
  'DIRECTOR',
  'TEN_PCT_OWNER',
  'CLOSELY_ASSOCIATED',
  'OTHER',
] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** ISO 3166-1 alpha-2 in lower case, as used in the `market` filter (us, fr, de, uk, …). */
export const MarketSchema = z.string().regex(/^[a-z]{2}$/, 'a two-letter lower-case market code');
export type Market = z.infer<typeof MarketSchema>;

export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date');
export const IsoTimestampSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'an ISO 8601 UTC timestamp with milliseconds');

export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code');
