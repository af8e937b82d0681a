import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  issueChallenge,
  leadingZeroBits,
  meetsDifficulty,
  parseChallenge,
  solveChallenge,
  verifyProof,
} from '../../../src/sandbox/challenge.js';
import { SandboxError } from '../../../src/sandbox/errors.js';

const key = randomBytes(32);
const fingerprint = 'AAAAAAAAAAAAAAAAAAAAAA';
const now = new Date('2026-11-22T10:00:00.000Z');

function issue(difficulty = 8, at = now) {
  return issueChallenge(key, { fingerprintHash: fingerprint, difficulty, now: at, ttlSeconds: 600 });
}

function refusal(fn: () => unknown): SandboxError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SandboxError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** A nonce whose digest has exactly `bits` leading zero bits. */
function nonceWithExactBits(challenge: string, bits: number): string {
  for (let n = 0; ; n += 1) {
    const digest = createHash('sha256').update(`${challenge}:${n}`).digest();
    if (leadingZeroBits(digest) === bits) return String(n);
  }
}

describe('leadingZeroBits', () => {
  it('counts whole zero bytes and the zeros of the first non-zero byte', () => {
    expect(leadingZeroBits(Uint8Array.from([0xff]))).toBe(0);
    expect(leadingZeroBits(Uint8Array.from([0x0f, 0xff]))).toBe(4);
    expect(leadingZeroBits(Uint8Array.from([0x00, 0x01]))).toBe(15);
    expect(leadingZeroBits(Uint8Array.from([0x00, 0x00, 0x80]))).toBe(16);
    expect(leadingZeroBits(Uint8Array.from([0x00, 0x00]))).toBe(16);
  });

  it('agrees with the "hex starts with zeros" rule on multiples of 4', () => {
    for (let n = 0; n < 2000; n += 1) {
      const digest = createHash('sha256').update(`x:${n}`).digest();
      const hexZeros = /^0*/.exec(digest.toString('hex'))![0].length;
      expect(Math.floor(leadingZeroBits(digest) / 4)).toBe(hexZeros);
    }
  });
});

describe('issue and verify', () => {
  it('issues a signed challenge carrying its claims, which a correct solution passes', () => {
    const issued = issue(12);
    expect(issued.challenge).toMatch(/^s1\.[\w-]{22}\.\d+\.\d+\.12\.[\w-]{22}\.[\w-]{43}$/);
    expect(issued.expiresAt.getTime() - issued.issuedAt.getTime()).toBe(600_000);
    const claims = parseChallenge(issued.challenge)!;
    expect(claims.fingerprintHash).toBe(fingerprint);
    const nonce = solveChallenge(issued.challenge, 12);
    const verified = verifyProof(key, { challenge: issued.challenge, solution: nonce, fingerprintHash: fingerprint, now });
    expect(verified).toMatchObject({ id: issued.id, difficulty: 12, fingerprintHash: fingerprint });
  });

  it('gives every challenge its own id', () => {
    expect(issue().id).not.toBe(issue().id);
  });

  it('refuses a bad signature: tampered difficulty, tampered signature, or another server key', () => {
    const issued = issue(8);
    const nonce = solveChallenge(issued.challenge, 8);
    const easier = issued.challenge.replace('.8.', '.1.');
    expect(refusal(() => verifyProof(key, { challenge: easier, solution: nonce, fingerprintHash: fingerprint, now })).code).toBe(
      'sandbox_challenge_signature_invalid',
    );
    const lastChar = issued.challenge.at(-1) === 'A' ? 'B' : 'A';
    const forged = issued.challenge.slice(0, -1) + lastChar;
    expect(refusal(() => verifyProof(key, { challenge: forged, solution: nonce, fingerprintHash: fingerprint, now })).code).toBe(
      'sandbox_challenge_signature_invalid',
    );
    const other = randomBytes(32);
    const error = refusal(() => verifyProof(other, { challenge: issued.challenge, solution: nonce, fingerprintHash: fingerprint, now }));
    expect(error.status).toBe(403);
    expect(error.code).toBe('sandbox_challenge_signature_invalid');
    expect(error.message).toMatch(/POST \/api\/v1\/sandbox\/challenge/);
  });

  it('refuses an expired challenge, from the exact expiry instant on', () => {
    const issued = issue(4);
    const nonce = solveChallenge(issued.challenge, 4);
    const justBefore = new Date(issued.expiresAt.getTime() - 1);
    expect(() => verifyProof(key, { challenge: issued.challenge, solution: nonce, fingerprintHash: fingerprint, now: justBefore })).not.toThrow();
    const error = refusal(() =>
      verifyProof(key, { challenge: issued.challenge, solution: nonce, fingerprintHash: fingerprint, now: issued.expiresAt }),
    );
    expect(error.code).toBe('sandbox_challenge_expired');
    expect(error.details).toEqual({ expiredAt: issued.expiresAt.toISOString() });
  });

  it('refuses a challenge issued to another fingerprint', () => {
    const issued = issue(4);
    const nonce = solveChallenge(issued.challenge, 4);
    const error = refusal(() =>
      verifyProof(key, { challenge: issued.challenge, solution: nonce, fingerprintHash: 'BBBBBBBBBBBBBBBBBBBBBB', now }),
    );
    expect(error.code).toBe('sandbox_fingerprint_mismatch');
  });

  it('refuses a solution with too few zero bits', () => {
    const issued = issue(12);
    const weak = nonceWithExactBits(issued.challenge, 3);
    const error = refusal(() => verifyProof(key, { challenge: issued.challenge, solution: weak, fingerprintHash: fingerprint, now }));
    expect(error.code).toBe('sandbox_solution_incorrect');
    expect(error.details).toEqual({ difficulty: 12 });
  });

  it('checks bits, not hex digits, for difficulties that are not multiples of 4', () => {
    const issued = issue(6);
    const six = nonceWithExactBits(issued.challenge, 6);
    const five = nonceWithExactBits(issued.challenge, 5);
    const four = nonceWithExactBits(issued.challenge, 4);
    expect(meetsDifficulty(issued.challenge, six, 6)).toBe(true);
    // One hex zero (4 bits) would satisfy a naive "difficulty/4 hex zeros" check; it must not pass.
    expect(meetsDifficulty(issued.challenge, four, 6)).toBe(false);
    expect(refusal(() => verifyProof(key, { challenge: issued.challenge, solution: five, fingerprintHash: fingerprint, now })).code).toBe(
      'sandbox_solution_incorrect',
    );
    expect(() => verifyProof(key, { challenge: issued.challenge, solution: six, fingerprintHash: fingerprint, now })).not.toThrow();
  });

  it('refuses malformed challenges and solutions with 400s', () => {
    const issued = issue(4);
    for (const bad of ['', 'hello', 's2' + issued.challenge.slice(2), issued.challenge + '.x', issued.challenge.replace('.4.', '.99.')]) {
      const error = refusal(() => verifyProof(key, { challenge: bad, solution: '1', fingerprintHash: fingerprint, now }));
      expect(error.code, bad).toBe('sandbox_challenge_malformed');
      expect(error.status).toBe(400);
    }
    for (const bad of ['', 'a b', 'x'.repeat(65), 'é']) {
      const error = refusal(() => verifyProof(key, { challenge: issued.challenge, solution: bad, fingerprintHash: fingerprint, now }));
      expect(error.code, bad).toBe('sandbox_solution_malformed');
    }
  });

  it('rejects difficulties outside 1–32 bits at issue', () => {
    expect(() => issue(0)).toThrow(RangeError);
    expect(() => issue(33)).toThrow(RangeError);
  });
});
