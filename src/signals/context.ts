import { marketCalendar } from '../../scoring/markets.js';
import type { ClusterMember, HistoryTrade, PriorHolding, ScoringInput, ScoringLine } from '../../scoring/types.js';
import type { WeightsTable } from '../../scoring/weights.js';
import { EMPTY_SERIES, localDate, marketCapAt, priorReturnAt, type FxTable, type SymbolSeries } from './market-data.js';

/** The declaration's own facts that scoring reads unchanged from the stored row. */
type ScoredFacts = Pick<
  ScoringInput,
  | 'insiderId' | 'coReporterIds' | 'market' | 'transactionDate' | 'filingDelayDays' | 'direction' | 'isPlanned'
  | 'plannedEvidence' | 'role' | 'isDirector' | 'isOfficer' | 'isTenPctOwner' | 'isCloselyAssociated'
  | 'totalAmount' | 'currency' | 'totalAmountEur' | 'lines'
>;

/** A declaration as loaded for scoring (camel-cased columns, lines parsed). */
export interface DeclarationRow extends ScoredFacts {
  id: string;
  companyId: number;
  pubDate: Date;
  isCanonical: boolean;
  contentHash: string;
}

export interface CompanyRow {
  id: number;
  yahooSymbol: string | null;
  currency: string | null;
}

/** Everything loaded for one batch of companies: their declarations and their market data. */
export interface CompanyBatch {
  companies: ReadonlyMap<number, CompanyRow>;
  /** Every canonical declaration of these companies, plus any non-canonical target. */
  declarations: readonly DeclarationRow[];
  series: ReadonlyMap<string, SymbolSeries>;
  fx: FxTable;
}

interface Prepared {
  row: DeclarationRow;
  pubIso: string;
  pubMs: number;
  pubLocalDate: string;
  tradeDate: string;
  holdingAfter: number | null;
}

type UnknownLine = Partial<Record<keyof ScoringLine, unknown>>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Reads the stored jsonb lines defensively: a malformed line degrades to nulls, never a crash. */
export function toScoringLines(raw: unknown): ScoringLine[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((item: UnknownLine, i): ScoringLine => ({
    line: num(item.line) ?? i + 1,
    kind: item.kind === 'holding' ? 'holding' : 'transaction',
    nature: (str(item.nature) as ScoringLine['nature']) ?? null,
    isDerivative: item.isDerivative === true,
    securityTitle: str(item.securityTitle),
    directIndirect: item.directIndirect === 'D' || item.directIndirect === 'I' ? item.directIndirect : null,
    shares: num(item.shares),
    price: num(item.price),
    amount: num(item.amount),
    sharesOwnedAfter: num(item.sharesOwnedAfter),
    transactionDate: str(item.transactionDate),
  }));
}

/** The holding a declaration leaves the insider with: the last plain-share line that reports one. */
export function holdingAfterOf(lines: readonly ScoringLine[]): number | null {
  let best: ScoringLine | null = null;
  for (const l of lines) {
    if (l.isDerivative || l.sharesOwnedAfter === null) continue;
    if (!best || l.line > best.line) best = l;
  }
  return best?.sharesOwnedAfter ?? null;
}

function prepare(row: DeclarationRow): Prepared {
  const pubLocalDate = localDate(row.pubDate, marketCalendar(row.market).timeZone);
  return {
    row,
    pubIso: row.pubDate.toISOString(),
    pubMs: row.pubDate.getTime(),
    pubLocalDate,
    tradeDate: row.transactionDate ?? pubLocalDate,
    holdingAfter: holdingAfterOf(row.lines),
  };
}

const byPublication = (a: Prepared, b: Prepared) => a.pubMs - b.pubMs || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0);

function groupBy<K>(items: Prepared[], key: (p: Prepared) => K | null): Map<K, Prepared[]> {
  const map = new Map<K, Prepared[]>();
  for (const p of items) {
    const k = key(p);
    if (k === null) continue;
    const list = map.get(k);
    if (list) list.push(p);
    else map.set(k, [p]);
  }
  return map;
}

