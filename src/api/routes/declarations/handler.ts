import type { Db } from '../../../db/knex.js';
import { getScoreAudit } from '../../../signals/index.js';
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

/**
 * The score audit of API.md (version, total, direction, the nine factors and the point-in-time
 * inputs) as the signals module recorded it; nulls and no factors until the declaration is scored.
 */
export async function scoreAudit(db: Db, id: string) {
  const declaration = await db('declarations').where({ id }).first('id');
  if (!declaration) throw errors.declarationNotFound(id);
  const audit = await getScoreAudit(db, id);
  if (audit) return audit;
  return {
    declarationId: id,
    version: null,
    total: null,
    direction: null,
    nullReason: 'not scored yet',
    isCluster: null,
    clusterSize: null,
    computedAt: null,
    factors: [],
    inputs: null,
  };
}
