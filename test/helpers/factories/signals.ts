import type { Knex } from 'knex';
import type { Line, Role } from '../../../src/model/index.js';
import { makeLine } from './drafts.js';

/**
 * Small fixture factory for scoring and backtest tests: rows written straight with knex, with
 * every NOT NULL column filled and sensible defaults (a US issuer, a director buying 1,000 shares).
 */
let sequence = 0;
const next = () => (sequence += 1);

export async function insertCompany(
  db: Knex,
  overrides: Partial<{ name: string; market: string; yahooSymbol: string | null; currency: string | null }> = {},
): Promise<number> {
  const n = next();
  const name = overrides.name ?? `Acme ${n}`;
  const [row] = await db('companies')
    .insert({
      slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${n}`,
      name,
      search_name: name.toLowerCase(),
      market: overrides.market ?? 'us',
      yahoo_symbol: overrides.yahooSymbol === undefined ? `ACME${n}` : overrides.yahooSymbol,
      currency: overrides.currency === undefined ? 'USD' : overrides.currency,
    })
    .returning('id');
  return Number(row.id);
}

export async function insertInsider(db: Knex, name = `Insider ${next()}`): Promise<number> {
  const n = next();
  const [row] = await db('insiders')
    .insert({ slug: `insider-${n}`, name, search_name: name.toLowerCase(), identity_key: `TEST:${n}` })
    .returning('id');
  return Number(row.id);
}

export function txLine(overrides: Partial<Line> = {}): Line {
  return { ...makeLine({ transactionDate: '2024-03-11', shares: 1000, sharesOwnedAfter: 5000 }), ...overrides };
}

export interface DeclarationFixture {
  id?: string;
  companyId: number;
  insiderId: number;
  pubDate: string;
  market?: string;
  direction?: 'BUY' | 'SELL' | null;
  transactionDate?: string | null;
  filingDelayDays?: number | null;
  lines?: Line[];
  role?: Role;
  isDirector?: boolean;
  isOfficer?: boolean;
  isPlanned?: boolean | null;
  isCanonical?: boolean;
  coReporterIds?: number[];
  totalAmount?: number | null;
  totalAmountEur?: number | null;
  currency?: string | null;
  contentHash?: string;
}

export async function insertDeclaration(db: Knex, f: DeclarationFixture): Promise<string> {
  const n = next();
  const id = f.id ?? `TEST:${String(n).padStart(6, '0')}`;
  const lines = f.lines ?? [txLine({ transactionDate: f.transactionDate ?? f.pubDate.slice(0, 10) })];
  const now = new Date('2026-01-01T00:00:00.000Z');
  await db('declarations').insert({
    id,
    source: 'test',
    source_id: id.split(':')[1],
    market: f.market ?? 'us',
    regulator: 'TEST',
    form_type: '4',
    pub_date: f.pubDate,
    transaction_date: f.transactionDate === undefined ? f.pubDate.slice(0, 10) : f.transactionDate,
    filing_delay_days: f.filingDelayDays === undefined ? 1 : f.filingDelayDays,
    direction: f.direction === undefined ? 'BUY' : f.direction,
    is_amendment: f.isCanonical === false,
    is_canonical: f.isCanonical ?? true,
    is_planned: f.isPlanned === undefined ? false : f.isPlanned,
    company_id: f.companyId,
    insider_id: f.insiderId,
    co_reporter_ids: f.coReporterIds ?? [],
    insider_role: f.role ?? 'DIRECTOR',
    is_director: f.isDirector ?? (f.role ?? 'DIRECTOR') === 'DIRECTOR',
    is_officer: f.isOfficer ?? false,
    is_ten_pct_owner: false,
    is_closely_associated: false,
    co_reporters: JSON.stringify([]),
    total_amount: f.totalAmount === undefined ? 10_000 : f.totalAmount,
    currency: f.currency === undefined ? 'USD' : f.currency,
    total_amount_eur: f.totalAmountEur === undefined ? 9_000 : f.totalAmountEur,
    lines: JSON.stringify(lines),
    footnotes: JSON.stringify({}),
    extras: JSON.stringify({}),
    content_hash: f.contentHash ?? `hash-${id}`,
    ingested_at: now,
    updated_at: now,
  });
  return id;
}

/** Weekdays from `from` (inclusive), `count` of them: a trading calendar without holidays. */
export function weekdays(from: string, count: number): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); out.length < count; t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/** Bars on the given dates, closes from `price(i)`; adj_close equals close unless told. */
export async function insertBars(
  db: Knex,
  symbol: string,
  dates: readonly string[],
  price: (i: number, date: string) => number,
  options: { currency?: string; adjust?: (i: number, close: number) => number } = {},
): Promise<void> {
  const rows = dates.map((date, i) => {
    const close = price(i, date);
    return {
      symbol,
      date,
      open: close,
      high: close,
      low: close,
      close,
      adj_close: options.adjust ? options.adjust(i, close) : close,
      volume: 1000,
      currency: options.currency ?? 'USD',
    };
  });
  for (let i = 0; i < rows.length; i += 500) {
    await db('price_bars').insert(rows.slice(i, i + 500)).onConflict(['symbol', 'date']).merge();
  }
}

export async function insertSnapshot(
  db: Knex,
  symbol: string,
  asOf: string,
  values: { marketCap?: number | null; sharesOutstanding?: number | null; currency?: string },
): Promise<void> {
  await db('quote_snapshots').insert({
    symbol,
    as_of: asOf,
    currency: values.currency ?? 'USD',
    market_cap: values.marketCap ?? null,
    shares_outstanding: values.sharesOutstanding ?? null,
  });
}

export async function insertFx(db: Knex, base: string, quote: string, dates: readonly string[], rate: (i: number) => number): Promise<void> {
  const rows = dates.map((date, i) => ({ base, quote, date, rate: rate(i) }));
  for (let i = 0; i < rows.length; i += 500) {
    await db('fx_rates').insert(rows.slice(i, i + 500)).onConflict(['base', 'quote', 'date']).merge();
  }
}
