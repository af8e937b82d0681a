import { z } from 'zod';
import { CurrencySchema, IsoDateSchema, MarketSchema } from './enums.js';

/** Identifiers an adapter knows for an issuer; entity resolution matches on them (never on name alone). */
export const CompanyIdentifiersSchema = z.object({
  cik: z.string().regex(/^\d{10}$/).nullable(),
  isin: z.string().regex(/^[A-Z]{2}[A-Z0-9]{9}\d$/).nullable(),
  lei: z.string().regex(/^[A-Z0-9]{18}\d{2}$/).nullable(),
  /** A regulator's own issuer id that is neither CIK, ISIN nor LEI (e.g. the AMF `jeton`), prefixed by source. */
  sourceCompanyId: z.string().min(3).nullable(),
});
export type CompanyIdentifiers = z.infer<typeof CompanyIdentifiersSchema>;

/** What an adapter reports about an issuer in one document. */
export const CompanyRefSchema = CompanyIdentifiersSchema.extend({
  name: z.string().min(1),
  ticker: z.string().min(1).nullable(),
  exchange: z.string().min(1).nullable(),
  market: MarketSchema,
});
export type CompanyRef = z.infer<typeof CompanyRefSchema>;

/** A stored company, as the API shows it. */
export const CompanySchema = CompanyRefSchema.extend({
  slug: z.string().min(1),
  yahooSymbol: z.string().nullable(),
  currency: CurrencySchema.nullable(),
  marketCap: z.number().nullable(),
  marketCapCurrency: CurrencySchema.nullable(),
  marketCapEur: z.number().nullable(),
  marketCapAsOf: IsoDateSchema.nullable(),
});
export type Company = z.infer<typeof CompanySchema>;
