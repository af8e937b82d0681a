import type { Knex } from 'knex';
import type { Direction, Factor } from '../model/index.js';

export interface ScoreAudit {
  declarationId: string;
  version: string;
  total: number | null;
  direction: Direction | null;
  factors: Factor[];
  /** The point-in-time inputs used (ids, dates, values): `scoreDeclaration(inputs)` gives the same factors. */
  inputs: Record<string, unknown>;
  computedAt: string;
  nullReason: string | null;
  isCluster: boolean;
  clusterSize: number;
}

/** The full audit of one declaration's score for `/declarations/{id}/score`; null when never scored. */
export async function getScoreAudit(db: Knex, declarationId: string): Promise<ScoreAudit | null> {
  const row = await db('signals')
    .where({ declaration_id: declarationId })
    .first<{
      declaration_id: string;
      version: string;
      direction: Direction | null;
      score: number | null;
      null_reason: string | null;
      factors: Factor[];
      inputs: Record<string, unknown>;
      is_cluster: boolean;
      cluster_size: number;
      computed_at: Date;
    } | undefined>();
  if (!row) return null;
  return {
    declarationId: row.declaration_id,
    version: row.version,
    total: row.score,
    direction: row.direction,
    factors: row.factors,
    inputs: row.inputs,
    computedAt: row.computed_at.toISOString(),
    nullReason: row.null_reason,
    isCluster: row.is_cluster,
    clusterSize: row.cluster_size,
  };
}
