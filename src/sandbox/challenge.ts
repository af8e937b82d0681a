import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { sandboxErrors } from './errors.js';

/**
 * Self-verifying proof-of-work challenges. A challenge is a printable string
 *
 *   s1.<id>.<issuedAt>.<expiresAt>.<difficulty>.<fingerprintHash>.<signature>
 *
 * (times in Unix seconds, id and hashes base64url) signed with HMAC-SHA256, so any API process
 * can verify it without shared state; only the "used once" rule needs the database. The client
 * must find a nonce such that sha256(challenge + ':' + nonce) starts with `difficulty` zero bits.
 */
export const CHALLENGE_VERSION = 's1';
export const POW_ALGORITHM = 'sha256';
export const MAX_DIFFICULTY_BITS = 32;

/**
 * The shapes of the two proof headers. They validate every sandbox call (parseChallenge,
 * verifyProof) and generate the headers' entries in the OpenAPI document.
 */
export const ChallengeHeaderSchema = z
  .string()
  .max(512)
  .regex(new RegExp(`^${CHALLENGE_VERSION}\\.[A-Za-z0-9_-]+\\.\\d{1,12}\\.\\d{1,12}\\.\\d{1,2}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`))
  .describe('The `challenge` string returned by POST /api/v1/sandbox/challenge, verbatim (single use, bound to your IP and User-Agent)');
export const SolutionHeaderSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/)
  .describe("A nonce (1–64 of A-Z a-z 0-9 . _ -) such that sha256(challenge + ':' + nonce), hex, starts with `difficulty` zero bits");

export interface ChallengeClaims {
  id: string;
  issuedAt: Date;
  expiresAt: Date;
  difficulty: number;
  fingerprintHash: string;
}

export interface IssuedChallenge extends ChallengeClaims {
  challenge: string;
}

function sign(signingKey: Buffer, body: string): string {
  return createHmac('sha256', signingKey).update(body).digest('base64url');
}

export function issueChallenge(
  signingKey: Buffer,
  input: { fingerprintHash: string; difficulty: number; now: Date; ttlSeconds: number },
): IssuedChallenge {
  if (!Number.isInteger(input.difficulty) || input.difficulty < 1 || input.difficulty > MAX_DIFFICULTY_BITS) {
    throw new RangeError(`difficulty must be an integer from 1 to ${MAX_DIFFICULTY_BITS} bits`);
  }
  const id = randomBytes(16).toString('base64url');
  const issuedAtSeconds = Math.floor(input.now.getTime() / 1000);
  const expiresAtSeconds = issuedAtSeconds + input.ttlSeconds;
  const body = [CHALLENGE_VERSION, id, issuedAtSeconds, expiresAtSeconds, input.difficulty, input.fingerprintHash].join('.');
  return {
    challenge: `${body}.${sign(signingKey, body)}`,
    id,
    issuedAt: new Date(issuedAtSeconds * 1000),
    expiresAt: new Date(expiresAtSeconds * 1000),
    difficulty: input.difficulty,
    fingerprintHash: input.fingerprintHash,
  };
}

/** The claims of a well-formed challenge (signature NOT checked), or null when malformed. */
export function parseChallenge(text: string): (ChallengeClaims & { body: string; signature: string }) | null {
  if (!ChallengeHeaderSchema.safeParse(text).success) return null;
  const parts = text.split('.');
  const [, id, issuedAt, expiresAt, difficulty, fingerprintHash, signature] = parts as [
    string, string, string, string, string, string, string,
  ];
  const bits = Number(difficulty);
  if (bits < 1 || bits > MAX_DIFFICULTY_BITS) return null;
  return {
    id,
    issuedAt: new Date(Number(issuedAt) * 1000),
    expiresAt: new Date(Number(expiresAt) * 1000),
    difficulty: bits,
    fingerprintHash,
    body: parts.slice(0, 6).join('.'),
    signature,
  };
}

/** Number of leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function powDigest(challenge: string, nonce: string): Buffer {
  return createHash('sha256').update(`${challenge}:${nonce}`, 'utf8').digest();
}

export function meetsDifficulty(challenge: string, nonce: string, difficulty: number): boolean {
  return leadingZeroBits(powDigest(challenge, nonce)) >= difficulty;
}

/**
 * Checks everything that needs no database, cheapest and most telling first: shape, signature,
 * expiry, fingerprint binding, then the work itself. Throws the matching SandboxError.
 */
export function verifyProof(
  signingKey: Buffer,
  input: { challenge: string; solution: string; fingerprintHash: string; now: Date },
): ChallengeClaims {
  const claims = parseChallenge(input.challenge.trim());
  if (!claims) throw sandboxErrors.challengeMalformed();
  if (!SolutionHeaderSchema.safeParse(input.solution).success) throw sandboxErrors.solutionMalformed();
  const expected = Buffer.from(sign(signingKey, claims.body));
  const given = Buffer.from(claims.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw sandboxErrors.signatureInvalid();
  if (input.now.getTime() >= claims.expiresAt.getTime()) throw sandboxErrors.challengeExpired(claims.expiresAt);
  const boundTo = Buffer.from(claims.fingerprintHash);
  const caller = Buffer.from(input.fingerprintHash);
  if (boundTo.length !== caller.length || !timingSafeEqual(boundTo, caller)) throw sandboxErrors.fingerprintMismatch();
  if (!meetsDifficulty(input.challenge.trim(), input.solution, claims.difficulty)) {
    throw sandboxErrors.solutionIncorrect(claims.difficulty);
  }
  const { body: _body, signature: _signature, ...rest } = claims;
  return rest;
}

/** Brute-forces a nonce (decimal counter), as the browser worker does; for tests and benchmarks. */
export function solveChallenge(challenge: string, difficulty: number, start = 0): string {
  for (let nonce = start; ; nonce += 1) {
    const candidate = String(nonce);
    if (meetsDifficulty(challenge, candidate, difficulty)) return candidate;
  }
}
