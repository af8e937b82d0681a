import type { Knex } from 'knex';
import type { Db } from '../../db/knex.js';
import type { TimeBound } from '../params.js';
import type { DeclarationSort } from '../routes/declarations/schema.js';
import { RawJson } from '../raw-json.js';
import { pageWindow, queryPrepared } from '../../db/prepared.js';
import { backtestOfSubject, getDeclarationBacktests, maturedBacktestJsonSql, type BacktestSubjectRow } from '../../signals/backtest.js';
import { ISO_TIMESTAMP_TYPES } from '../../db/iso-timestamps.js';
import { declarationJson, selectDeclarationColumns, type DeclarationRow } from './declaration-row.js';
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
  /** The declarations `insiderId` co-signed, resolved (see resolveLookupFilters). */
  coSignedIds?: string[];
  /** Scope of /signals: published on or after this instant. */
  publishedAfter?: Date;
  /** `company`, `ticker`, `isin` and `insider` resolved to ids (see resolveLookupFilters). */
  companyIds?: number[];
  insiderIds?: number[];
  /**
   * A resolved `isin` that some of `companyIds` carry only as an instrument's ISIN: their
   * declarations match by `d.isin`, those of the ISIN's own issuers whatever their instrument.
   */
  isinOrIssuers?: { isin: string; issuerIds: number[] };
}

/**
 * Turns the `company` and `insider` name searches, the `ticker`, the `isin` and an insider's
 * co-signed filings into id lists with one small query each, so the listing itself filters on
 * ids: with one matching issuer PostgreSQL then walks that issuer's (company_id, pub_date) index
 * for just one page. Left as subqueries, the planner assumes an average issuer: it fetched, joined
 * and sorted every declaration of a large one (`ticker=` of the largest issuer at a million
 * declarations: 420 ms instead of a few), or walked the whole publication-date index looking for a
 * small one (`isin=`: 4.5 s).
 */
export async function resolveLookupFilters(db: Db, f: DeclarationFilters): Promise<DeclarationFilters> {
  const idsOf = async (query: Knex.QueryBuilder) => (await queryPrepared<{ id: number }>(db, query)).map((r) => Number(r.id));
  const [byName, byTicker, isinMatch, insiderIds, coSignedIds] = await Promise.all([
    f.company ? idsOf(whereNameMatches(db('companies').select('id'), 'search_name', f.company).limit(MAX_NAME_MATCHES)) : undefined,
    f.ticker ? idsOf(db('companies').select('id').whereRaw('upper(ticker) = ?', [f.ticker])) : undefined,
    f.isin ? issuersOfIsin(db, f.isin) : undefined,
    f.insider ? idsOf(whereNameMatches(db('insiders').select('id'), 'search_name', f.insider).limit(MAX_NAME_MATCHES)) : undefined,
    f.insiderId !== undefined ? coSignedBy(db, f.insiderId) : undefined,
  ]);
  const companyIds = intersection([byName, byTicker, isinMatch?.companyIds]);
  const { company: _company, insider: _insider, ticker: _ticker, isin: _isin, ...rest } = f;
  return {
    ...rest,
    ...(companyIds ? { companyIds } : {}),
    ...(insiderIds ? { insiderIds } : {}),
    ...(isinMatch?.isinOrIssuers ? { isinOrIssuers: isinMatch.isinOrIssuers } : {}),
    ...(coSignedIds ? { coSignedIds } : {}),
  };
}

/**
 * The declarations an insider co-signed without being their main reporter (usually none). Asked
 * inside the listing, PostgreSQL guesses thousands for any insider and walks the publication-date
 * index for them: 4.5 s for an insider with five old declarations.
 */
async function coSignedBy(db: Db, insiderId: number): Promise<string[]> {
  const rows = await queryPrepared<{ id: string }>(db, db('declarations').select('id').whereRaw('co_reporter_ids @> array[?]::bigint[]', [insiderId]));
  return rows.map((r) => r.id);
}

/**
 * The issuers an ISIN can match: those it identifies (their own ISIN or one of their identifiers)
 * and those with a declaration whose instrument carries it (a bond, another share class).
 */
