import type { Knex } from 'knex';
import type { Db } from '../../../db/knex.js';
import { queryPrepared } from '../../../db/prepared.js';
import type { Role } from '../../../model/enums.js';

export interface ClusterQuery {
  direction: 'BUY' | 'SELL';
  minInsiders: number;
  windowDays: number;
  lookbackDays: number;
  market?: string[];
  limit: number;
  offset: number;
}

/** One issuer's trades in trade-date order, as columns: what finding events needs, and no more. */
export interface IssuerTrades {
  /** Trade date (publication date when unknown) as days since 1970-01-01, UTC. */
  days: readonly number[];
  insiderIds: readonly number[];
}

/**
 * An event as found: every trade of one issuer from `firstDay` to `lastDay`. Events always take
 * whole trade days (a window reaches every trade within `windowDays` of its first, and a window
 * that fails also fails from any later trade of the same day, holding a subset of its insiders),
 * so the order of same-day trades never changes what is found.
 */
export interface ClusterWindow {
  firstDay: number;
  lastDay: number;
  insiderCount: number;
  declarationCount: number;
}

/** A trade of an event, with what the event reports of it. */
export interface EventTrade {
  id: string;
  insider_id: number;
  trade_day: number;
  role: Role;
  /** Publication instant in epoch milliseconds. */
  pub_ms: number;
  total_amount_eur: number | null;
  signal_score: number | null;
}

/** An event before names are attached (only the returned page is looked up). */
export interface RawClusterEvent {
  companyId: number;
  direction: 'BUY' | 'SELL';
  insiderCount: number;
  declarationCount: number;
  firstTradeDate: string;
  lastTradeDate: string;
  lastPubDate: string;
  totalAmountEur: number | null;
  maxScore: number | null;
  insiders: Array<{ id: number; role: Role }>;
  declarationIds: string[];
}

export interface ClusterEvent extends Omit<RawClusterEvent, 'companyId' | 'insiders'> {
  company: { slug: string; name: string; market: string };
  insiders: Array<{ slug: string; name: string; role: Role }>;
}

const DAY_MS = 86_400_000;
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Groups one issuer's same-direction trades (sorted by trade date) into events: a window opens at
 * a trade and takes every trade within `windowDays` of it; when it holds at least `minInsiders`
 * distinct insiders it is an event and the next window starts after it, else the window slides on
 * by one trade. Events therefore never overlap and never count a declaration twice.
 * Both window ends only move forward and the distinct insiders are counted as they enter and
 * leave, so an issuer's trades are walked in linear time however many share a window.
 */
export function findClusters(trades: IssuerTrades, minInsiders: number, windowDays: number): ClusterWindow[] {
  const { days, insiderIds } = trades;
  const events: ClusterWindow[] = [];
  const inWindow = new Map<number, number>();
  let start = 0;
  let end = 0; // exclusive
  while (start < days.length) {
    while (end < days.length && days[end]! - days[start]! <= windowDays) {
      const insider = insiderIds[end++]!;
      inWindow.set(insider, (inWindow.get(insider) ?? 0) + 1);
    }
    if (inWindow.size >= minInsiders) {
      events.push({ firstDay: days[start]!, lastDay: days[end - 1]!, insiderCount: inWindow.size, declarationCount: end - start });
      inWindow.clear();
      start = end;
    } else {
      const insider = insiderIds[start++]!;
      const left = inWindow.get(insider)! - 1;
      if (left === 0) inWindow.delete(insider);
      else inWindow.set(insider, left);
    }
  }
  return events;
}

/** The event as reported, from its trades in trade-date order (ties by id). */
export function describeCluster(companyId: number, direction: 'BUY' | 'SELL', trades: readonly EventTrade[]): RawClusterEvent {
  const first = trades[0]!;
  const insiders = new Map<number, Role>();
  for (const t of trades) insiders.set(t.insider_id, t.role);
  const amounts = trades.map((t) => t.total_amount_eur);
  const scores = trades.map((t) => t.signal_score).filter((s): s is number => s !== null);
  return {
    companyId,
    direction,
    insiderCount: insiders.size,
    declarationCount: trades.length,
    firstTradeDate: isoDay(first.trade_day),
    lastTradeDate: isoDay(trades[trades.length - 1]!.trade_day),
    lastPubDate: new Date(trades.reduce((latest, t) => Math.max(latest, t.pub_ms), -Infinity)).toISOString(),
    totalAmountEur: amounts.some((a) => a === null) ? null : amounts.reduce<number>((s, a) => s + (a ?? 0), 0),
    maxScore: scores.length ? scores.reduce((a, b) => Math.max(a, b)) : null,
    insiders: [...insiders].map(([id, role]) => ({ id, role })),
    declarationIds: trades.map((t) => t.id),
  };
}

/** The trade date as days since 1970-01-01: integers to compare, no date text to parse per trade. */
const TRADE_DAY = "coalesce(d.transaction_date, (d.pub_date at time zone 'UTC')::date) - date '1970-01-01'";

/** The declarations events are made of: canonical, of the direction, published in the look-back. */
function eligibleTrades(db: Knex, q: ClusterQuery, since: Date): Knex.QueryBuilder {
  return db('declarations as d')
    .whereRaw('d.is_canonical')
    .where('d.direction', q.direction)
    .where('d.pub_date', '>=', since)
    .modify((b) => {
      if (q.market) b.whereIn('d.market', q.market);
    });
}

