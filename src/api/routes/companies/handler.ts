import type { Knex } from 'knex';
import type { Db } from '../../../db/knex.js';
import { pageWindow, queryPrepared } from '../../../db/prepared.js';
import type { Role } from '../../../model/enums.js';
import { errors } from '../../errors.js';
import type { TimeBound } from '../../params.js';
import { foldedQuery, whereNameMatches } from '../../queries/text-search.js';
import type { Page } from '../../queries/page-then-count.js';
import { amountsByDirection, countsByDirection, eurCents } from '../../queries/direction-totals.js';

interface CompanyRow {
  id: number;
  slug: string;
  name: string;
  market: string;
  isin: string | null;
  ticker: string | null;
  exchange: string | null;
  market_cap_eur: number | null;
  declaration_count: number | string | null;
  last_declaration_at: Date | null;
}

export function companySummary(r: CompanyRow) {
  return {
    slug: r.slug,
    name: r.name,
    market: r.market,
    isin: r.isin,
    ticker: r.ticker,
    exchange: r.exchange,
    marketCapEur: r.market_cap_eur,
    declarationCount: Number(r.declaration_count ?? 0),
    lastDeclarationAt: r.last_declaration_at ? r.last_declaration_at.toISOString() : null,
  };
}

/** Per-company counters of canonical declarations (company_declaration_counts, kept by triggers). */
export function withCompanyCounters(db: Db, q: Knex.QueryBuilder): Knex.QueryBuilder {
  return q
    .leftJoin('company_declaration_counts as n', 'n.company_id', 'c.id')
    .select(
      'c.id', 'c.slug', 'c.name', 'c.market', 'c.isin', 'c.ticker', 'c.exchange', 'c.market_cap_eur',
      db.raw('coalesce(n.declarations, 0) as declaration_count'),
      'n.last_pub_date as last_declaration_at',
    );
}

/** Orders and pages `filtered`, each row with its counters (one key lookup per company). */
export function pageOfCompanies(
  db: Db,
  filtered: Knex.QueryBuilder,
  orderSql: string,
  bindings: readonly Knex.RawBinding[],
  page: Page,
): Knex.QueryBuilder {
  return pageWindow(withCompanyCounters(db, filtered).orderByRaw(orderSql, bindings), page);
}