async function issuersOfIsin(db: Db, isin: string): Promise<{ companyIds: number[]; isinOrIssuers?: { isin: string; issuerIds: number[] } }> {
  const [identified, instrumentIssuers] = await Promise.all([
    queryPrepared<{ id: number }>(
      db,
      db('companies').select('id').where('isin', isin).union((u) => u.from('company_identifiers').select('company_id').where({ scheme: 'ISIN', value: isin })),
    ),
    queryPrepared<{ id: number }>(db, db('declarations').distinct('company_id as id').where('isin', isin)),
  ]);
  const issuerIds = identified.map((r) => Number(r.id));
  const byInstrumentOnly = instrumentIssuers.map((r) => Number(r.id)).filter((id) => !issuerIds.includes(id));
  if (byInstrumentOnly.length === 0) return { companyIds: issuerIds };
  return { companyIds: [...issuerIds, ...byInstrumentOnly], isinOrIssuers: { isin, issuerIds } };
}

/** The ids in every given list (undefined lists do not narrow; undefined when none is given). */
function intersection(lists: Array<number[] | undefined>): number[] | undefined {
  const given = lists.filter((l): l is number[] => l !== undefined);
  if (given.length === 0) return undefined;
  return given.reduce((kept, list) => kept.filter((id) => list.includes(id)));
}

/** A name search matching more issuers or people than this is too broad to be a filter. */
const MAX_NAME_MATCHES = 500;

