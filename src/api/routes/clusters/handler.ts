import type { Db } from '../../../db/knex.js';
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

interface TradeRow {
  id: string;
  company_id: number;
  insider_id: number;
  role: Role;
  trade_date: string;
  pub_date: Date;
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
const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

/**
 * Groups one issuer's same-direction trades (sorted by trade date) into events: a window opens at
 * a trade and takes every trade within `windowDays` of it; when it holds at least `minInsiders`
 * distinct insiders it is an event and the next window starts after it, else the window slides on
 * by one trade. Events therefore never overlap and never count a declaration twice.
 */
export function findClusters(trades: TradeRow[], direction: 'BUY' | 'SELL', minInsiders: number, windowDays: number): RawClusterEvent[] {
  const events: RawClusterEvent[] = [];
  let start = 0;
  while (start < trades.length) {
    const first = trades[start]!;
    let end = start;
    while (end + 1 < trades.length && dayNumber(trades[end + 1]!.trade_date) - dayNumber(first.trade_date) <= windowDays) end += 1;
    const window = trades.slice(start, end + 1);
    const insiders = new Map<number, TradeRow>();
    for (const t of window) insiders.set(t.insider_id, t);
    if (insiders.size >= minInsiders) {
      const amounts = window.map((t) => t.total_amount_eur);
      const scores = window.map((t) => t.signal_score).filter((s): s is number => s !== null);
      events.push({
        companyId: first.company_id,
        direction,
        insiderCount: insiders.size,
        declarationCount: window.length,
        firstTradeDate: first.trade_date,
        lastTradeDate: window[window.length - 1]!.trade_date,
        lastPubDate: new Date(Math.max(...window.map((t) => t.pub_date.getTime()))).toISOString(),
        totalAmountEur: amounts.some((a) => a === null) ? null : amounts.reduce<number>((s, a) => s + (a ?? 0), 0),
        maxScore: scores.length ? Math.max(...scores) : null,
        insiders: [...insiders.values()].map((t) => ({ id: t.insider_id, role: t.role })),
        declarationIds: window.map((t) => t.id),
      });
      start = end + 1;
    } else {
      start += 1;
    }
  }
  return events;
}

export async function listClusters(db: Db, q: ClusterQuery) {
  const since = new Date(Date.now() - q.lookbackDays * DAY_MS);
  const rows = (await db('declarations as d')
    .where('d.is_canonical', true)
    .where('d.direction', q.direction)
    .where('d.pub_date', '>=', since)
    .modify((b) => {
      if (q.market) b.whereIn('d.market', q.market);
    })
    .select(
      'd.id',
      'd.company_id',
      'd.insider_id',
      'd.insider_role as role',
      db.raw("coalesce(d.transaction_date, (d.pub_date at time zone 'UTC')::date)::text as trade_date"),
      'd.pub_date',
      'd.total_amount_eur',
      'd.signal_score',
    )
    .orderBy([{ column: 'd.company_id' }, { column: 'trade_date' }, { column: 'd.id' }])) as TradeRow[];

  const byCompany = new Map<number, TradeRow[]>();
  for (const r of rows) {
    const list = byCompany.get(r.company_id);
    if (list) list.push(r);
    else byCompany.set(r.company_id, [r]);
  }
  const events = [...byCompany.values()].flatMap((trades) => findClusters(trades, q.direction, q.minInsiders, q.windowDays));
  events.sort((a, b) => b.lastTradeDate.localeCompare(a.lastTradeDate) || b.insiderCount - a.insiderCount || a.companyId - b.companyId);
  const page = events.slice(q.offset, q.offset + q.limit);

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
  return { items, total: events.length, limit: q.limit, offset: q.offset };
}
