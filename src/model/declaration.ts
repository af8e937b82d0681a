import { z } from 'zod';
import { CompanyRefSchema } from './company.js';
import {
  CurrencySchema,
  DirectionSchema,
  IsoDateSchema,
  IsoTimestampSchema,
  MarketSchema,
  NatureSchema,
  RoleSchema,
} from './enums.js';
import { CoReporterSchema, InsiderRefSchema, InsiderRoleSchema } from './insider.js';

/** Derivative-only facts of a line (option strike, expiry, underlying), null on plain shares. */
export const DerivativeDetailsSchema = z.object({
  conversionOrExercisePrice: z.number().nullable(),
  exerciseDate: IsoDateSchema.nullable(),
  expirationDate: IsoDateSchema.nullable(),
  underlyingSecurityTitle: z.string().nullable(),
  underlyingShares: z.number().nullable(),
});
export type DerivativeDetails = z.infer<typeof DerivativeDetailsSchema>;

/**
 * One row of a declaration: a transaction, or a holding reported without a transaction
 * (`kind: 'holding'`, `code` and `nature` null). `code` is the regulator's own code or wording.
 */
export const LineSchema = z.object({
  line: z.number().int().positive(),
  kind: z.enum(['transaction', 'holding']),
  code: z.string().nullable(),
  nature: NatureSchema.nullable(),
  securityTitle: z.string().nullable(),
  isin: z.string().nullable(),
  isDerivative: z.boolean(),
  transactionDate: IsoDateSchema.nullable(),
  shares: z.number().nullable(),
  /** Unit price as reported; null when the filing gives none (never 0 by default, never invented). */
  price: z.number().nullable(),
  /** shares × price when both are known, else the amount the filing states, else null. */
  amount: z.number().nullable(),
  currency: CurrencySchema.nullable(),
  acquiredDisposed: z.enum(['A', 'D']).nullable(),
  sharesOwnedAfter: z.number().nullable(),
  directIndirect: z.enum(['D', 'I']).nullable(),
  natureOfOwnership: z.string().nullable(),
  venue: z.string().nullable(),
  /** Footnote texts attached to this row or to any of its fields. */
  footnotes: z.array(z.string()),
  /** Which field each footnote was attached to (`price`, `shares`, `row`…), parallel to the ids. */
  footnoteRefs: z.array(z.object({ id: z.string(), field: z.string() })),
  derivative: DerivativeDetailsSchema.nullable(),
});
export type Line = z.infer<typeof LineSchema>;

/** How `isPlanned` was decided, so an auditor can see which evidence set it. */
export const PlannedEvidenceSchema = z.enum(['checkbox', 'footnote', 'programme_flag', 'text']);
export type PlannedEvidence = z.infer<typeof PlannedEvidenceSchema>;

export const ReportingPersonSchema = InsiderRefSchema.merge(InsiderRoleSchema);
export type ReportingPerson = z.infer<typeof ReportingPersonSchema>;

export const DraftCoReporterSchema = InsiderRefSchema.extend({
  role: RoleSchema,
  roleRaw: z.string().nullable(),
});
export type DraftCoReporter = z.infer<typeof DraftCoReporterSchema>;

/**
 * What an adapter's `normalize` produces for one published declaration: the common model before
 * storage assigns slugs, FX conversions and timestamps.
 */
export const DeclarationDraftSchema = z.object({
  id: z.string().regex(/^[A-Z0-9_]+:.+$/, 'SOURCE:<source id>'),
  source: z.string().regex(/^[a-z0-9_]+$/),
  sourceId: z.string().min(1),
  market: MarketSchema,
  regulator: z.string().min(1),
  /** The regulator's own form name: `4`, `4/A`, `3`, `5`, `DD`, `MAR19`… */
  formType: z.string().min(1),
  filingUrl: z.string().url().nullable(),
  pubDate: IsoTimestampSchema,
  isAmendment: z.boolean(),
  /**
   * Amendment linkage without an original id: an original publishes `linkKey`, an amendment names
   * the original's key in `amendsKey` (SEC: issuer + owner + form + date of original submission).
   */
  linkKey: z.string().nullable(),
  amendsKey: z.string().nullable(),
  /** When the regulator does name the original (some do), its declaration id. */
  amendsId: z.string().nullable(),
  isPlanned: z.boolean().nullable(),
  plannedEvidence: PlannedEvidenceSchema.nullable(),
  company: CompanyRefSchema,
  insider: ReportingPersonSchema,
  coReporters: z.array(DraftCoReporterSchema),
  lines: z.array(LineSchema),
  /** Declaration-level text the filer attached (remarks, comments), verbatim. */
  remarks: z.string().nullable(),
  /** Every footnote of the document by id, verbatim. */
  footnotes: z.record(z.string(), z.string()),
  /** Source-specific facts worth keeping (schema version, period of report…): scalars only. */
  extras: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type DeclarationDraft = z.infer<typeof DeclarationDraftSchema>;

/** The summary over the lines of the declaration's direction (or over all lines when it has none). */
export const TransactionSummarySchema = z.object({
  nature: NatureSchema.nullable(),
  natureRaw: z.string().nullable(),
  instrument: z.string().nullable(),
  isin: z.string().nullable(),
  unitPrice: z.number().nullable(),
  volume: z.number().nullable(),
  totalAmount: z.number().nullable(),
  currency: CurrencySchema.nullable(),
  totalAmountEur: z.number().nullable(),
  totalAmountUsd: z.number().nullable(),
  venue: z.string().nullable(),
});
export type TransactionSummary = z.infer<typeof TransactionSummarySchema>;

export const SignalSummarySchema = z.object({
  score: z.number().nullable(),
  version: z.string(),
  isCluster: z.boolean(),
  clusterSize: z.number().int(),
  computedAt: IsoTimestampSchema,
});
export type SignalSummary = z.infer<typeof SignalSummarySchema>;

/** The declaration object of API.md. */
export const DeclarationSchema = z.object({
  id: z.string(),
  source: z.string(),
  market: MarketSchema,
  regulator: z.string(),
  formType: z.string(),
  filingUrl: z.string().nullable(),
  pubDate: IsoTimestampSchema,
  transactionDate: IsoDateSchema.nullable(),
  filingDelayDays: z.number().int().nullable(),
  direction: DirectionSchema.nullable(),
  isAmendment: z.boolean(),
  amends: z.string().nullable(),
  amendedBy: z.string().nullable(),
  isPlanned: z.boolean().nullable(),
  plannedEvidence: PlannedEvidenceSchema.nullable(),
  company: z.object({
    slug: z.string(),
    name: z.string(),
    isin: z.string().nullable(),
    ticker: z.string().nullable(),
    market: MarketSchema,
    marketCapEur: z.number().nullable(),
  }),
  insider: z.object({ slug: z.string(), name: z.string() }).merge(InsiderRoleSchema),
  coReporters: z.array(CoReporterSchema),
  transaction: TransactionSummarySchema,
  lines: z.array(LineSchema),
  signal: SignalSummarySchema.nullable(),
  remarks: z.string().nullable(),
  ingestedAt: IsoTimestampSchema,
  updatedAt: IsoTimestampSchema,
});
export type Declaration = z.infer<typeof DeclarationSchema>;
