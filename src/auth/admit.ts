import type { Db } from '../db/knex.js';
import { queryPrepared } from '../db/prepared.js';
import { hashApiKey } from './keys.js';

export type AdmitOutcome = 'ok' | 'invalid' | 'burst' | 'quota';

export interface Admission {
  outcome: AdmitOutcome;
  keyId: number | null;
  accountId: number | null;
  dailyQuota: number | null;
  burstPerSecond: number | null;
  /** The account's requests counted today (UTC), this one included when admitted. */
  usedToday: number | null;
  /** Requests seen for this key in the current one-second window, this one included. */
  burstUsed: number | null;
  /** The database clock when the request was counted: limits follow one clock for all processes. */
  checkedAt: Date;
  /** meta.dataFreshness as JSON text (admitted requests only). */
  dataFreshness: string | null;
}

interface AdmitRow {
  outcome: AdmitOutcome;
  key_id: number | null;
  account_id: number | null;
  daily_quota: number | null;
  burst_per_second: number | null;
  used_today: number | null;
  burst_used: number | null;
  checked_at: Date;
  data_freshness: string | null;
}

/** Authenticates a well-formed key and counts the request against its limits in one round trip. */
export async function admitRequest(db: Db, key: string, enabledSources: readonly string[]): Promise<Admission> {
  const [r] = (await queryPrepared<AdmitRow>(db, db.raw('select * from sigma_api_admit(?, ?)', [hashApiKey(key), [...enabledSources]]))) as [AdmitRow];
  return {
    outcome: r.outcome,
    keyId: r.key_id === null ? null : Number(r.key_id),
    accountId: r.account_id === null ? null : Number(r.account_id),
    dailyQuota: r.daily_quota,
    burstPerSecond: r.burst_per_second,
    usedToday: r.used_today === null ? null : Number(r.used_today),
    burstUsed: r.burst_used,
    checkedAt: r.checked_at,
    dataFreshness: r.data_freshness,
  };
}
