import { z } from 'zod';
import { CurrencySchema, IsoDateSchema } from './enums.js';

/** One daily bar of one Yahoo symbol; `adjClose` is split- and dividend-adjusted. */
export const PriceSchema = z.object({
  symbol: z.string().min(1),
  date: IsoDateSchema,
  open: z.number().nullable(),
  high: z.number().nullable(),
  low: z.number().nullable(),
  close: z.number().nullable(),
  adjClose: z.number().nullable(),
  volume: z.number().nullable(),
  currency: CurrencySchema.nullable(),
});
export type Price = z.infer<typeof PriceSchema>;

/** A daily FX rate: 1 unit of `base` = `rate` units of `quote`. */
export const FxRateSchema = z.object({
  base: CurrencySchema,
  quote: CurrencySchema,
  date: IsoDateSchema,
  rate: z.number().positive(),
});
export type FxRate = z.infer<typeof FxRateSchema>;
