import type { Knex } from 'knex';
import type { Db } from '../../db/knex.js';
import type { Declaration } from '../../model/declaration.js';
import type { TimeBound } from '../params.js';
import type { DeclarationSort } from '../routes/declarations/schema.js';
import { RawJson } from '../raw-json.js';
import type { DeclarationBacktest } from './backtest.js';
import { DECLARATION_JSON, DECLARATION_WITH_BACKTEST_JSON } from './declaration-json.js';
import { whereNameMatches } from './text-search.js';

/** Everything a declaration listing can be narrowed by (the parsed query plus path scopes). */
export interface DeclarationFilters {
  from?: TimeBound;
  since?: TimeBound;
  to?: TimeBound;
  updatedSince?: TimeBound;
  afterId?: string;
  minScore?: number;
  maxScore?: number;
  direction?: 'BUY' | 'SELL';
  nature?: string[];
  cluster?: boolean;
  planned?: boolean;
  minAmount?: number;
  maxAmount?: number;
  company?: string;
  insider?: string;
  isin?: string;
  ticker?: string;
  role?: string[];
  market?: string[];
  /** Scope of /companies/{slug}/declarations. */
  companyId?: number;
  /** Scope of /insiders/{slug}/declarations: their own filings and those they co-signed. */
  insiderId?: number;
  /** Scope of /signals: published on or after this instant. */
  publishedAfter?: Date;
}

export interface DeclarationOrder {
  sort: DeclarationSort;
  order: 'asc' | 'desc';
}

const SORT_COLUMNS: Record<DeclarationSort, string> = {
  pubDate: 'd.pub_date',
  signalScore: 'd.signal_score',
  amount: 'd.total_amount_eur',
  updatedAt: 'd.updated_at',
};
const NULLABLE_SORTS = new Set<DeclarationSort>(['signalScore', 'amount']);

/** The declaration object of API.md, plus `backtest` when asked for. */
export type ApiDeclaration = Declaration & { backtest?: DeclarationBacktest };

export function declarationBaseQuery(db: Db): Knex.QueryBuilder {
  return db('declarations as d').join('companies as c', 'c.id', 'd.company_id').join('insiders as i', 'i.id', 'd.insider_id');
}

/** The WHERE clauses every declaration listing shares; only canonical records are listed. */
export function applyDeclarationFilters(db: Db, q: Knex.QueryBuilder, f: DeclarationFilters): Knex.QueryBuilder {
  q.where('d.is_canonical', true);
  const lower = f.from ?? f.since;
  if (lower) q.where('d.pub_date', '>=', lower.at);
  if (f.to) {
    if (f.to.dateOnly) q.where('d.pub_date', '<', new Date(f.to.at.getTime() + 86_400_000));
    else q.where('d.pub_date', '<=', f.to.at);
  }
  if (f.updatedSince) q.where('d.updated_at', '>=', f.updatedSince.at);
  if (f.publishedAfter) q.where('d.pub_date', '>=', f.publishedAfter);
  if (f.minScore !== undefined) q.where('d.signal_score', '>=', f.minScore);
  if (f.maxScore !== undefined) q.where('d.signal_score', '<=', f.maxScore);
  if (f.direction) q.where('d.direction', f.direction);
  if (f.nature) q.whereIn('d.nature', f.nature);
  if (f.cluster !== undefined) {
    if (f.cluster) q.where('d.signal_is_cluster', true);
    else q.where((w) => w.where('d.signal_is_cluster', false).orWhereNull('d.signal_is_cluster'));
  }
  if (f.planned !== undefined) q.where('d.is_planned', f.planned);
  if (f.minAmount !== undefined) q.where('d.total_amount_eur', '>=', f.minAmount);
  if (f.maxAmount !== undefined) q.where('d.total_amount_eur', '<=', f.maxAmount);
  if (f.market) q.whereIn('d.market', f.market);
  if (f.role) q.whereIn('d.insider_role', f.role);
  if (f.companyId !== undefined) q.where('d.company_id', f.companyId);
  if (f.insiderId !== undefined) {
    const id = f.insiderId;
    q.where((w) => w.where('d.insider_id', id).orWhereRaw('d.co_reporter_ids @> array[?]::bigint[]', [id]));
  }
  if (f.company) {
    const text = f.company;
    q.whereIn('d.company_id', whereNameMatches(db('companies').select('id'), 'search_name', text));
  }
  if (f.insider) {
    const text = f.insider;
    q.whereIn('d.insider_id', whereNameMatches(db('insiders').select('id'), 'search_name', text));
  }
  if (f.isin) {
    const isin = f.isin;
    q.where((w) =>
      w
        .where('d.isin', isin)
        .orWhereIn('d.company_id', db('companies').select('id').where('isin', isin))
        .orWhereIn('d.company_id', db('company_identifiers').select('company_id').where({ scheme: 'ISIN', value: isin })),
    );
  }
  if (f.ticker) q.whereIn('d.company_id', db('companies').select('id').whereRaw('upper(ticker) = ?', [f.ticker]));
  return q;
}

