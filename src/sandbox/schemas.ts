import { z } from 'zod';
import { ChallengeHeaderSchema, MAX_DIFFICULTY_BITS, POW_ALGORITHM, SolutionHeaderSchema } from './challenge.js';

/**
 * The sandbox's own request and response shapes. The same schemas validate calls (the proof
 * headers in challenge.ts, the challenge's query here) and generate the sandbox's part of the
 * OpenAPI document (openapi.ts).
 */

/** POST /challenge takes no parameters; an unknown one is a 400 like anywhere in the API. */
export const ChallengeQuery = z.strictObject({});

export const CaptchaTokenHeaderSchema = z
  .string()
  .min(1)
  .describe('The captcha token, needed when the challenge offer had a non-null `captcha` (escalated calls with a captcha configured)');

/** The headers a sandboxed read route takes instead of an API key. */
export const PROOF_HEADERS = [
  { name: 'X-Sandbox-POW-Challenge', schema: ChallengeHeaderSchema, required: true },
  { name: 'X-Sandbox-POW-Solution', schema: SolutionHeaderSchema, required: true },
  { name: 'X-Sandbox-Captcha-Token', schema: CaptchaTokenHeaderSchema, required: false },
] as const;

export const QuotaSchema = z.object({
  limit: z.number().int().describe('calls allowed in any 24 hours (fewer for bot User-Agents)'),
  used: z.number().int().describe('calls counted in the last 24 hours'),
  remaining: z.number().int(),
  resetAt: z.string().nullable().describe('when the oldest counted call leaves the window (ISO 8601); null when none is counted'),
});

export const ChallengeOfferSchema = z.object({
  challenge: z.string().describe('send it verbatim in X-Sandbox-POW-Challenge'),
  difficulty: z.number().int().min(1).max(MAX_DIFFICULTY_BITS).describe('leading zero bits the proof needs (16 = four hex zeros)'),
  expiresAt: z.string().describe('ISO 8601; the challenge is refused after it'),
  algorithm: z.literal(POW_ALGORITHM),
  quota: QuotaSchema,
  captcha: z
    .object({ provider: z.string(), siteKey: z.string().nullable() })
    .nullable()
    .describe('non-null when the next call also needs a captcha token (X-Sandbox-Captcha-Token)'),
});
