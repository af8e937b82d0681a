import type { Knex } from 'knex';
import type { Db } from '../../db/knex.js';
import type { Declaration } from '../../model/declaration.js';
import type { TimeBound } from '../params.js';
import type { DeclarationSort } from '../routes/declarations/schema.js';
import { loadBacktests, type DeclarationBacktest } from './backtest.js';
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

const COLUMNS = [
  'd.id', 'd.source', 'd.market', 'd.regulator', 'd.form_type', 'd.filing_url', 'd.pub_date', 'd.transaction_date',
  'd.filing_delay_days', 'd.direction', 'd.is_amendment', 'd.amends', 'd.amended_by', 'd.is_planned',
  'd.planned_evidence', 'd.insider_role', 'd.insider_role_raw', 'd.is_director', 'd.is_officer', 'd.is_ten_pct_owner',
  'd.is_closely_associated', 'd.co_reporters', 'd.nature', 'd.nature_raw', 'd.instrument', 'd.isin', 'd.unit_price',
  'd.volume', 'd.total_amount', 'd.currency', 'd.total_amount_eur', 'd.total_amount_usd', 'd.venue', 'd.lines',
  'd.remarks', 'd.signal_score', 'd.signal_version', 'd.signal_is_cluster', 'd.signal_cluster_size',
  'd.signal_computed_at', 'd.ingested_at', 'd.updated_at',
  'c.slug as company_slug', 'c.name as company_name', 'c.isin as company_isin', 'c.ticker as company_ticker',
  'c.market as company_market', 'c.market_cap_eur as company_market_cap_eur',
  'i.slug as insider_slug', 'i.name as insider_name',
];

export interface DeclarationRow {
  id: string;
  source: string;
  market: string;
  regulator: string;
  form_type: string;
  filing_url: string | null;
  pub_date: Date;
  transaction_date: string | null;
  filing_delay_days: number | null;
  direction: 'BUY' | 'SELL' | null;
  is_amendment: boolean;
  amends: string | null;
  amended_by: string | null;
  is_planned: boolean | null;
  planned_evidence: Declaration['plannedEvidence'];
  insider_role: Declaration['insider']['role'];
  insider_role_raw: string | null;
  is_director: boolean;
  is_officer: boolean;
  is_ten_pct_owner: boolean;
  is_closely_associated: boolean;
  co_reporters: unknown;
  nature: Declaration['transaction']['nature'];
  nature_raw: string | null;
  instrument: string | null;
  isin: string | null;
  unit_price: number | null;
  volume: number | null;
  total_amount: number | null;
  currency: string | null;
  total_amount_eur: number | null;
  total_amount_usd: number | null;
  venue: string | null;
  lines: Declaration['lines'];
  remarks: string | null;
  signal_score: number | null;
  signal_version: string | null;
  signal_is_cluster: boolean | null;
  signal_cluster_size: number | null;
  signal_computed_at: Date | null;
  ingested_at: Date;
  updated_at: Date;
  company_slug: string;
  company_name: string;
  company_isin: string | null;
  company_ticker: string | null;
  company_market: string;
  company_market_cap_eur: number | null;
  insider_slug: string;
  insider_name: string;
}

/** The declaration object of API.md, plus `backtest` when asked for. */
export type ApiDeclaration = Declaration & { backtest?: DeclarationBacktest };

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function coReportersOf(value: unknown): Declaration['coReporters'] {
  if (!Array.isArray(value)) return [];
  return value.map((raw) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    return {
      name: typeof r.name === 'string' ? r.name : '',
      externalId: typeof r.externalId === 'string' ? r.externalId : null,
      role: (typeof r.role === 'string' ? r.role : 'OTHER') as Declaration['coReporters'][number]['role'],
      roleRaw: typeof r.roleRaw === 'string' ? r.roleRaw : null,
    };
  });
}

export function serializeDeclaration(r: DeclarationRow): Declaration {
  return {
    id: r.id,
    source: r.source,
    market: r.market,
    regulator: r.regulator,
    formType: r.form_type,
    filingUrl: r.filing_url,
    pubDate: r.pub_date.toISOString(),
    transactionDate: r.transaction_date,
    filingDelayDays: r.filing_delay_days,
    direction: r.direction,
    isAmendment: r.is_amendment,
    amends: r.amends,
    amendedBy: r.amended_by,
    isPlanned: r.is_planned,
    plannedEvidence: r.planned_evidence,
    company: {
      slug: r.company_slug,
      name: r.company_name,
      isin: r.company_isin,
      ticker: r.company_ticker,
      market: r.company_market,
      marketCapEur: r.company_market_cap_eur,
    },
    insider: {
      slug: r.insider_slug,
      name: r.insider_name,
      role: r.insider_role,
      roleRaw: r.insider_role_raw,
      isDirector: r.is_director,
      isOfficer: r.is_officer,
      isTenPctOwner: r.is_ten_pct_owner,
      isCloselyAssociated: r.is_closely_associated,
    },
    coReporters: coReportersOf(r.co_reporters),
    transaction: {
      nature: r.nature,
      natureRaw: r.nature_raw,
      instrument: r.instrument,
      isin: r.isin,
      unitPrice: r.unit_price,
      volume: r.volume,
      totalAmount: r.total_amount,
      currency: r.currency,
      totalAmountEur: r.total_amount_eur,
      totalAmountUsd: r.total_amount_usd,
      venue: r.venue,
    },
    lines: Array.isArray(r.lines) ? r.lines : [],
    signal:
      r.signal_version === null || r.signal_computed_at === null
        ? null
        : {
            score: r.signal_score,
            version: r.signal_version,
            isCluster: r.signal_is_cluster ?? false,
            clusterSize: r.signal_cluster_size ?? 0,
            computedAt: r.signal_computed_at.toISOString(),
          },
    remarks: r.remarks,
    ingestedAt: iso(r.ingested_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

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

export async function listDeclarations(
  db: Db,
  filters: DeclarationFilters,
  order: DeclarationOrder,
  page: { limit: number; offset: number; includeBacktest: boolean },
): Promise<{ items: ApiDeclaration[]; total: number; totalIsExact: boolean }> {
  const pageQuery = applyDeclarationFilters(db, declarationBaseQuery(db).select(COLUMNS), filters);
  applyKeyset(pageQuery, filters, order);
  applyOrder(pageQuery, order);
  pageQuery.limit(page.limit).offset(page.offset);

  const countQuery = applyDeclarationFilters(db, db('declarations as d'), filters);
  applyKeyset(countQuery, filters, order);
  const [rows, counted] = await Promise.all([pageQuery as Promise<DeclarationRow[]>, countUpTo(db, countQuery, EXACT_TOTAL_LIMIT)]);
  const items: ApiDeclaration[] = rows.map(serializeDeclaration);
  if (page.includeBacktest) {
    const backtests = await loadBacktests(db, items.map((d) => d.id));
    for (const item of items) item.backtest = backtests.get(item.id) ?? emptyBacktest();
  }
  return { items, ...counted };
}

export function emptyBacktest(): DeclarationBacktest {
  return { symbol: null, entryDate: null, entryPrice: null, benchmarkSymbol: null, horizons: [] };
}

export async function getDeclaration(db: Db, id: string): Promise<Declaration | null> {
  const row = (await declarationBaseQuery(db).select(COLUMNS).where('d.id', id).first()) as DeclarationRow | undefined;
  return row ? serializeDeclaration(row) : null;
}
