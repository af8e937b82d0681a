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

function admissionOf(r: AdmitRow): Admission {
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

/**
 * Admits requests by key hash, in one round trip: one request through sigma_api_admit, several
 * through sigma_api_admit_batch (the same outcomes, had they arrived grouped by key in key order).
 * A lone request takes the single-request function: it costs PostgreSQL a third less.
 */
export async function admitKeyHashes(db: Db, keyHashes: readonly string[], enabledSources: readonly string[], at: Date | null = null): Promise<Admission[]> {
  if (keyHashes.length === 1 && at === null) {
    const rows = await queryPrepared<AdmitRow>(db, db.raw('select * from sigma_api_admit(?, ?)', [keyHashes[0]!, [...enabledSources]]));
    return [admissionOf(rows[0]!)];
  }
  const rows = await queryPrepared<AdmitRow>(
    db,
    db.raw('select * from sigma_api_admit_batch(?::text[], ?::text[], ?::timestamptz)', [[...keyHashes], [...enabledSources], at]),
  );
  return rows.map(admissionOf);
}

interface Waiting {
  keyHash: string;
  resolve: (admission: Admission) => void;
  reject: (error: unknown) => void;
}

/** Calls one API process keeps open at once; what arrives meanwhile waits for the next call. */
const CALLS_IN_FLIGHT = 2;
/** Requests per call at most (one call's parameters and rows stay small). */
const MAX_BATCH = 256;

/**
 * One API process's admissions. A request arriving while this process already has its calls in
 * flight waits for one of them to return and goes with everything else that arrived meanwhile,
 * in one call: under load a few calls count many requests, instead of every request upserting the
 * same three rows on its own connection and waiting for the others' locks. An idle process sends
 * each request at once, so a lone request waits for nothing.
 */
export class AdmissionQueue {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Db,
    private readonly enabledSources: readonly string[],
  ) {}

  admit(key: string): Promise<Admission> {
    return new Promise<Admission>((resolve, reject) => {
      this.waiting.push({ keyHash: hashApiKey(key), resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.inFlight < CALLS_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.dispatch();
      });
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    try {
      const admissions = await admitKeyHashes(this.db, batch.map((w) => w.keyHash), this.enabledSources);
      if (admissions.length !== batch.length) throw new Error(`admission returned ${admissions.length} rows for ${batch.length} requests`);
      batch.forEach((w, i) => w.resolve(admissions[i]!));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