function whereIdIn(q: Knex.QueryBuilder, column: string, ids: number[]): void {
  if (ids.length === 0) q.whereRaw('false');
  else if (ids.length === 1) q.where(column, ids[0]!);
  else q.whereRaw(`${column} = any(?::bigint[])`, [ids]);
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


export function declarationBaseQuery(db: Db): Knex.QueryBuilder {
  return db('declarations as d').join('companies as c', 'c.id', 'd.company_id').join('insiders as i', 'i.id', 'd.insider_id');
}

/** The WHERE clauses every declaration listing shares; only canonical records are listed. */
export function applyDeclarationFilters(db: Db, q: Knex.QueryBuilder, f: DeclarationFilters): Knex.QueryBuilder {
  q.whereRaw('d.is_canonical');
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
    // Written into the SQL, not bound: a generic plan can then use the partial cluster index.
    if (f.cluster) q.whereRaw('d.signal_is_cluster');
    else q.whereRaw('d.signal_is_cluster is not true');
  }
  if (f.planned !== undefined) q.where('d.is_planned', f.planned);
  if (f.minAmount !== undefined) q.where('d.total_amount_eur', '>=', f.minAmount);
  if (f.maxAmount !== undefined) q.where('d.total_amount_eur', '<=', f.maxAmount);
  if (f.market) q.whereIn('d.market', f.market);
  if (f.role) q.whereIn('d.insider_role', f.role);
  if (f.companyId !== undefined) q.where('d.company_id', f.companyId);
  if (f.insiderId !== undefined) {
    const id = f.insiderId;
    const coSigned = f.coSignedIds;
    if (coSigned === undefined) q.where((w) => w.where('d.insider_id', id).orWhereRaw('d.co_reporter_ids @> array[?]::bigint[]', [id]));
    else if (coSigned.length === 0) q.where('d.insider_id', id);
    else q.where((w) => w.where('d.insider_id', id).orWhereRaw('d.id = any(?::text[])', [coSigned]));
  }
  if (f.companyIds) whereIdIn(q, 'd.company_id', f.companyIds);
  if (f.insiderIds) whereIdIn(q, 'd.insider_id', f.insiderIds);
  if (f.isinOrIssuers) {
    const { isin, issuerIds } = f.isinOrIssuers;
    q.where((w) => {
      w.where('d.isin', isin);
      if (issuerIds.length > 0) w.orWhereRaw('d.company_id = any(?::bigint[])', [issuerIds]);
    });
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

/** The listing's order, over the given sort and id columns (the table's, or a page of ids'). */
function orderSql(o: DeclarationOrder, sortColumn: string, idColumn: string): string {
  // Unscored or unpriced rows go last whichever way the list is sorted: users want the values.
  const nulls = NULLABLE_SORTS.has(o.sort) ? ' nulls last' : '';
  return `${sortColumn} ${o.order}${nulls}, ${idColumn} ${o.order}`;
}

/**
 * Totals are counted exactly up to this many matches, or to the end of the requested page when it
 * lies further (so `total` never falls below what the client has paged through); past that a
 * listing says `total: <cap>, totalIsExact: false`, a lower bound. Counting every match of a broad
 * filter over a million rows would cost far more than the page itself; a client that needs
 * everything walks it with the polling recipe.
 */
export const EXACT_TOTAL_LIMIT = 1_000;

export function totalCountCap(page: { limit: number; offset: number }): number {
  return Math.max(EXACT_TOTAL_LIMIT, page.offset + page.limit);
}

/** Each declaration's backtest (see getDeclarationBacktests) as JSON text by id: one query per page. */
async function backtestsOf(db: Db, ids: string[]): Promise<Map<string, string>> {
  const backtests = await getDeclarationBacktests(db, ids);
  return new Map(ids.map((id) => [id, JSON.stringify(backtests.get(id) ?? null)]));
}

/**
 * The count of a listing's matches, up to the end of its page or EXACT_TOTAL_LIMIT + 1 whichever
 * is further (see totalCountCap). Without an order, PostgreSQL reads it from its most selective index.
 */
export function countedMatches(db: Db, filters: DeclarationFilters, order: DeclarationOrder, page: { limit: number; offset: number }) {
  const countQuery = applyDeclarationFilters(db, db('declarations as d').select(db.raw('1')), filters);
  applyKeyset(countQuery, filters, order);
  // Written into the text at the usual cap; bound for deep pages, where it follows the offset and
  // would otherwise make a new statement of every page.
  const countLimit = totalCountCap(page) + 1;
  if (countLimit > EXACT_TOTAL_LIMIT + 1) countQuery.limit(countLimit);
  else pageWindow(countQuery, { limit: countLimit });
  return db.from(countQuery.as('matches')).count({ n: '*' });
}

/**
 * A page read in order, each row carrying the (capped) count of matches, so page and total come
 * in one round trip (the count is an init plan). Filters on ids only (see resolveLookupFilters).
 * The text depends on the filters present and the limit, never on their values, so PostgreSQL can
 * keep one generic plan per shape (see pageWindow). Used for deep pages and for listings an index
 * serves in order (see pageAndMatches).
 */
export function listingQuery(db: Db, filters: DeclarationFilters, order: DeclarationOrder, page: { limit: number; offset: number }) {
  const counted = countedMatches(db, filters, order, page);
  return { pageQuery: orderedPageQuery(db, filters, order, page).select(db.raw('(?) as matches', [counted])), counted };
}

/**
 * A page cut from all the matches, read first in no order (materialized, so PostgreSQL takes
 * them from its most selective index and cannot turn them into a walk of an ordered one), for a
 * listing known to have few matches (see pageAndMatches). Each row carries their count, taken in
 * the same snapshot. Not cut at a limit: rows committed since the count are in the page's order
 * too, so a poller misses none.
 */
export function fewMatchesPageQuery(db: Db, filters: DeclarationFilters, order: DeclarationOrder, page: { limit: number; offset: number }) {
  const matches = applyDeclarationFilters(db, db('declarations as d').select('d.id', db.raw(`${SORT_COLUMNS[order.sort]} as sort_key`)), filters);
  applyKeyset(matches, filters, order);
  const pageOfMatches = pageWindow(db('few_matches as m').select('m.id', 'm.sort_key').orderByRaw(orderSql(order, 'm.sort_key', 'm.id')), page);
  return selectDeclarationColumns(db, declarationBaseQuery(db))
    .withMaterialized('few_matches', matches)
    .join(pageOfMatches.as('p'), 'p.id', 'd.id')
    .select(db.raw('(select count(*) from few_matches) as matches'))
    .orderByRaw(orderSql(order, 'p.sort_key', 'p.id'));
}

/**
 * The page's rows in order. A first page of one ordered range (see
 * orderedRanges) is read in one pass. Past it, or over several ranges, the ids are paged first and
 * only the page's rows are joined and read: skipping 10,000 matches by reading and joining each
 * whole row cost ~90 ms, skipping their index entries ~10 ms.
 */
export function orderedPageQuery(db: Db, filters: DeclarationFilters, order: DeclarationOrder, page: { limit: number; offset: number }): Knex.QueryBuilder {
  if (orderedRanges(filters, order).length === 1 && !page.offset) {
    const pageQuery = applyDeclarationFilters(db, selectDeclarationColumns(db, declarationBaseQuery(db)), filters);
    applyKeyset(pageQuery, filters, order);
    return pageWindow(pageQuery.orderByRaw(orderSql(order, SORT_COLUMNS[order.sort], 'd.id')), page);
  }
  return selectDeclarationColumns(db, declarationBaseQuery(db))
    .join(idsOfPage(db, filters, order, page).as('p'), 'p.id', 'd.id')
    .orderByRaw(orderSql(order, 'p.sort_key', 'p.id'));
}

/** Filters that bound the sort column itself: an index on it reads them as a range. */
const RANGE_FILTERS: Record<DeclarationSort, ReadonlyArray<keyof DeclarationFilters>> = {
  pubDate: ['from', 'since', 'to', 'publishedAfter', 'afterId'],
  signalScore: ['minScore', 'maxScore'],
  amount: ['minAmount', 'maxAmount'],
  updatedAt: ['updatedSince', 'afterId'],
};

/**
 * Filters that lead an index ordered by the sort column (migrations: declarations_market_pub_date,
 * _company_flow, _insider_pub_date, _direction_pub_date, _cluster_pub_date, _market_score,
 * _nature_score). `coSignedIds` goes with `insiderId`.
 */
const LEADING_FILTERS: Record<DeclarationSort, ReadonlyArray<keyof DeclarationFilters>> = {
  pubDate: ['market', 'companyId', 'companyIds', 'insiderId', 'insiderIds', 'direction', 'cluster'],
  signalScore: ['market', 'nature'],
  amount: [],
  updatedAt: [],
};

/**
 * Whether one index reads the listing in the order asked with every row it reads a match: no
 * filter but a range on the sort column and at most one filter leading an index on it
 * (`cluster=false` is not indexed).
 */
export function orderServedByAnIndex(filters: DeclarationFilters, order: DeclarationOrder): boolean {
  const present = (Object.keys(filters) as Array<keyof DeclarationFilters>).filter((k) => filters[k] !== undefined && k !== 'coSignedIds');
  const leading = present.filter((k) => !RANGE_FILTERS[order.sort].includes(k));
  if (leading.length === 0) return true;
  if (leading.length > 1 || !LEADING_FILTERS[order.sort].includes(leading[0]!)) return false;
  return leading[0] !== 'cluster' || filters.cluster === true;
}

/** The ids of one page, in order, with their sort key (`id`, `sort_key`). */
function idsOfPage(db: Db, filters: DeclarationFilters, order: DeclarationOrder, page: { limit: number; offset: number }): Knex.QueryBuilder {
  const sortColumn = SORT_COLUMNS[order.sort];
  const idsInOrder = (rangeFilters: DeclarationFilters, orderBy: string) => {
    const q = applyDeclarationFilters(db, db('declarations as d').select('d.id', db.raw(`${sortColumn} as sort_key`)), rangeFilters);
    applyKeyset(q, rangeFilters, order);
    return q.orderByRaw(orderBy);
  };
  const ranges = orderedRanges(filters, order);
  if (ranges.length === 1 && !ranges[0]!.nulls) return pageWindow(idsInOrder(filters, orderSql(order, sortColumn, 'd.id')), page);
  // Each range is read in its index's order and cut at the end of the page; the page is cut from
  // their union. That cut is bound past the first page: written into the text, every offset
  // would be a new statement.
  const end = page.offset + page.limit;
  const rangeQuery = ({ filters: rangeFilters, nulls }: OrderedRange) => {
    const ids =
      nulls === undefined
        ? idsInOrder(rangeFilters, orderSql(order, sortColumn, 'd.id'))
        : idsInOrder(rangeFilters, `${sortColumn} asc nulls first, d.id asc`).whereRaw(`${sortColumn} is ${nulls === 'missing' ? '' : 'not '}null`);
    return page.offset ? ids.limit(end) : pageWindow(ids, { limit: end });
  };
  const union = ranges.map(() => '(?)').join(' union all ');
  return pageWindow(
    db.select('r.id', 'r.sort_key').from(db.raw(`(${union}) as r`, ranges.map(rangeQuery))).orderByRaw(orderSql(order, 'r.sort_key', 'r.id')),
    page,
  );
}

interface OrderedRange {
  filters: DeclarationFilters;
  /** Set when the range holds only the rows with (`present`) or without (`missing`) a sort value. */
  nulls?: 'present' | 'missing';
}

/**
 * The parts of a listing that PostgreSQL can each read in the order asked, whose union is the
 * listing. Most listings are one part. Two cases are split:
 * - Ascending by score or amount: the indexes run descending with nulls last; read backwards they
 *   give ascending with nulls *first*, which PostgreSQL will not use for "nulls last": it sorted
 *   every match instead (1.5–2.5 s at a million). The ids with a value and those without are read
 *   as two ranges of the same index.
 * - By score with several natures: (nature, score) is one index range per nature. Read as one,
 *   PostgreSQL walked the score index for natures that are seldom scored (awards, gifts, exercises)
 *   and found them only among the unscored, at its very end: 3.5 s.
 */
function orderedRanges(filters: DeclarationFilters, order: DeclarationOrder): OrderedRange[] {
  const byNature =
    order.sort === 'signalScore' && filters.nature && filters.nature.length > 1 ? filters.nature.map((n) => ({ ...filters, nature: [n] })) : [filters];
  if (!(NULLABLE_SORTS.has(order.sort) && order.order === 'asc')) return byNature.map((f) => ({ filters: f }));
  return byNature.flatMap((f) => [
    { filters: f, nulls: 'present' as const },
    { filters: f, nulls: 'missing' as const },
  ]);
}

type RowWithMatches = DeclarationRow & { matches: number };

/**
 * A page's rows and the (capped) count of matches.
 *
 * Most listings are read in order with their count in one statement: deep pages, and those whose
 * filters an index serves in the order asked (orderServedByAnIndex), where the ordered read skips
 * no rows. With other filters an ordered read walks an index and skips what does not match, and
 * must walk to its end to be sure no match is left: for a page of matches that are few or none it
 * read every row (`nature=GIFT&maxScore=50`, gifts being never scored: 6 s at a million
 * declarations). There the count comes first, from the most selective index, and when the matches
 * are no more than EXACT_TOTAL_LIMIT the page is cut from all of them read in no order
 * (fewMatchesPageQuery): a few milliseconds. Served listings skip this: reading every match costs
 * more than an ordered read that stops at the page's end (a polling page of 200 among 650: 2.2 →
 * 3.8 ms of PostgreSQL's CPU), and so does the count's own round trip.
 */
async function pageAndMatches(
  db: Db,
  filters: DeclarationFilters,
  order: DeclarationOrder,
  page: { limit: number; offset: number },
): Promise<{ rows: DeclarationRow[]; n: number }> {
  const count = async (counted: Knex.QueryBuilder) => Number((await queryPrepared<{ n: number | string }>(db, counted))[0]!.n);
  if (page.offset + page.limit > EXACT_TOTAL_LIMIT || orderServedByAnIndex(filters, order)) {
    const { pageQuery, counted } = listingQuery(db, filters, order, page);
    const rows = await queryPrepared<RowWithMatches>(db, pageQuery, { types: ISO_TIMESTAMP_TYPES });
    // Past the end, the page has no row to carry the count.
    return { rows, n: rows[0] ? Number(rows[0].matches) : await count(counted) };
  }
  const n = await count(countedMatches(db, filters, order, page));
  if (n > EXACT_TOTAL_LIMIT) return { rows: await queryPrepared<DeclarationRow>(db, orderedPageQuery(db, filters, order, page), { types: ISO_TIMESTAMP_TYPES }), n };
  if (n <= page.offset) return { rows: [], n };
  const rows = await queryPrepared<RowWithMatches>(db, fewMatchesPageQuery(db, filters, order, page), { types: ISO_TIMESTAMP_TYPES });
  return { rows, n: rows[0] ? Number(rows[0].matches) : n };
}

/** One page of declarations and its total; rows are mapped to the declaration object in Node. */
export async function listDeclarations(
  db: Db,
  requested: DeclarationFilters,
  order: DeclarationOrder,
  page: { limit: number; offset: number; includeBacktest: boolean },
) {
  const filters = await resolveLookupFilters(db, requested);
  const cap = totalCountCap(page);
  const { rows, n } = await pageAndMatches(db, filters, order, page);
  const backtests = page.includeBacktest ? await backtestsOf(db, rows.map((r) => r.id)) : null;
  return {
    items: RawJson.array(rows.map((r) => declarationJson(r, backtests?.get(r.id)))),
    total: Math.min(n, cap),
    totalIsExact: n <= cap,
  };
}

/**
 * One declaration by id, canonical or not, with its backtest (null unless scored; see
 * getDeclarationBacktests), read in one round trip.
 */
export async function getDeclaration(db: Db, id: string) {
  const query = selectDeclarationColumns(db, declarationBaseQuery(db))
    .select(
      db.raw('c.yahoo_symbol as backtest_yahoo_symbol'),
      db.raw('exists (select 1 from signals s where s.declaration_id = d.id and s.score is not null) as backtest_scored'),
      db.raw(`${maturedBacktestJsonSql('d')} as backtest_matured`),
    )
    .where('d.id', id);
  const [row] = await queryPrepared<DeclarationRow & { backtest_yahoo_symbol: string | null; backtest_scored: boolean; backtest_matured: BacktestSubjectRow['matured'] }>(
    db,
    query,
    { types: ISO_TIMESTAMP_TYPES },
  );
  if (!row) return null;
  const backtest = row.backtest_scored
    ? backtestOfSubject({ id: row.id, yahoo_symbol: row.backtest_yahoo_symbol, market: row.market, matured: row.backtest_matured })
    : null;
  return new RawJson(declarationJson(row, JSON.stringify(backtest)));
}
