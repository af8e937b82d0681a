import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Watermarks tie every sandbox response to the client and the UTC day it was served, so data
 * that resurfaces elsewhere can be traced. The value is AES-256-GCM-sealed with a key only the
 * operator holds: to anyone else it is opaque and unforgeable, and a fresh IV makes every
 * watermark different, so two responses cannot be linked by comparing them.
 *
 *   w1.<base64url(iv 12 bytes | ciphertext of fingerprint hash 16 bytes + day 4 bytes | tag 16)>
 */
const PREFIX = 'w1.';
const AAD = Buffer.from('sigma-sandbox-watermark-v1');
const FINGERPRINT_BYTES = 16;
const DAY_MS = 86_400_000;

export interface WatermarkContents {
  fingerprintHash: string;
  /** UTC day the response was served, YYYY-MM-DD. */
  day: string;
}

export class WatermarkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatermarkError';
  }
}

export function createWatermark(watermarkKey: Buffer, fingerprintHash: string, at: Date): string {
  const fingerprint = Buffer.from(fingerprintHash, 'base64url');
  if (fingerprint.length !== FINGERPRINT_BYTES) throw new RangeError('a fingerprint hash is 16 bytes of base64url');
  const plaintext = Buffer.alloc(FINGERPRINT_BYTES + 4);
  fingerprint.copy(plaintext);
  plaintext.writeUInt32BE(Math.floor(at.getTime() / DAY_MS), FINGERPRINT_BYTES);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', watermarkKey, iv);
  cipher.setAAD(AAD);
  const sealed = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return PREFIX + sealed.toString('base64url');
}

export function readWatermark(watermarkKey: Buffer, watermark: string): WatermarkContents {
  const text = watermark.trim();
  if (!text.startsWith(PREFIX) || !/^[A-Za-z0-9_-]+$/.test(text.slice(PREFIX.length))) {
    throw new WatermarkError('not a Sigma sandbox watermark (expected "w1." followed by base64url)');
  }
  const sealed = Buffer.from(text.slice(PREFIX.length), 'base64url');
  if (sealed.length !== 12 + FINGERPRINT_BYTES + 4 + 16) {
    throw new WatermarkError('the watermark has the wrong length; was it copied completely?');
  }
  const decipher = createDecipheriv('aes-256-gcm', watermarkKey, sealed.subarray(0, 12));
  decipher.setAAD(AAD);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  let plaintext: Buffer;
  try {
    plaintext = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  } catch {
    throw new WatermarkError(
      'the watermark does not decrypt with this server\'s key: it was altered, or issued under another SIGMA_SANDBOX_HMAC_KEY',
    );
  }
  const day = new Date(plaintext.readUInt32BE(FINGERPRINT_BYTES) * DAY_MS).toISOString().slice(0, 10);
  return { fingerprintHash: plaintext.subarray(0, FINGERPRINT_BYTES).toString('base64url'), day };
}
