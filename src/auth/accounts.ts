import type { Db } from '../db/knex.js';
import { createApiKey } from './keys.js';
import { DEFAULT_PLAN, PLANS, isPlanName, PLAN_NAMES } from './plans.js';

export interface Account {
  id: number;
  name: string;
  email: string | null;
  plan: string;
  dailyQuota: number;
  burstPerSecond: number;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface NewAccount {
  name: string;
  email?: string | null;
  plan?: string;
  /** Overrides of the plan's numbers for this account. */
  dailyQuota?: number;
  burstPerSecond?: number;
}

interface AccountRow {
  id: number;
  name: string;
  email: string | null;
  plan: string;
  daily_quota: number;
  burst_per_second: number;
  created_at: Date;
  disabled_at: Date | null;
}

function toAccount(r: AccountRow): Account {
  return {
    id: Number(r.id),
    name: r.name,
    email: r.email,
    plan: r.plan,
    dailyQuota: r.daily_quota,
    burstPerSecond: r.burst_per_second,
    createdAt: r.created_at,
    disabledAt: r.disabled_at,
  };
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 2_000_000_000) {
    throw new Error(`${what} must be a whole number between 1 and 2000000000 (got ${value})`);
  }
  return value;
}

export async function createAccount(db: Db, input: NewAccount): Promise<Account> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw new Error('an account name must be 1 to 200 characters');
  const plan = input.plan ?? DEFAULT_PLAN;
  if (!isPlanName(plan)) throw new Error(`unknown plan "${plan}"; plans: ${PLAN_NAMES.join(', ')}`);
  const [row] = await db('accounts')
    .insert({
      name,
      email: input.email ?? null,
      plan,
      daily_quota: positiveInteger(input.dailyQuota ?? PLANS[plan].dailyQuota, 'the daily quota'),
      burst_per_second: positiveInteger(input.burstPerSecond ?? PLANS[plan].burstPerSecond, 'the burst limit'),
    })
    .returning('*');
  return toAccount(row as AccountRow);
}

export async function listAccounts(db: Db): Promise<Account[]> {
  const rows = (await db('accounts').orderBy('id')) as AccountRow[];
  return rows.map(toAccount);
}

export async function getAccount(db: Db, id: number): Promise<Account | null> {
  const row = (await db('accounts').where({ id }).first()) as AccountRow | undefined;
  return row ? toAccount(row) : null;
}

/** Serializes first-account creation between processes starting at the same time. */
const FIRST_ACCOUNT_LOCK = 0x5167_0001;

/**
 * On an empty database, creates a first account and one key, and returns the key's plaintext
 * (shown once by `npm start`). Otherwise returns the oldest account and no key.
 */
export async function ensureFirstAccount(db: Db): Promise<{ accountId: number; key: string | null }> {
  const created = await db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [FIRST_ACCOUNT_LOCK]);
    const existing = await trx('accounts').orderBy('id').first('id');
    if (existing) return { accountId: Number(existing.id), fresh: false };
    const account = await createAccount(trx, { name: 'default', plan: DEFAULT_PLAN });
    return { accountId: account.id, fresh: true };
  });
  if (!created.fresh) return { accountId: created.accountId, key: null };
  const key = await createApiKey(db, created.accountId, 'first key');
  return { accountId: created.accountId, key: key.key };
}
