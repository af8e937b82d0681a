import { hkdfSync, randomBytes } from 'node:crypto';
import type { Db } from '../db/knex.js';

/**
 * The sandbox's secrets, all derived from one master key so an operator manages (and rotates)
 * a single value. Separate derived keys keep the uses apart: a signature can never be mistaken
 * for a fingerprint hash or a watermark key.
 */
export interface SandboxKeys {
  /** HMAC-SHA256 key signing challenges. */
  readonly signing: Buffer;
  /** HMAC-SHA256 key hashing (IP, User-Agent) into a fingerprint nobody else can reverse. */
  readonly fingerprint: Buffer;
  /** AES-256-GCM key sealing watermarks, so only the operator can read them. */
  readonly watermark: Buffer;
  readonly origin: 'config' | 'database';
}

const MASTER_SECRET_NAME = 'sandbox_hmac_key';
const SALT = Buffer.from('sigma-sandbox-v1');

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, SALT, purpose, 32));
}

export function deriveSandboxKeys(master: Buffer, origin: SandboxKeys['origin'] = 'config'): SandboxKeys {
  if (master.length < 16) throw new Error('the sandbox master key must be at least 16 bytes');
  return Object.freeze({
    signing: derive(master, 'challenge-signature'),
    fingerprint: derive(master, 'fingerprint-hash'),
    watermark: derive(master, 'watermark-encryption'),
    origin,
  });
}

/**
 * The configured SIGMA_SANDBOX_HMAC_KEY, or else the key generated on first start and kept in
 * the database, so every API process (and `sigma sandbox trace`) shares it without setup. The
 * insert races safely: whichever process writes first wins and everyone reads that row.
 */
export async function loadSandboxKeys(db: Db, configuredKey: string | undefined): Promise<SandboxKeys> {
  if (configuredKey) return deriveSandboxKeys(Buffer.from(configuredKey, 'utf8'), 'config');
  await db('sandbox_secrets')
    .insert({ name: MASTER_SECRET_NAME, secret: randomBytes(32) })
    .onConflict('name')
    .ignore();
  const row = (await db('sandbox_secrets').where({ name: MASTER_SECRET_NAME }).first('secret')) as
    | { secret: Buffer }
    | undefined;
  if (!row) throw new Error('the sandbox key could not be stored in sandbox_secrets');
  return deriveSandboxKeys(row.secret, 'database');
}
