import type { Db } from '../db/knex.js';
import { sandboxErrors } from './errors.js';

/** The cap is a sliding window: a call counts for exactly 24 hours after it was made. */
export const WINDOW_MS = 24 * 3_600_000;
/** Call rows outlive the window so `sigma sandbox trace` can still show what a watermark saw. */
export const CALL_LOG_RETENTION_DAYS = 30;

export interface UsageWindow {
  /** Calls accepted in the 24 hours before `now`. */
  used: number;
  /** When the oldest of those calls leaves the window (frees a slot); null when none. */
  nextSlotAt: Date | null;
}

/** A client's window and its network address's (all User-Agents behind that address together). */
export interface Usage {
  fingerprint: UsageWindow;
  address: UsageWindow;
}

export interface CallRecord {
  challengeId: string;
  fingerprintHash: string;
  addressHash: string;
  isBot: boolean;
  difficulty: number;
  route: string;
}

export interface LoggedCall {
  calledAt: Date;
  route: string;
  isBot: boolean;
  difficulty: number;
}

type Queryable = Pick<Db, 'raw'>;

async function usageAt(q: Queryable, who: { fingerprintHash: string; addressHash: string }, now: Date): Promise<Usage> {
  const { rows } = await q.raw<{
    rows: Array<{ used: number; oldest: Date | null; address_used: number; address_oldest: Date | null }>;
  }>(
    `select count(*) filter (where fingerprint_hash = ?)::int as used,
            min(called_at) filter (where fingerprint_hash = ?) as oldest,
            count(*)::int as address_used,
            min(called_at) as address_oldest
       from sandbox_calls
      where address_hash = ? and called_at > ? and called_at <= ?`,
    [who.fingerprintHash, who.fingerprintHash, who.addressHash, new Date(now.getTime() - WINDOW_MS), now],
  );
  const row = rows[0]!;
  const slot = (oldest: Date | null) => (oldest ? new Date(oldest.getTime() + WINDOW_MS) : null);
  return {
    fingerprint: { used: row.used, nextSlotAt: slot(row.oldest) },
    address: { used: row.address_used, nextSlotAt: slot(row.address_oldest) },
  };
}

/** Usage without locking, for choosing a challenge's difficulty (enforcement happens at admission). */
export function readUsage(db: Db, who: { fingerprintHash: string; addressHash: string }, now: Date): Promise<Usage> {
  return usageAt(db, who, now);
}

/**
 * Admits one call: in one transaction holding a per-address advisory lock (so concurrent requests
 * from one address, on any API process, are counted one after another), refuses a reused
 * challenge, lets `gate` refuse on the current usage (caps, escalation, captcha), then records
 * the call. The unique challenge_id is the last word on replays even across fingerprints.
 * Returns the usage including this call.
 */
export async function admitCall(
  db: Db,
  call: CallRecord,
  now: Date,
  gate: (usage: Usage) => Promise<void> | void,
): Promise<UsageWindow> {
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 7305))', [`sandbox:${call.addressHash}`]);
    const seen = await trx('sandbox_calls').where({ challenge_id: call.challengeId }).first('id');
    if (seen) throw sandboxErrors.challengeReplayed();
    const usage = await usageAt(trx, call, now);
    await gate(usage);
    const inserted = await trx('sandbox_calls')
      .insert({
        challenge_id: call.challengeId,
        fingerprint_hash: call.fingerprintHash,
        address_hash: call.addressHash,
        is_bot: call.isBot,
        difficulty: call.difficulty,
        route: call.route,
        called_at: now,
        expires_at: new Date(now.getTime() + CALL_LOG_RETENTION_DAYS * 86_400_000),
      })
      .onConflict('challenge_id')
      .ignore()
      .returning('id');
    if (inserted.length === 0) throw sandboxErrors.challengeReplayed();
    const mine = usage.fingerprint;
    return { used: mine.used + 1, nextSlotAt: mine.nextSlotAt ?? new Date(now.getTime() + WINDOW_MS) };
  });
}

export async function purgeExpiredCalls(db: Db, now: Date): Promise<number> {
  return db('sandbox_calls').where('expires_at', '<', now).delete();
}

/** The calls a fingerprint made on one UTC day (YYYY-MM-DD), oldest first, for tracing. */
export async function callsOnDay(db: Db, fingerprintHash: string, day: string): Promise<LoggedCall[]> {
  const start = new Date(`${day}T00:00:00.000Z`);
  const end = new Date(start.getTime() + 86_400_000);
  const rows = (await db('sandbox_calls')
    .where({ fingerprint_hash: fingerprintHash })
    .andWhere('called_at', '>=', start)
    .andWhere('called_at', '<', end)
    .orderBy('called_at')
    .select('called_at', 'route', 'is_bot', 'difficulty')) as Array<{
    called_at: Date;
    route: string;
    is_bot: boolean;
    difficulty: number;
  }>;
  return rows.map((r) => ({ calledAt: r.called_at, route: r.route, isBot: r.is_bot, difficulty: r.difficulty }));
}
