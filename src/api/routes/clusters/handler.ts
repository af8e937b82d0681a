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

/** What finding events needs of a trade; the rest is read for the returned page only. */
export interface ClusterTrade {
  id: string;
  company_id: number;
  insider_id: number;
  /** Trade date (publication date when unknown) as days since 1970-01-01, UTC. */
  trade_day: number;
}

/** What an event reports of each of its trades. */
export interface TradeDetails {
  role: Role;
  /** Publication instant in epoch milliseconds. */
  pub_ms: number;
  total_amount_eur: number | null;
  signal_score: number | null;
}

/** An event as found: its trades in trade-date order and how many distinct insiders made them. */
export interface ClusterWindow {
  trades: ClusterTrade[];
  insiderCount: number;
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
export function findClusters(trades: ClusterTrade[], minInsiders: number, windowDays: number): ClusterWindow[] {
  const events: ClusterWindow[] = [];
  const inWindow = new Map<number, number>();
  const enter = (t: ClusterTrade) => inWindow.set(t.insider_id, (inWindow.get(t.insider_id) ?? 0) + 1);
  const leave = (t: ClusterTrade) => {
    const left = inWindow.get(t.insider_id)! - 1;
    if (left === 0) inWindow.delete(t.insider_id);
    else inWindow.set(t.insider_id, left);
  };
  let start = 0;
  let end = 0; // exclusive
  while (start < trades.length) {
    while (end < trades.length && trades[end]!.trade_day - trades[start]!.trade_day <= windowDays) enter(trades[end++]!);
    if (inWindow.size >= minInsiders) {
      events.push({ trades: trades.slice(start, end), insiderCount: inWindow.size });
      inWindow.clear();
      start = end;
    } else {
      leave(trades[start]!);
      start += 1;
    }
  }
  return events;
}

/** The event as reported, from its trades and their details (by declaration id). */
export function describeCluster(window: ClusterWindow, direction: 'BUY' | 'SELL', details: Map<string, TradeDetails>): RawClusterEvent {
  const { trades } = window;
  const first = trades[0]!;
  const detailed = trades.map((t) => ({ ...t, ...details.get(t.id)! }));
  const insiders = new Map<number, Role>();
  for (const t of detailed) insiders.set(t.insider_id, t.role);
  const amounts = detailed.map((t) => t.total_amount_eur);
  const scores = detailed.map((t) => t.signal_score).filter((s): s is number => s !== null);
  return {
    companyId: first.company_id,
    direction,
    insiderCount: window.insiderCount,
    declarationCount: trades.length,
    firstTradeDate: isoDay(first.trade_day),
    lastTradeDate: isoDay(trades[trades.length - 1]!.trade_day),
    lastPubDate: new Date(detailed.reduce((latest, t) => Math.max(latest, t.pub_ms), -Infinity)).toISOString(),
    totalAmountEur: amounts.some((a) => a === null) ? null : amounts.reduce<number>((s, a) => s + (a ?? 0), 0),
    maxScore: scores.length ? scores.reduce((a, b) => Math.max(a, b)) : null,
    insiders: [...insiders].map(([id, role]) => ({ id, role })),
    declarationIds: trades.map((t) => t.id),
  };
}

export async function listClusters(db: Db, q: ClusterQuery) {
  const since = new Date(Date.now() - q.lookbackDays * DAY_MS);
  // Events are found from four columns read as arrays; what they report (roles, amounts, scores,
  // publication times) is read for the returned page only. Reading all eight for every trade of a
  // ten-year look-back took twice as long as the rest of the request.
  const rows = await queryPrepared<[string, number, number, number]>(
    db,
    db('declarations as d')
      .whereRaw('d.is_canonical')
      .where('d.direction', q.direction)
      .where('d.pub_date', '>=', since)
      .modify((b) => {
        if (q.market) b.whereIn('d.market', q.market);
      })
      .select(
        'd.id',
        'd.company_id',
        'd.insider_id',
        // Days as integers: no date text to parse per trade, and integer comparisons to sort by.
        db.raw("coalesce(d.transaction_date, (d.pub_date at time zone 'UTC')::date) - date '1970-01-01' as trade_day"),
      ),
    { rowMode: 'array' },
  );

  // Grouped and ordered here rather than in SQL: the (direction, pub_date) index then answers the
  // look-back with an index-only range scan and PostgreSQL sorts nothing.
  const byCompany = new Map<number, ClusterTrade[]>();
  for (const [id, company_id, insider_id, trade_day] of rows) {
    const trade = { id, company_id, insider_id, trade_day };
    const list = byCompany.get(company_id);
    if (list) list.push(trade);
    else byCompany.set(company_id, [trade]);
  }
  const byTradeDateThenId = (a: ClusterTrade, b: ClusterTrade) => a.trade_day - b.trade_day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const windows = [...byCompany.values()].flatMap((trades) => findClusters(trades.sort(byTradeDateThenId), q.minInsiders, q.windowDays));
  const lastDay = (w: ClusterWindow) => w.trades[w.trades.length - 1]!.trade_day;
  windows.sort((a, b) => lastDay(b) - lastDay(a) || b.insiderCount - a.insiderCount || a.trades[0]!.company_id - b.trades[0]!.company_id);
  const pageWindows = windows.slice(q.offset, q.offset + q.limit);
  const details = await tradeDetails(db, pageWindows.flatMap((w) => w.trades.map((t) => t.id)));
  const page = pageWindows.map((w) => describeCluster(w, q.direction, details));

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
  return { items, total: windows.length, limit: q.limit, offset: q.offset };
}

async function tradeDetails(db: Db, ids: string[]): Promise<Map<string, TradeDetails>> {
  if (ids.length === 0) return new Map();
  const rows = await queryPrepared<TradeDetails & { id: string }>(
    db,
    db('declarations as d')
      .whereRaw('d.id = any(?::text[])', [ids])
      .select(
        'd.id',
        'd.insider_role as role',
        // A number parses far faster than a timestamp.
        db.raw('(extract(epoch from d.pub_date) * 1000)::float8 as pub_ms'),
        'd.total_amount_eur',
        'd.signal_score',
      ),
  );
  return new Map(rows.map(({ id, ...details }) => [id, details]));
}
