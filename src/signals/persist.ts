import type { Knex } from 'knex';
import { stampChanges } from '../db/change-clock.js';
import type { Direction, Factor } from '../model/index.js';

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
export async function persistSignals(db: Knex, records: readonly SignalRecord[]): Promise<PersistOutcome> {
  if (records.length === 0) return { written: [], stamped: [] };
  const payload = JSON.stringify(
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
  );
  const ids = records.map((r) => r.declarationId);
  return db.transaction(async (trx) => {
    const written = await trx.raw<{ rows: Array<{ declaration_id: string }> }>(
      `insert into signals as s (declaration_id, version, direction, score, null_reason, factors, inputs, is_cluster, cluster_size, computed_at)
       select x.declaration_id, x.version, x.direction, x.score, x.null_reason, x.factors, x.inputs, x.is_cluster, x.cluster_size,
              date_trunc('milliseconds', clock_timestamp())
         from jsonb_to_recordset(?::jsonb) as x(declaration_id text, version text, direction text, score double precision,
              null_reason text, factors jsonb, inputs jsonb, is_cluster boolean, cluster_size integer)
         join declarations d on d.id = x.declaration_id
       on conflict (declaration_id) do update set
         version = excluded.version, direction = excluded.direction, score = excluded.score,
         null_reason = excluded.null_reason, factors = excluded.factors, inputs = excluded.inputs,
         is_cluster = excluded.is_cluster, cluster_size = excluded.cluster_size, computed_at = excluded.computed_at
       where (s.version, s.direction, s.score, s.null_reason, s.factors, s.inputs, s.is_cluster, s.cluster_size)
             is distinct from
             (excluded.version, excluded.direction, excluded.score, excluded.null_reason, excluded.factors, excluded.inputs,
              excluded.is_cluster, excluded.cluster_size)
       returning s.declaration_id`,
      [payload],
    );
    const mirrored = await trx.raw<{ rows: Array<{ id: string }> }>(
      `update declarations d set
         signal_score = s.score, signal_version = s.version, signal_is_cluster = s.is_cluster,
         signal_cluster_size = s.cluster_size, signal_computed_at = s.computed_at
        from signals s
       where s.declaration_id = d.id and d.id = any(?::text[])
         and (d.signal_score, d.signal_version, d.signal_is_cluster, d.signal_cluster_size)
             is distinct from (s.score, s.version, s.is_cluster, s.cluster_size)
       returning d.id`,
      [ids],
    );
    const stamped = mirrored.rows.map((r) => r.id);
    // Last in the transaction: the change clock serializes commits.
    await stampChanges(trx, stamped);
    return { written: written.rows.map((r) => r.declaration_id), stamped };
  });
}

/** Records that the score (or backtest) block was refreshed, for /health and meta.dataFreshness. */
export async function markFresh(db: Knex, block: 'scoring' | 'backtest', detail: string): Promise<void> {
  await db.raw(
    `insert into data_freshness (block, updated_at, detail) values (?, now(), ?)
     on conflict (block) do update set updated_at = excluded.updated_at, detail = excluded.detail`,
    [block, detail],
  );
}
