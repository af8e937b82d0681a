import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/knex.js';

export const KEY_PREFIX = 'sit_live_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_BODY_LENGTH = 32;
export const KEY_PATTERN = /^sit_live_[0-9A-Za-z]{32}$/;
/** How many characters of a key are kept in clear, so a user can tell their keys apart. */
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 4;
export const MAX_ACTIVE_KEYS_PER_ACCOUNT = 10;

/**
 * `sit_live_` + 32 base62 characters from the CSPRNG (≈190 bits). Bytes ≥ 248 are rejected so
 * every character is equally likely (248 = 4 × 62).
 */
export function generateApiKey(): string {
  let body = '';
  while (body.length < KEY_BODY_LENGTH) {
    for (const byte of randomBytes(48)) {
      if (byte >= 248) continue;
      body += BASE62[byte % 62];
      if (body.length === KEY_BODY_LENGTH) break;
    }
  }
  return KEY_PREFIX + body;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function isWellFormedApiKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

export class KeyLimitError extends Error {
  constructor(readonly accountId: number) {
    super(
      `account ${accountId} already has ${MAX_ACTIVE_KEYS_PER_ACCOUNT} active keys, the most allowed; ` +
        'revoke one (sigma keys revoke <id>) before creating another',
    );
    this.name = 'KeyLimitError';
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export interface CreatedKey {
  id: number;
  accountId: number;
  name: string;
  prefix: string;
  createdAt: Date;
  /** Shown once; only its SHA-256 is stored. */
  key: string;
}

/**
 * Creates a key for an account. The account row is locked so two concurrent creations cannot
 * both pass the active-key limit.
 */
export async function createApiKey(db: Db, accountId: number, name: string): Promise<CreatedKey> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw new Error('a key name must be 1 to 100 characters');
  return db.transaction(async (trx) => {
    const account = await trx('accounts').where({ id: accountId }).forUpdate().first('id');
    if (!account) throw new NotFoundError(`no account with id ${accountId}`);
    const [{ count }] = (await trx('api_keys')
      .where({ account_id: accountId })
      .whereNull('revoked_at')
      .count<{ count: string | number }[]>({ count: '*' })) as [{ count: string | number }];
    if (Number(count) >= MAX_ACTIVE_KEYS_PER_ACCOUNT) throw new KeyLimitError(accountId);
    const key = generateApiKey();
    const [row] = await trx('api_keys')
      .insert({
        account_id: accountId,
        name: trimmed,
        prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
        key_hash: hashApiKey(key),
      })
      .returning(['id', 'created_at']);
    return { id: Number(row.id), accountId, name: trimmed, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), createdAt: row.created_at, key };
  });
}

export interface KeySummary {
  id: number;
  accountId: number;
  accountName: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  requestsToday: number;
  requestsTotal: number;
}

interface KeyRow {
  id: number;
  account_id: number;
  account_name: string;
  name: string;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  total: string | number | null;
  today: string | number | null;
}

/** Every key ever issued (revoked ones included, as history), newest first. */
export async function listApiKeys(db: Db, filter: { accountId?: number } = {}): Promise<KeySummary[]> {
  const rows = await db('api_keys as k')
    .join('accounts as a', 'a.id', 'k.account_id')
    .leftJoin(
      db('api_key_usage')
        .select('key_id')
        .max({ last_used_at: 'last_used_at' })
        .sum({ total: 'requests' })
        .select(db.raw("coalesce(sum(requests) filter (where day = (now() at time zone 'UTC')::date), 0) as today"))
        .groupBy('key_id')
        .as('u'),
      'u.key_id',
      'k.id',
    )
    .modify((q) => {
      if (filter.accountId !== undefined) q.where('k.account_id', filter.accountId);
    })
    .orderBy('k.id', 'desc')
    .select(
      'k.id',
      'k.account_id',
      'a.name as account_name',
      'k.name',
      'k.prefix',
      'k.created_at',
      'k.revoked_at',
      'u.last_used_at',
      'u.total',
      'u.today',
    );
  return (rows as KeyRow[]).map((r) => ({
    id: Number(r.id),
    accountId: Number(r.account_id),
    accountName: r.account_name,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at ?? null,
    revokedAt: r.revoked_at ?? null,
    requestsToday: Number(r.today ?? 0),
    requestsTotal: Number(r.total ?? 0),
  }));
}

/** Revokes a key (kept in history). Returns false when it was already revoked. */
export async function revokeApiKey(db: Db, keyId: number): Promise<boolean> {
  const key = await db('api_keys').where({ id: keyId }).first('id');
  if (!key) throw new NotFoundError(`no API key with id ${keyId}`);
  const updated = await db('api_keys').where({ id: keyId }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
  return updated > 0;
}
