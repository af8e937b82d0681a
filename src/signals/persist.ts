import type { Knex } from 'knex';
import { stampChanges } from '../db/change-clock.js';
import type { Direction, Factor } from '../model/index.js';
import { signalFingerprint } from './jsonb-text.js';

/** One signal as stored in `signals` (computed_at is set by the database when the row changes). */
export interface SignalRecord {
  declarationId: string;
  version: string;
  direction: Direction | null;
  score: number | null;
  nullReason: string | null;
  factors: Factor[];
  inputs: Record<string, unknown>;
  isCluster: boolean;
  clusterSize: number;
}

export interface PersistOutcome {
  /** Signals whose stored audit (score, factors or inputs) changed. */
  written: string[];
  /** Declarations whose headline (score, version, cluster flag or size) changed and were stamped. */
  stamped: string[];
}

/**
 * Writes a batch of signals in one transaction, touching only rows whose content changed (so a
 * rescoring that changes nothing writes nothing and keeps computed_at), mirrors headlines onto
 * `declarations`, and stamps the change clock for the declarations whose headline changed.
 */
export async function persistSignals(db: Knex, all: readonly SignalRecord[]): Promise<PersistOutcome> {
  const records = await changedOnly(db, all);
  if (records.length === 0) return { written: [], stamped: [] };
  const payload = withoutNulCharacters(
    JSON.stringify(
      records.map((r) => ({
        declaration_id: r.declarationId,
        version: r.version,
        direction: r.direction,
        score: r.score,
        null_reason: r.nullReason,
        factors: r.factors,
        inputs: r.inputs,
        is_cluster: r.isCluster,
        cluster_size: r.clusterSize,
      })),
    ),
  );
  return withRetry(() => db.transaction(async (trx) => {
    // A crash can only lose whole recent batches, which the next stale pass rescores: no need to
    // wait for the WAL flush at each commit.
    await trx.raw('set local synchronous_commit = off');
    // One statement: upsert only the signals whose content changed, then mirror those onto their
    // declarations when the headline differs. (contentHash is part of the inputs, so any change
    // of a declaration's content rewrites its signal and re-checks its mirror.)
    const { rows } = await trx.raw<{ rows: Array<{ declaration_id: string; mirrored: boolean }> }>(
      `with incoming as (
         select x->>'declaration_id' as declaration_id, x->>'version' as version, x->>'direction' as direction,
                (x->>'score')::float8 as score, x->>'null_reason' as null_reason, x->'factors' as factors,
                x->'inputs' as inputs, (x->>'is_cluster')::boolean as is_cluster, (x->>'cluster_size')::integer as cluster_size
           from jsonb_array_elements(?::jsonb) as x
       ), written as (
         insert into signals as s (declaration_id, version, direction, score, null_reason, factors, inputs, is_cluster,
                cluster_size, computed_at)
         select i.declaration_id, i.version, i.direction, i.score, i.null_reason, i.factors, i.inputs, i.is_cluster,
                i.cluster_size, date_trunc('milliseconds', clock_timestamp())
           from incoming i join declarations d on d.id = i.declaration_id
         on conflict (declaration_id) do update set
           version = excluded.version, direction = excluded.direction, score = excluded.score,
           null_reason = excluded.null_reason, factors = excluded.factors, inputs = excluded.inputs,
           is_cluster = excluded.is_cluster, cluster_size = excluded.cluster_size, computed_at = excluded.computed_at
         where (s.version, s.direction, s.score, s.null_reason, s.factors, s.inputs, s.is_cluster, s.cluster_size)
               is distinct from
               (excluded.version, excluded.direction, excluded.score, excluded.null_reason, excluded.factors,
                excluded.inputs, excluded.is_cluster, excluded.cluster_size)
         returning s.declaration_id, s.version, s.score, s.is_cluster, s.cluster_size, s.computed_at
       ), mirrored as (
         update declarations d set
           signal_score = w.score, signal_version = w.version, signal_is_cluster = w.is_cluster,
           signal_cluster_size = w.cluster_size, signal_computed_at = w.computed_at
           from written w
          where d.id = w.declaration_id
            and (d.signal_score, d.signal_version, d.signal_is_cluster, d.signal_cluster_size)
                is distinct from (w.score, w.version, w.is_cluster, w.cluster_size)
         returning d.id
       )
       select w.declaration_id, (m.id is not null) as mirrored from written w left join mirrored m on m.id = w.declaration_id`,
      [payload],
    );
    const mirrored = { rows: rows.filter((r) => r.mirrored).map((r) => ({ id: r.declaration_id })) };
    const written = { rows };
    const stamped = mirrored.rows.map((r) => r.id);
    // Last in the transaction: the change clock serializes commits.
    await stampChanges(trx, stamped);
    return { written: written.rows.map((r) => r.declaration_id), stamped };
  }));
}

/**
 * Drops the records whose stored signal is identical, comparing a fingerprint of the stored jsonb
 * instead of sending everything back to the server: a rescoring that changes nothing costs one
 * read per batch. A record that merely looks different is still compared in SQL before writing.
 */
async function changedOnly(db: Knex, records: readonly SignalRecord[]): Promise<readonly SignalRecord[]> {
  if (records.length === 0) return records;
  const { rows } = await db.raw<{
    rows: Array<{
      declaration_id: string;
      version: string;
      direction: string | null;
      score: number | null;
      null_reason: string | null;
      is_cluster: boolean;
      cluster_size: number;
      fingerprint: string;
    }>;
  }>(
    `select declaration_id, version, direction, score, null_reason, is_cluster, cluster_size,
            md5(factors::text || '|' || inputs::text) as fingerprint
       from signals where declaration_id = any(?::text[])`,
    [records.map((r) => r.declarationId)],
  );
  if (rows.length === 0) return records;
  const stored = new Map(rows.map((r) => [r.declaration_id, r]));
  return records.filter((r) => {
    const s = stored.get(r.declarationId);
    return (
      !s ||
      s.version !== r.version ||
      s.direction !== r.direction ||
      s.score !== r.score ||
      s.null_reason !== r.nullReason ||
      s.is_cluster !== r.isCluster ||
      s.cluster_size !== r.clusterSize ||
      s.fingerprint !== signalFingerprint(r.factors, r.inputs)
    );
  });
}

/** jsonb cannot hold U+0000: a NUL that slipped into a filing's text is dropped, not a failed batch. */
export function withoutNulCharacters(json: string): string {
  return json.includes('\\u0000') ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1') : json;
}

/** Deadlock and serialization failure: the transaction was rolled back whole and can be replayed. */
const RETRYABLE_CODES = new Set(['40P01', '40001']);

/**
 * Ingestion updates the same declarations concurrently, in its own order; the rare deadlock
 * between a scoring batch and an ingest transaction is resolved by replaying the batch.
 */
export async function withRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= attempts || typeof code !== 'string' || !RETRYABLE_CODES.has(code)) throw error;
    }
  }
}

/** Records that the score (or backtest) block was refreshed, for /health and meta.dataFreshness. */
export async function markFresh(db: Knex, block: 'scoring' | 'backtest', detail: string): Promise<void> {
  await db.raw(
    `insert into data_freshness (block, updated_at, detail) values (?, now(), ?)
     on conflict (block) do update set updated_at = excluded.updated_at, detail = excluded.detail`,
    [block, detail],
  );
}