export interface CompanyListQuery {
  q?: string;
  isin?: string;
  ticker?: string;
  market?: string[];
  sort?: 'name' | 'marketCap' | 'declarations' | 'recent';
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

function applyCompanyFilters(db: Db, b: Knex.QueryBuilder, q: CompanyListQuery): Knex.QueryBuilder {
  if (q.q) whereNameMatches(b, 'c.search_name', q.q);
  if (q.isin) {
    const isin = q.isin;
    b.where((w) => w.where('c.isin', isin).orWhereIn('c.id', db('company_identifiers').select('company_id').where({ scheme: 'ISIN', value: isin })));
  }
  if (q.ticker) b.whereRaw('upper(c.ticker) = ?', [q.ticker]);
  if (q.market) b.whereIn('c.market', q.market);
  return b;
}

export async function listCompanies(db: Db, q: CompanyListQuery) {
  const defaultOrder = q.sort === 'name' || (!q.sort && !q.q) ? 'asc' : 'desc';
  const order = q.order ?? defaultOrder;
  const [orderSql, bindings]: [string, Knex.RawBinding[]] =
    q.sort === 'declarations'
      ? [`coalesce(n.declarations, 0) ${order}, c.id ${order}`, []]
      : q.sort === 'recent'
        ? [`n.last_pub_date ${order} nulls last, c.id ${order}`, []]
        : q.sort === 'marketCap'
          ? [`c.market_cap_eur ${order} nulls last, c.id ${order}`, []]
          : q.q && q.sort !== 'name'
            ? [`similarity(c.search_name, ?) ${order}, c.id asc`, [foldedQuery(q.q)]]
            : [`c.search_name ${order}, c.id ${order}`, []];
  const page = pageOfCompanies(db, applyCompanyFilters(db, db('companies as c'), q), orderSql, bindings, q);
  const count = applyCompanyFilters(db, db('companies as c'), q).count({ total: '*' });
  const [rows, counted] = await Promise.all([page as Promise<CompanyRow[]>, count]);
  return {
    items: rows.map(companySummary),
    total: Number((counted[0] as { total: number | string }).total),
    limit: q.limit,
    offset: q.offset,
  };
}

export async function findCompany(db: Db, slug: string): Promise<{ id: number; slug: string; name: string }> {
  // Slugs are unique: no LIMIT, so the prepared statement's text is the same for every slug.
  const [company] = await queryPrepared<{ id: number; slug: string; name: string }>(db, db('companies').where({ slug }).select('id', 'slug', 'name'));
  if (!company) throw errors.companyNotFound(slug);
  return { id: Number(company.id), slug: company.slug, name: company.name };
}

export async function companyProfile(db: Db, slug: string) {
  const c = await db('companies').where({ slug }).first();
  if (!c) throw errors.companyNotFound(slug);
  const [identifiers, counters] = await Promise.all([
    db('company_identifiers').where({ company_id: c.id }).orderBy(['scheme', 'value']).select('scheme', 'value'),
    db('declarations')
      .where({ company_id: c.id, is_canonical: true })
      .first(
        db.raw('count(*) as declarations'),
        db.raw('count(distinct insider_id) as insiders'),
        db.raw("count(*) filter (where direction = 'BUY') as buys"),
        db.raw("count(*) filter (where direction = 'SELL') as sells"),
        db.raw('min(pub_date) as first_at'),
        db.raw('max(pub_date) as last_at'),
      ),
  ]);
  const isins = [...new Set([c.isin, ...identifiers.filter((i: { scheme: string }) => i.scheme === 'ISIN').map((i: { value: string }) => i.value)].filter(Boolean))] as string[];
  return {
    ...companySummary({ ...c, declaration_count: counters.declarations, last_declaration_at: counters.last_at }),
    identifiers: {
      isin: c.isin,
      isins,
      lei: c.lei,
      cik: c.cik,
      ticker: c.ticker,
      yahooSymbol: c.yahoo_symbol,
      sourceCompanyId: c.source_company_id,
    },
    currency: c.currency,
    marketCap: c.market_cap,
    marketCapCurrency: c.market_cap_currency,
    marketCapAsOf: c.market_cap_as_of,
    counters: {
      declarations: Number(counters.declarations),
      insiders: Number(counters.insiders),
      buys: Number(counters.buys),
      sells: Number(counters.sells),
      firstDeclarationAt: counters.first_at ? (counters.first_at as Date).toISOString() : null,
      lastDeclarationAt: counters.last_at ? (counters.last_at as Date).toISOString() : null,
    },
  };
}

interface CompanyInsiderRow {
  slug: string;
  name: string;
  role: Role;
  role_raw: string | null;
  declarations: number | string;
  first_at: Date;
  last_at: Date;
  buy_eur: number | null;
  sell_eur: number | null;
}

/**
 * Everyone who declared for the issuer, most recently active first, with their net flow in EUR and
 * the role of their latest declaration. The per-insider aggregate reads only the covering
 * (company_id, pub_date, id) index, so an issuer with tens of thousands of declarations never
 * touches the table; the role is then fetched for the listed insiders only, by their latest
 * (insider_id, pub_date) entry.
 */
export async function companyInsiders(db: Db, slug: string, q: { market?: string[]; limit: number; offset: number }) {
  const company = await findCompany(db, slug);
  const perInsider = db('declarations as d')
    .where('d.company_id', company.id)
    .whereRaw('d.is_canonical')
    .modify((b) => {
      if (q.market) b.whereIn('d.market', q.market);
    })
    .groupBy('d.insider_id')
    .select(
      'd.insider_id',
      db.raw('count(*) as declarations'),
      db.raw('min(d.pub_date) as first_at'),
      db.raw('max(d.pub_date) as last_at'),
      ...amountsByDirection(db),
    );
  const page = pageWindow(db.from(perInsider.as('g')).select('g.*', db.raw('count(*) over () as total')).orderByRaw('g.last_at desc, g.insider_id'), q);
  const latestRole = db('declarations as x')
    .select('x.insider_role', 'x.insider_role_raw')
    .whereRaw('x.insider_id = p.insider_id and x.pub_date = p.last_at and x.company_id = ? and x.is_canonical', [company.id])
    .modify((b) => {
      if (q.market) b.whereIn('x.market', q.market);
    })
    .orderBy('x.id', 'desc')
    .limit(1);
  const lateral = latestRole.toSQL();
  const rows = await queryPrepared<CompanyInsiderRow & { total: string | number }>(
    db,
    db
      .from(page.as('p'))
      .join('insiders as i', 'i.id', 'p.insider_id')
      .joinRaw(`cross join lateral (${lateral.sql}) latest`, lateral.bindings as Knex.Value[])
      .select(
        'i.slug',
        'i.name',
        'latest.insider_role as role',
        'latest.insider_role_raw as role_raw',
        'p.declarations',
        'p.first_at',
        'p.last_at',
        'p.buy_eur',
        'p.sell_eur',
        'p.total',
      )
      .orderByRaw('p.last_at desc, p.insider_id'),
  );
  // A page past the end has no row to carry the count.
  const total =
    rows[0]?.total ??
    ((await queryPrepared<{ total: string }>(db, db.from(perInsider.as('g')).count({ total: '*' })))[0]?.total ?? 0);
  return {
    items: rows.map((r) => ({
      slug: r.slug,
      name: r.name,
      role: r.role,
      roleRaw: r.role_raw,
      declarations: Number(r.declarations),
      firstDeclarationAt: r.first_at.toISOString(),
      lastDeclarationAt: r.last_at.toISOString(),
      buyAmountEur: eurCents(Number(r.buy_eur ?? 0)),
      sellAmountEur: eurCents(Number(r.sell_eur ?? 0)),
      netAmountEur: eurCents(Number(r.buy_eur ?? 0) - Number(r.sell_eur ?? 0)),
    })),
    total: Number(total),
    limit: q.limit,
    offset: q.offset,
  };
}

export interface FlowQuery {
  bucket: 'month' | 'week';
  from?: TimeBound;
  to?: TimeBound;
}

interface DailyFlowRow {
  /** Days since 1970-01-01 (integer arithmetic instead of parsing dates). */
  day_number: number;
  buy_eur: number;
  sell_eur: number;
  buys: number | string;
  sells: number | string;
  max_score: number | null;
}

const DAY_MS = 86_400_000;
const MAX_BUCKETS = 1_500;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utcMidnight = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

interface Bucket {
  period: string;
  start: string;
  end: string;
  startMs: number;
  endMs: number;
}

/** The bucket containing a day (UTC midnight in ms): calendar month, or ISO week (Monday to Sunday, labelled by ISO year). */
export function bucketOf(ms: number, bucket: 'month' | 'week'): Bucket {
  const d = new Date(ms);
  if (bucket === 'month') {
    const startMs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const endMs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
    const start = isoDay(startMs);
    return { period: start.slice(0, 7), start, end: isoDay(endMs), startMs, endMs };
  }
  const weekday = (d.getUTCDay() + 6) % 7; // Monday = 0
  const startMs = ms - weekday * DAY_MS;
  const thursday = startMs + 3 * DAY_MS;
  const isoYear = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(isoYear, 0, 1)) / (7 * DAY_MS)) + 1;
  const endMs = startMs + 6 * DAY_MS;
  return { period: `${isoYear}-W${String(week).padStart(2, '0')}`, start: isoDay(startMs), end: isoDay(endMs), startMs, endMs };
}

