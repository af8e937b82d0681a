import type { Knex } from 'knex';
import type { Db } from '../../db/knex.js';
import { pageWindow } from '../../db/prepared.js';

export interface Page {
  limit: number;
  offset: number;
}

/**
 * Orders `filtered` (its table aliased `alias`) and cuts it to the page first, then lets
 * `withCounters` add per-row counters to the listed rows only. `orderSql` names columns of the
 * alias, so the outer query restores the same order.
 */
export function pageThenCount(
  db: Db,
  filtered: Knex.QueryBuilder,
  alias: string,
  withCounters: (rows: Knex.QueryBuilder) => Knex.QueryBuilder,
  orderSql: string,
  bindings: readonly Knex.RawBinding[],
  page: Page,
): Knex.QueryBuilder {
  const inner = pageWindow(filtered.select(`${alias}.*`).orderByRaw(orderSql, bindings), page);
  return withCounters(db.from(inner.as(alias))).orderByRaw(orderSql, bindings);
}
