import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveSandboxKeys } from '../../../src/sandbox/keys.js';
import { createWatermark, readWatermark, WatermarkError } from '../../../src/sandbox/watermark.js';

const keys = deriveSandboxKeys(Buffer.from('a'.repeat(40)));
const fingerprint = randomBytes(16).toString('base64url');

describe('watermark', () => {
  it('round-trips the fingerprint hash and the UTC day', () => {
    const mark = createWatermark(keys.watermark, fingerprint, new Date('2026-11-22T23:59:59.999Z'));
    expect(mark).toMatch(/^w1\.[\w-]{64}$/);
    expect(readWatermark(keys.watermark, mark)).toEqual({ fingerprintHash: fingerprint, day: '2026-11-22' });
    const nextDay = createWatermark(keys.watermark, fingerprint, new Date('2026-11-23T00:00:00.000Z'));
    expect(readWatermark(keys.watermark, nextDay).day).toBe('2026-11-23');
  });

  it('is opaque: different every time and without the fingerprint in clear', () => {
    const at = new Date('2026-11-22T12:00:00Z');
    const a = createWatermark(keys.watermark, fingerprint, at);
    const b = createWatermark(keys.watermark, fingerprint, at);
    expect(a).not.toBe(b);
    expect(a).not.toContain(fingerprint);
    expect(Buffer.from(a.slice(3), 'base64url').includes(Buffer.from(fingerprint, 'base64url'))).toBe(false);
  });

  it('cannot be read with another key or after tampering', () => {
    const mark = createWatermark(keys.watermark, fingerprint, new Date());
    const other = deriveSandboxKeys(Buffer.from('b'.repeat(40)));
    expect(() => readWatermark(other.watermark, mark)).toThrow(WatermarkError);
    const flipped = mark.slice(0, 20) + (mark[20] === 'A' ? 'B' : 'A') + mark.slice(21);
    expect(() => readWatermark(keys.watermark, flipped)).toThrow(/does not decrypt/);
    expect(() => readWatermark(keys.watermark, 'hello')).toThrow(/not a Sigma sandbox watermark/);
    expect(() => readWatermark(keys.watermark, mark.slice(0, -4))).toThrow(/wrong length/);
  });

  it('derives distinct keys per purpose, deterministically', () => {
    const again = deriveSandboxKeys(Buffer.from('a'.repeat(40)));
    expect(again.watermark.equals(keys.watermark)).toBe(true);
    expect(keys.signing.equals(keys.watermark)).toBe(false);
    expect(keys.signing.equals(keys.fingerprint)).toBe(false);
  });
});