type Found = ClusterWindow & { companyId: number };

export async function listClusters(db: Db, q: ClusterQuery) {
  const since = new Date(Date.now() - q.lookbackDays * DAY_MS);
  // One snapshot for both reads: the second fetches the returned events' trades by the day ranges
  // the first found them in.
  const { total, page } = await db.transaction(
    async (trx) => {
      // Events are found from three integers per trade, read as arrays; ids and what events report
      // (roles, amounts, scores, publication times) are read for the returned page only. Reading
      // ids and details for every trade of a ten-year look-back cost most of the request.
      const rows = await queryPrepared<[number, number, number]>(
        trx,
        eligibleTrades(trx, q, since).select('d.company_id', 'd.insider_id', trx.raw(`${TRADE_DAY} as trade_day`)),
        { rowMode: 'array' },
      );
      const found: Found[] = [];
      for (const [companyId, trades] of tradesByIssuer(rows)) {
        for (const w of findClusters(trades, q.minInsiders, q.windowDays)) found.push({ ...w, companyId });
      }
      found.sort((a, b) => b.lastDay - a.lastDay || b.insiderCount - a.insiderCount || a.companyId - b.companyId);
      const pageWindows = found.slice(q.offset, q.offset + q.limit);
      const trades = await tradesOfEvents(trx, q, since, pageWindows);
      return { total: found.length, page: pageWindows.map((w, i) => describeCluster(w.companyId, q.direction, trades[i]!)) };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );

  // Names only for the events returned.
  const [companies, insiders] = await Promise.all([
    db('companies').whereIn('id', [...new Set(page.map((e) => e.companyId))]).select('id', 'slug', 'name', 'market') as Promise<
      Array<{ id: number; slug: string; name: string; market: string }>
    >,
    db('insiders').whereIn('id', [...new Set(page.flatMap((e) => e.insiders.map((i) => i.id)))]).select('id', 'slug', 'name') as Promise<
      Array<{ id: number; slug: string; name: string }>
    >,
  ]);
  const companyById = new Map(companies.map((c) => [Number(c.id), c]));
  const insiderById = new Map(insiders.map((i) => [Number(i.id), i]));
  const items: ClusterEvent[] = page.map(({ companyId, insiders: members, ...rest }) => {
    const c = companyById.get(companyId)!;
    return {
      company: { slug: c.slug, name: c.name, market: c.market },
      ...rest,
      insiders: members.map((m) => ({ slug: insiderById.get(m.id)!.slug, name: insiderById.get(m.id)!.name, role: m.role })),
    };
  });
  return { items, total, limit: q.limit, offset: q.offset };
}

/**
 * Each issuer's trades in trade-date order. Grouped and ordered here rather than in SQL: the
 * (direction, pub_date) index then answers the look-back with an index-only range scan and
 * PostgreSQL sorts nothing; it returns them nearly in order already.
 */
export function tradesByIssuer(rows: ReadonlyArray<readonly [number, number, number]>): Map<number, IssuerTrades> {
  const byIssuer = new Map<number, { days: number[]; insiderIds: number[] }>();
  for (const [companyId, insiderId, day] of rows) {
    let trades = byIssuer.get(companyId);
    if (!trades) byIssuer.set(companyId, (trades = { days: [], insiderIds: [] }));
    trades.days.push(day);
    trades.insiderIds.push(insiderId);
  }
  for (const [companyId, { days, insiderIds }] of byIssuer) {
    const order = days.map((_, i) => i).sort((a, b) => days[a]! - days[b]!);
    byIssuer.set(companyId, { days: order.map((i) => days[i]!), insiderIds: order.map((i) => insiderIds[i]!) });
  }
  return byIssuer;
}

/** The trades of each event, in trade-date order (ties by id), by one read for the whole page. */
async function tradesOfEvents(trx: Knex, q: ClusterQuery, since: Date, events: Found[]): Promise<EventTrade[][]> {
  if (events.length === 0) return [];
  const ranges = new Map<number, { first: number; last: number }>();
  for (const e of events) {
    const r = ranges.get(e.companyId);
    ranges.set(e.companyId, { first: Math.min(r?.first ?? e.firstDay, e.firstDay), last: Math.max(r?.last ?? e.lastDay, e.lastDay) });
  }
  const rows = await queryPrepared<EventTrade & { company_id: number }>(
    trx,
    eligibleTrades(trx, q, since)
      .joinRaw('join unnest(?::bigint[], ?::int[], ?::int[]) as r(company_id, first_day, last_day) on r.company_id = d.company_id', [
        [...ranges.keys()],
        [...ranges.values()].map((r) => r.first),
        [...ranges.values()].map((r) => r.last),
      ])
      .whereRaw(`${TRADE_DAY} between r.first_day and r.last_day`)
      .select(
        'd.id',
        'd.company_id',
        'd.insider_id',
        trx.raw(`${TRADE_DAY} as trade_day`),
        'd.insider_role as role',
        // A number parses far faster than a timestamp.
        trx.raw('(extract(epoch from d.pub_date) * 1000)::float8 as pub_ms'),
        'd.total_amount_eur',
        'd.signal_score',
      ),
  );
  const byTradeDateThenId = (a: EventTrade, b: EventTrade) => a.trade_day - b.trade_day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return events.map((e) =>
    rows.filter((t) => t.company_id === e.companyId && t.trade_day >= e.firstDay && t.trade_day <= e.lastDay).sort(byTradeDateThenId),
  );
}
