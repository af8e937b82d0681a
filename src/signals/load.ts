import type { Knex } from 'knex';
import type { Direction, Role } from '../model/index.js';
import type { CompanyRow, DeclarationRow } from './context.js';
import { toScoringLines } from './context.js';
import { FxTable, prepareSeries, type Bar, type Snapshot, type SymbolSeries } from './market-data.js';

interface RawDeclaration {
  id: string;
  company_id: number;
  insider_id: number;
  co_reporter_ids: Array<string | number> | null;
  market: string;
  pub_date: Date;
  transaction_date: string | null;
  filing_delay_days: number | null;
  direction: Direction | null;
  is_canonical: boolean;
  is_planned: boolean | null;
  planned_evidence: string | null;
  insider_role: Role;
  is_director: boolean;
  is_officer: boolean;
  is_ten_pct_owner: boolean;
  is_closely_associated: boolean;
  total_amount: number | null;
  currency: string | null;
  total_amount_eur: number | null;
  lines: unknown;
  content_hash: string;
}

const DECLARATION_COLUMNS = `id, company_id, insider_id, co_reporter_ids, market, pub_date, transaction_date,
  filing_delay_days, direction, is_canonical, is_planned, planned_evidence, insider_role, is_director, is_officer,
  is_ten_pct_owner, is_closely_associated, total_amount, currency, total_amount_eur, lines, content_hash`;

function toRow(r: RawDeclaration): DeclarationRow {
  return {
    id: r.id,
    companyId: Number(r.company_id),
    insiderId: Number(r.insider_id),
    coReporterIds: (r.co_reporter_ids ?? []).map(Number),
    market: r.market,
    pubDate: r.pub_date,
    transactionDate: r.transaction_date,
    filingDelayDays: r.filing_delay_days,
    direction: r.direction === 'BUY' || r.direction === 'SELL' ? r.direction : null,
    isCanonical: r.is_canonical,
    isPlanned: r.is_planned,
    plannedEvidence: r.planned_evidence,
    role: r.insider_role,
    isDirector: r.is_director,
    isOfficer: r.is_officer,
    isTenPctOwner: r.is_ten_pct_owner,
    isCloselyAssociated: r.is_closely_associated,
    totalAmount: r.total_amount,
    currency: r.currency,
    totalAmountEur: r.total_amount_eur,
    lines: toScoringLines(r.lines),
    contentHash: r.content_hash,
  };
}

/**
 * The companies' canonical declarations published up to `until` (nothing later can be part of a
 * target's point-in-time context), plus the non-canonical targets themselves. With `targets`,
 * only what those targets' context can contain is read: everything published since `since` (the
 * cluster window before the earliest target) and every declaration of the targets' insiders
 * (their history and holdings).
 */
export async function loadDeclarations(
  db: Knex,
  companyIds: readonly number[],
  until: Date,
  nonCanonicalTargets: readonly string[] = [],
  targets?: { ids: readonly string[]; since: Date },
): Promise<DeclarationRow[]> {
  const scope = targets
    ? `and (pub_date >= ? or insider_id in (select insider_id from declarations where id = any(?::text[])))`
    : '';
  const { rows } = await db.raw<{ rows: RawDeclaration[] }>(
    `select ${DECLARATION_COLUMNS} from declarations
      where company_id = any(?::bigint[]) and pub_date <= ? and (is_canonical or id = any(?::text[])) ${scope}`,
    [
      companyIds as number[],
      until,
      nonCanonicalTargets as string[],
      ...(targets ? [targets.since, targets.ids as string[]] : []),
    ],
  );
  return rows.map(toRow);
}

export async function loadCompanies(db: Knex, companyIds: readonly number[]): Promise<Map<number, CompanyRow>> {
  const rows = await db('companies')
    .whereRaw('id = any(?::bigint[])', [companyIds as number[]])
    .select<Array<{ id: number; yahoo_symbol: string | null; currency: string | null }>>('id', 'yahoo_symbol', 'currency');
  return new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), yahooSymbol: r.yahoo_symbol, currency: r.currency }]));
}

/**
 * Bars of the symbols limited to [from, to), and all their snapshots (the shares-outstanding
 * fallback may read the first snapshot after a publication, whatever else is in the batch).
 */
export async function loadSeries(
  db: Knex,
  symbols: readonly string[],
  from: string,
  to: string,
): Promise<Map<string, SymbolSeries>> {
  if (symbols.length === 0) return new Map();
  // One row per symbol with its bars packed in a string: far cheaper to read than a row per bar.
  const [bars, snapshots] = await Promise.all([
    db.raw<{ rows: Array<{ symbol: string; bars: string }> }>(
      `select symbol, string_agg(to_char(date, 'YYYY-MM-DD') || ' ' || coalesce(close::text, '') || ' ' ||
                                 coalesce(adj_close::text, '') || ' ' || coalesce(currency, ''), E'\n' order by date) as bars
         from price_bars
        where symbol = any(?::text[]) and date >= ? and date < ?
        group by symbol`,
      [symbols as string[], from, to],
    ),
    db.raw<{ rows: Array<{ symbol: string; as_of: string; currency: string | null; market_cap: number | null; shares_outstanding: number | null }> }>(
      `select symbol, as_of, currency, market_cap, shares_outstanding from quote_snapshots
        where symbol = any(?::text[]) order by symbol, as_of`,
      [symbols as string[]],
    ),
  ]);
  const barsBySymbol = new Map<string, Bar[]>();
  for (const packed of bars.rows) barsBySymbol.set(packed.symbol, unpackBars(packed.bars));
  const snapsBySymbol = new Map<string, Snapshot[]>();
  for (const s of snapshots.rows) {
    const list = snapsBySymbol.get(s.symbol) ?? [];
    list.push({ asOf: s.as_of, currency: s.currency, marketCap: s.market_cap, sharesOutstanding: s.shares_outstanding });
    snapsBySymbol.set(s.symbol, list);
  }
  return new Map(symbols.map((s) => [s, prepareSeries(barsBySymbol.get(s) ?? [], snapsBySymbol.get(s) ?? [])]));
}

const numberOrNull = (text: string | undefined): number | null => (text ? Number(text) : null);

/** "2024-03-11 10.5 10.25 USD" lines, as packed by loadSeries. */
export function unpackBars(packed: string): Bar[] {
  return packed.split('\n').map((line) => {
    const [date = '', close, adjClose, currency] = line.split(' ');
    return { date, close: numberOrNull(close), adjClose: numberOrNull(adjClose), currency: currency || null };
  });
}

export async function loadFx(db: Knex): Promise<FxTable> {
  const rows = await db('fx_rates').select<Array<{ base: string; quote: string; date: string; rate: number }>>('base', 'quote', 'date', 'rate');
  const table = new FxTable();
  for (const r of rows) table.add(r.base, r.quote, r.date, r.rate);
  return table.seal();
}
