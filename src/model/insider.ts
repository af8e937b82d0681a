import { z } from 'zod';
import { RoleSchema } from './enums.js';

/**
 * A reporting person as one document names them. `externalId` is the regulator's own person id
 * (SEC reporting-owner CIK…) and is the only thing that merges two mentions across issuers;
 * without it, a person is matched by normalized name within one issuer only.
 */
export const InsiderRefSchema = z.object({
  name: z.string().min(1),
  externalId: z.string().min(1).nullable(),
  /** Which id space `externalId` lives in, e.g. `SEC_CIK`. */
  externalIdScheme: z.string().min(1).nullable(),
  isEntity: z.boolean().nullable(),
});
export type InsiderRef = z.infer<typeof InsiderRefSchema>;

/** The person's relationship to the issuer as of this declaration. */
export const InsiderRoleSchema = z.object({
  role: RoleSchema,
  roleRaw: z.string().nullable(),
  isDirector: z.boolean(),
  isOfficer: z.boolean(),
  isTenPctOwner: z.boolean(),
  isCloselyAssociated: z.boolean(),
});
export type InsiderRole = z.infer<typeof InsiderRoleSchema>;

export const CoReporterSchema = z.object({
  name: z.string().min(1),
  externalId: z.string().nullable(),
  role: RoleSchema,
  roleRaw: z.string().nullable(),
});
export type CoReporter = z.infer<typeof CoReporterSchema>;

export const InsiderSchema = z.object({
  slug: z.string().min(1),
  name: z.string().min(1),
  externalId: z.string().nullable(),
  externalIdScheme: z.string().nullable(),
  isEntity: z.boolean().nullable(),
});
export type Insider = z.infer<typeof InsiderSchema>;
