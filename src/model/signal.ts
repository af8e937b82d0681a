import { z } from 'zod';
import { DirectionSchema, IsoTimestampSchema } from './enums.js';

/** One factor of the composite score, with everything needed to audit it. */
export const FactorSchema = z.object({
  key: z.string(),
  label: z.string(),
  value: z.union([z.number(), z.string(), z.boolean(), z.null()]),
  points: z.number(),
  cap: z.number(),
  rationale: z.string(),
});
export type Factor = z.infer<typeof FactorSchema>;

export const SignalSchema = z.object({
  declarationId: z.string(),
  version: z.string(),
  direction: DirectionSchema.nullable(),
  score: z.number().min(0).max(100).nullable(),
  /** Why the score is null (no discretionary direction, …); null when scored. */
  nullReason: z.string().nullable(),
  factors: z.array(FactorSchema),
  isCluster: z.boolean(),
  clusterSize: z.number().int().nonnegative(),
  computedAt: IsoTimestampSchema,
});
export type Signal = z.infer<typeof SignalSchema>;