/** First index whose publication is at or after `ms` in a list sorted by publication. */
function firstAtOrAfter(list: readonly Prepared[], ms: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.pubMs < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Other insiders' same-direction declarations published in the window up to this one, keeping
 * each insider's earliest (the cluster factor counts distinct insiders earliest first).
 */
function clusterOf(p: Prepared, sameDirection: readonly Prepared[], windowMs: number): ClusterMember[] {
  const members: ClusterMember[] = [];
  const seen = new Set<number>();
  const end = firstAtOrAfter(sameDirection, p.pubMs + 1);
  for (let i = firstAtOrAfter(sameDirection, p.pubMs - windowMs); i < end; i += 1) {
    const other = sameDirection[i]!;
    if (other.row.id === p.row.id || other.row.insiderId === p.row.insiderId || seen.has(other.row.insiderId)) continue;
    seen.add(other.row.insiderId);
    members.push({
      declarationId: other.row.id,
      insiderId: other.row.insiderId,
      coReporterIds: [...other.row.coReporterIds].sort((a, b) => a - b),
      pubDate: other.pubIso,
    });
  }
  return members;
}

/**
 * The insider's earlier same-direction trades at this issuer from prior calendar years, reduced to
 * what the routine test reads: per year, the first trade and the first trade in this trade's month.
 */
function historyOf(p: Prepared, ownDeclarations: readonly Prepared[]): HistoryTrade[] {
  const year = p.tradeDate.slice(0, 4);
  const month = p.tradeDate.slice(5, 7);
  const earlier = ownDeclarations
    .filter((o) => o.pubMs <= p.pubMs && o.row.id !== p.row.id && o.row.direction === p.row.direction && o.tradeDate.slice(0, 4) < year)
    .sort((a, b) => (a.tradeDate < b.tradeDate ? -1 : a.tradeDate > b.tradeDate ? 1 : a.row.id < b.row.id ? -1 : 1));
  const kept = new Map<string, HistoryTrade>();
  for (const o of earlier) {
    const y = o.tradeDate.slice(0, 4);
    const trade = { declarationId: o.row.id, tradeDate: o.tradeDate };
    if (!kept.has(`${y}`)) kept.set(`${y}`, trade);
    if (o.tradeDate.slice(5, 7) === month && !kept.has(`${y}-m`)) kept.set(`${y}-m`, trade);
  }
  const unique = new Map([...kept.values()].map((t) => [t.declarationId, t]));
  return [...unique.values()].sort((a, b) => (a.tradeDate < b.tradeDate ? -1 : a.tradeDate > b.tradeDate ? 1 : 0));
}

function priorHoldingOf(p: Prepared, ownDeclarations: readonly Prepared[]): PriorHolding | null {
  for (let i = firstAtOrAfter(ownDeclarations, p.pubMs + 1) - 1; i >= 0; i -= 1) {
    const o = ownDeclarations[i]!;
    if (o.row.id === p.row.id || o.holdingAfter === null) continue;
    return { declarationId: o.row.id, pubDate: o.pubIso, sharesOwnedAfter: o.holdingAfter };
  }
  return null;
}

/**
 * Point-in-time scoring inputs for the target declarations of one batch: only canonical
 * declarations published at or before each target's pubDate, prices strictly before its local
 * trading day and snapshots taken on or before that day are read.
 */
export function buildScoringInputs(
  batch: CompanyBatch,
  isTarget: (id: string) => boolean,
  weights: WeightsTable,
): Array<{ row: DeclarationRow; input: ScoringInput }> {
  const windowMs = weights.clusterWindowDays * 86_400_000;
  const out: Array<{ row: DeclarationRow; input: ScoringInput }> = [];
  const byCompany = new Map<number, Prepared[]>();
  for (const row of batch.declarations) {
    const list = byCompany.get(row.companyId);
    if (list) list.push(prepare(row));
    else byCompany.set(row.companyId, [prepare(row)]);
  }
  for (const [companyId, all] of byCompany) {
    const canonical = all.filter((p) => p.row.isCanonical).sort(byPublication);
    const byDirection = groupBy(canonical, (p) => p.row.direction);
    const byInsider = groupBy(canonical, (p) => p.row.insiderId);
    const company = batch.companies.get(companyId);
    const symbol = company?.yahooSymbol ?? null;
    const series = (symbol && batch.series.get(symbol)) || EMPTY_SERIES;
    for (const p of all) {
      if (!isTarget(p.row.id)) continue;
      const row = p.row;
      const own = byInsider.get(row.insiderId) ?? [];
      out.push({
        row,
        input: {
          declarationId: row.id,
          market: row.market,
          insiderId: row.insiderId,
          coReporterIds: [...row.coReporterIds].sort((a, b) => a - b),
          pubDate: p.pubIso,
          pubLocalDate: p.pubLocalDate,
          direction: row.direction,
          transactionDate: row.transactionDate,
          filingDelayDays: row.filingDelayDays,
          isPlanned: row.isPlanned,
          plannedEvidence: row.plannedEvidence,
          role: row.role,
          isDirector: row.isDirector,
          isOfficer: row.isOfficer,
          isTenPctOwner: row.isTenPctOwner,
          isCloselyAssociated: row.isCloselyAssociated,
          totalAmount: row.totalAmount,
          currency: row.currency,
          totalAmountEur: row.totalAmountEur,
          lines: row.lines,
          cluster: row.direction ? clusterOf(p, byDirection.get(row.direction) ?? [], windowMs) : [],
          history: row.direction ? historyOf(p, own) : [],
          priorHolding: priorHoldingOf(p, own),
          marketCap: marketCapAt(symbol, series, company?.currency ?? null, p.pubLocalDate, batch.fx, weights),
          priorReturn: priorReturnAt(symbol, series, p.pubLocalDate, weights),
        },
      });
    }
  }
  return out;
}