/**
 * Net buying minus selling (EUR, discretionary BUY/SELL declarations) by trade date, bucketed by
 * month or ISO week with empty buckets filled, per-insider rollups, and the net over the 90 days
 * ending on the last day of the range (or the last trade).
 */
export async function companyFlow(db: Db, slug: string, q: FlowQuery) {
  const company = await findCompany(db, slug);
  const tradeDay = "coalesce(d.transaction_date, (d.pub_date at time zone 'UTC')::date)";
  const dayNumber = (date: string) => `(${date} - date '1970-01-01')`;
  const scoped = () =>
    db('declarations as d')
      .where('d.company_id', company.id)
      .whereRaw('d.is_canonical')
      .whereIn('d.direction', ['BUY', 'SELL'])
      .modify((b) => {
        if (q.from) b.whereRaw(`${tradeDay} >= ?::date`, [isoDay(q.from.at.getTime())]);
        if (q.to) b.whereRaw(`${tradeDay} <= ?::date`, [isoDay(q.to.at.getTime())]);
      });
  // PostgreSQL's week is ISO's (Monday to Sunday) and its month the calendar month, as in bucketOf;
  // q.bucket is a validated enum, so it can be written into the SQL.
  const bucketStart = `date_trunc('${q.bucket}', (${tradeDay})::timestamp)::date`;
  const [daily, insidersPerBucket, perInsider] = await Promise.all([
    queryPrepared<DailyFlowRow>(
      db,
      scoped()
        .groupByRaw(tradeDay)
        .orderByRaw(tradeDay)
        .select(db.raw(`${dayNumber(tradeDay)} as day_number`), ...amountsByDirection(db), ...countsByDirection(db), db.raw('max(d.signal_score) as max_score')),
    ),
    // Distinct people per bucket counted where the rows are, rather than shipping each day's list.
    queryPrepared<{ bucket_day: number; insiders: number | string }>(
      db,
      scoped().groupByRaw(bucketStart).select(db.raw(`${dayNumber(bucketStart)} as bucket_day`), db.raw('count(distinct d.insider_id) as insiders')),
    ),
    queryPrepared<{ slug: string; name: string; role: Role; buy_eur: number; sell_eur: number; buys: string | number; sells: string | number }>(
      db,
      // Summed per insider straight from the covering index; the role of each one's latest trade
      // is then one probe of the (insider_id, pub_date, id) index.
      db
        .from(
          scoped()
            .groupBy('d.insider_id')
            .select(
              'd.insider_id',
              db.raw('max(d.pub_date) as last_at'),
              ...amountsByDirection(db),
              ...countsByDirection(db),
            )
            .as('g'),
        )
        // One primary-key probe per insider. As a plain join, a plan made for one company's
        // values guessed ~1,600 insiders and hashed the whole insiders table (8 ms instead of 1);
        // the LIMIT keeps PostgreSQL from flattening the lookup back into such a join.
        .joinRaw('cross join lateral (select i.slug, i.name from insiders i where i.id = g.insider_id limit 1) i')
        .select('i.slug', 'i.name', 'g.buy_eur', 'g.sell_eur', 'g.buys', 'g.sells', {
          role: scoped()
            .select('d.insider_role')
            .whereRaw('d.insider_id = g.insider_id and d.pub_date = g.last_at')
            .orderBy('d.id', 'desc')
            .limit(1),
        })
        .orderByRaw('abs(g.buy_eur - g.sell_eur) desc, i.slug'),
    ),
  ]);

  const days = daily.map((r) => ({
    ms: Number(r.day_number) * DAY_MS,
    buy: Number(r.buy_eur),
    sell: Number(r.sell_eur),
    buys: Number(r.buys),
    sells: Number(r.sells),
    maxScore: r.max_score,
  }));
  const insidersByBucketStart = new Map(insidersPerBucket.map((r) => [Number(r.bucket_day) * DAY_MS, Number(r.insiders)]));
  // Prefix sums over the days (sorted by SQL) answer any range's totals in O(log n).
  const prefix = { buy: [0], sell: [0], buys: [0], sells: [0] };
  for (const d of days) {
    prefix.buy.push(prefix.buy.at(-1)! + d.buy);
    prefix.sell.push(prefix.sell.at(-1)! + d.sell);
    prefix.buys.push(prefix.buys.at(-1)! + d.buys);
    prefix.sells.push(prefix.sells.at(-1)! + d.sells);
  }
  /** Index of the first day at or after `ms`. */
  const firstAtOrAfter = (ms: number) => {
    let lo = 0;
    let hi = days.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (days[mid]!.ms < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const netOver = (fromMs: number, toMs: number) => {
    const lo = firstAtOrAfter(fromMs);
    const hi = firstAtOrAfter(toMs + 1);
    const buy = eurCents(prefix.buy[hi]! - prefix.buy[lo]!);
    const sell = eurCents(prefix.sell[hi]! - prefix.sell[lo]!);
    return {
      buyAmountEur: buy,
      sellAmountEur: sell,
      netAmountEur: eurCents(buy - sell),
      buyCount: prefix.buys[hi]! - prefix.buys[lo]!,
      sellCount: prefix.sells[hi]! - prefix.sells[lo]!,
      range: [lo, hi] as const,
    };
  };
  const maxScoreIn = (lo: number, hi: number) => {
    const scores = days.slice(lo, hi).map((d) => d.maxScore).filter((v): v is number => v !== null);
    return scores.length ? Math.max(...scores) : null;
  };

  const firstMs = q.from ? utcMidnight(q.from.at.getTime()) : days[0]?.ms;
  const lastMs = q.to ? utcMidnight(q.to.at.getTime()) : days.at(-1)?.ms;
  const buckets = [];
  if (firstMs !== undefined && lastMs !== undefined) {
    const approxBuckets = (lastMs - firstMs) / DAY_MS / (q.bucket === 'week' ? 7 : 30);
    if (approxBuckets > MAX_BUCKETS) {
      throw errors.invalidParameter([
        { parameter: 'from', message: `the range spans more than ${MAX_BUCKETS} ${q.bucket}s; narrow from/to or use bucket=month` },
      ]);
    }
    // Dates as UTC-midnight milliseconds throughout: parsing ISO strings per bucket cost more than the rest.
    for (let cursor = firstMs; cursor <= lastMs; ) {
      const { startMs, endMs, ...b } = bucketOf(cursor, q.bucket);
      const { range: _range, ...amounts } = netOver(startMs, endMs);
      buckets.push({
        ...b,
        ...amounts,
        insiders: insidersByBucketStart.get(startMs) ?? 0,
        rolling90dNetEur: netOver(endMs - 89 * DAY_MS, endMs).netAmountEur,
      });
      cursor = endMs + DAY_MS;
    }
  }
  const rollingEnd = lastMs ?? null;
  const rolling = rollingEnd === null ? null : netOver(rollingEnd - 89 * DAY_MS, rollingEnd);
  return {
    company: { slug: company.slug, name: company.name },
    bucket: q.bucket,
    from: q.from ? isoDay(q.from.at.getTime()) : null,
    to: q.to ? isoDay(q.to.at.getTime()) : null,
    currency: 'EUR' as const,
    buckets,
    insiders: perInsider.map((r) => ({
      slug: r.slug,
      name: r.name,
      role: r.role,
      buyAmountEur: eurCents(Number(r.buy_eur)),
      sellAmountEur: eurCents(Number(r.sell_eur)),
      netAmountEur: eurCents(Number(r.buy_eur) - Number(r.sell_eur)),
      buyCount: Number(r.buys),
      sellCount: Number(r.sells),
    })),
    rolling90d: {
      from: rollingEnd === null ? null : isoDay(rollingEnd - 89 * DAY_MS),
      to: rollingEnd === null ? null : isoDay(rollingEnd),
      buyAmountEur: rolling?.buyAmountEur ?? 0,
      sellAmountEur: rolling?.sellAmountEur ?? 0,
      netAmountEur: rolling?.netAmountEur ?? 0,
      buyCount: rolling?.buyCount ?? 0,
      sellCount: rolling?.sellCount ?? 0,
      signal: !rolling || rolling.netAmountEur === 0 ? null : rolling.netAmountEur > 0 ? ('BUY' as const) : ('SELL' as const),
      maxScore: rolling ? maxScoreIn(rolling.range[0], rolling.range[1]) : null,
    },
  };
}
