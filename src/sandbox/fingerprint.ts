import { createHmac } from 'node:crypto';
import { subscriberKey } from './ip.js';

/** Longer User-Agents are cut, so a caller cannot make us hash megabytes per request. */
const MAX_USER_AGENT_LENGTH = 512;

export interface Fingerprint {
  /** Client address as resolved through the trusted proxies. */
  readonly ip: string;
  readonly userAgent: string;
  /** base64url of the first 16 bytes of HMAC(fingerprint key, subscriber key + UA). */
  readonly hash: string;
  /** The same for the address alone (IPv4, or IPv6 /64), shared by every browser behind it. */
  readonly addressHash: string;
  readonly isBot: boolean;
}

export function normalizeUserAgent(userAgent: string | undefined): string {
  return (userAgent ?? '').trim().slice(0, MAX_USER_AGENT_LENGTH);
}

/**
 * Keyed, so the hash reveals nothing to whoever sees it (it travels inside challenges and
 * watermarks) and cannot be precomputed for an address; the IPv6 /64 rule lives in subscriberKey.
 */
export function fingerprintHash(fingerprintKey: Buffer, ip: string, userAgent: string): string {
  return keyedHash(fingerprintKey, `${subscriberKey(ip)}\n${normalizeUserAgent(userAgent)}`);
}

export function addressHash(fingerprintKey: Buffer, ip: string): string {
  return keyedHash(fingerprintKey, `address\n${subscriberKey(ip)}`);
}

function keyedHash(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest().subarray(0, 16).toString('base64url');
}
