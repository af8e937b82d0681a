import type { Db } from '../../../db/knex.js';
import { errors } from '../../errors.js';
import { getDeclaration, listDeclarations, type DeclarationFilters } from '../../queries/declarations.js';
import type { DeclarationListQuery } from './schema.js';

/** Splits a parsed listing query into filters, order and page. */
export function listingParts(q: DeclarationListQuery) {
  const { sort, order, limit, offset, include, ...filters } = q;
  return {
    filters: filters as DeclarationFilters,
    order: { sort, order },
    page: { limit, offset, includeBacktest: include === 'backtest' },
  };
}

export async function declarationListing(db: Db, q: DeclarationListQuery, scope: Partial<DeclarationFilters> = {}) {
  const { filters, order, page } = listingParts(q);
  const { items, total, totalIsExact } = await listDeclarations(db, { ...filters, ...scope }, order, page);
  return { items, total, totalIsExact, limit: q.limit, offset: q.offset };
}

/** One declaration by id, canonical or not: a folded amendment shows its own filing. */
export async function declarationDetail(db: Db, id: string) {
  const declaration = await getDeclaration(db, id);
  if (!declaration) throw errors.declarationNotFound(id);
  return declaration;
}

interface SignalRow {
  version: string;
  direction: 'BUY' | 'SELL' | null;
  score: number | null;
  null_reason: string | null;
  factors: unknown;
  inputs: unknown;
  is_cluster: boolean;
  cluster_size: number;
  computed_at: Date;
}

/** The score audit from `signals`; the headline from `declarations.signal_*` when no audit row exists. */
export async function scoreAudit(db: Db, id: string) {
  const declaration = await db('declarations')
    .where({ id })
    .first('id', 'direction', 'signal_score', 'signal_version', 'signal_is_cluster', 'signal_cluster_size', 'signal_computed_at');
  if (!declaration) throw errors.declarationNotFound(id);
  const signal = (await db('signals').where({ declaration_id: id }).first()) as SignalRow | undefined;
  if (signal) {
    return {
      declarationId: id,
      version: signal.version,
      score: signal.score,
      direction: signal.direction,
      nullReason: signal.null_reason,
      isCluster: signal.is_cluster,
      clusterSize: signal.cluster_size,
      computedAt: signal.computed_at.toISOString(),
      factors: Array.isArray(signal.factors) ? signal.factors : [],
      inputs: typeof signal.inputs === 'object' && signal.inputs !== null ? signal.inputs : null,
    };
  }
  return {
    declarationId: id,
    version: declaration.signal_version ?? null,
    score: declaration.signal_score ?? null,
    direction: declaration.signal_version ? declaration.direction : null,
    nullReason: null,
    isCluster: declaration.signal_is_cluster ?? null,
    clusterSize: declaration.signal_cluster_size ?? null,
    computedAt: declaration.signal_computed_at ? (declaration.signal_computed_at as Date).toISOString() : null,
    factors: [],
    inputs: null,
  };
}