/** `(ts, id) > (given ts, afterId)`: the keyset continuation of the polling recipe. */
function applyKeyset(q: Knex.QueryBuilder, f: DeclarationFilters, o: DeclarationOrder): void {
  if (!f.afterId) return;
  const bound = o.sort === 'updatedAt' ? f.updatedSince : (f.from ?? f.since);
  if (!bound) return;
  q.whereRaw(`(${SORT_COLUMNS[o.sort]}, d.id) > (?, ?)`, [bound.at, f.afterId]);
}

function applyOrder(q: Knex.QueryBuilder, o: DeclarationOrder): void {
  const column = SORT_COLUMNS[o.sort];
  // Unscored or unpriced rows go last whichever way the list is sorted: users want the values.
  const nulls = NULLABLE_SORTS.has(o.sort) ? ' nulls last' : '';
  q.orderByRaw(`${column} ${o.order}${nulls}, d.id ${o.order}`);
}

/**
 * Totals are counted exactly up to this many matches; past it a listing says `total: 10000,
 * totalIsExact: false`. Counting a million rows on every page would cost more than the page itself;
 * a client that needs everything walks it with the polling recipe instead.
 */
export const EXACT_TOTAL_LIMIT = 10_000;

export async function countUpTo(db: Db, filtered: Knex.QueryBuilder, limit: number): Promise<{ total: number; totalIsExact: boolean }> {
  const [row] = await db.from(filtered.select(db.raw('1')).limit(limit + 1).as('matches')).count({ n: '*' });
  const n = Number((row as { n: string | number }).n);
  return n > limit ? { total: limit, totalIsExact: false } : { total: n, totalIsExact: true };
}

/**
 * One page of declarations and the (capped) count in a single round trip: PostgreSQL builds the
 * items array as JSON text, in the listing's order.
 */
export async function listDeclarations(
  db: Db,
  filters: DeclarationFilters,
  order: DeclarationOrder,
  page: { limit: number; offset: number; includeBacktest: boolean },
): Promise<{ items: RawJson; total: number; totalIsExact: boolean }> {
  const json = page.includeBacktest ? DECLARATION_WITH_BACKTEST_JSON : DECLARATION_JSON;
  const column = SORT_COLUMNS[order.sort];
  const pageQuery = applyDeclarationFilters(
    db,
    declarationBaseQuery(db).select(db.raw(`${json} as doc, ${column} as sort_key, d.id as sort_id`)),
    filters,
  );
  applyKeyset(pageQuery, filters, order);
  applyOrder(pageQuery, order);
  pageQuery.limit(page.limit).offset(page.offset);

  const countQuery = applyDeclarationFilters(db, db('declarations as d').select(db.raw('1')), filters);
  applyKeyset(countQuery, filters, order);
  countQuery.limit(EXACT_TOTAL_LIMIT + 1);

  const nulls = NULLABLE_SORTS.has(order.sort) ? ' nulls last' : '';
  const { rows } = await db.raw<{ rows: Array<{ items: string; n: string | number }> }>(
    `select coalesce(json_agg(page.doc order by page.sort_key ${order.order}${nulls}, page.sort_id ${order.order}), '[]'::json)::text as items,
            (select count(*) from (?) as matches) as n
       from (?) as page`,
    [countQuery, pageQuery],
  );
  const n = Number(rows[0]!.n);
  return {
    items: new RawJson(rows[0]!.items),
    total: Math.min(n, EXACT_TOTAL_LIMIT),
    totalIsExact: n <= EXACT_TOTAL_LIMIT,
  };
}

/** One declaration by id, canonical or not, with its backtest. */
export async function getDeclaration(db: Db, id: string): Promise<RawJson | null> {
  const row = (await declarationBaseQuery(db)
    .select(db.raw(`${DECLARATION_WITH_BACKTEST_JSON}::text as doc`))
    .where('d.id', id)
    .first()) as { doc: string } | undefined;
  return row ? new RawJson(row.doc) : null;
}
