import type { Knex } from 'knex';

/** Minimal rows for prices tests: a company, an insider and declarations with amounts. */

let counter = 0;
const next = () => `${process.pid}-${++counter}`;

export interface CompanyFixture {
  name: string;
  market: string;
  isin?: string | null;
  ticker?: string | null;
  yahooSymbol?: string | null;
  currency?: string | null;
}

export async function insertCompany(db: Knex, c: CompanyFixture): Promise<number> {
  const [row] = await db('companies')
    .insert({
      slug: `company-${next()}`,
      name: c.name,
      search_name: c.name.toLowerCase(),
      market: c.market,
      isin: c.isin ?? null,
      ticker: c.ticker ?? null,
      yahoo_symbol: c.yahooSymbol ?? null,
      currency: c.currency ?? null,
    })
    .returning('id');
  return Number((row as { id: number }).id);
}

export async function insertInsider(db: Knex): Promise<number> {
  const key = next();
  const [row] = await db('insiders')
    .insert({ slug: `insider-${key}`, name: 'Jane Doe', search_name: 'jane doe', identity_key: `TEST:${key}` })
    .returning('id');
  return Number((row as { id: number }).id);
}

export interface DeclarationFixture {
  id: string;
  companyId: number;
  insiderId: number;
  totalAmount: number | null;
  currency: string | null;
  transactionDate: string | null;
  pubDate?: string;
  nature?: string | null;
  lines?: unknown[];
  totalAmountEur?: number | null;
  totalAmountUsd?: number | null;
  updatedAt?: string;
}

export async function insertDeclaration(db: Knex, d: DeclarationFixture): Promise<void> {
  const [source, sourceId] = d.id.split(':') as [string, string];
  await db('declarations').insert({
    id: d.id,
    source: source.toLowerCase(),
    source_id: sourceId,
    market: 'us',
    regulator: 'TEST',
    form_type: '4',
    pub_date: d.pubDate ?? `${d.transactionDate ?? '2020-01-06'}T12:00:00.000Z`,
    transaction_date: d.transactionDate,
    is_amendment: false,
    company_id: d.companyId,
    insider_id: d.insiderId,
    insider_role: 'DIRECTOR',
    is_director: true,
    is_officer: false,
    is_ten_pct_owner: false,
    is_closely_associated: false,
    co_reporters: JSON.stringify([]),
    nature: d.nature === undefined ? 'BUY' : d.nature,
    total_amount: d.totalAmount,
    currency: d.currency,
    total_amount_eur: d.totalAmountEur ?? null,
    total_amount_usd: d.totalAmountUsd ?? null,
    lines: JSON.stringify(d.lines ?? []),
    footnotes: JSON.stringify({}),
    extras: JSON.stringify({}),
    content_hash: `hash-${d.id}`,
    ingested_at: '2020-01-06T12:00:00.000Z',
    updated_at: d.updatedAt ?? '2020-01-06T12:00:00.000Z',
  });
}

export async function fxRows(db: Knex, rows: Array<[base: string, quote: string, date: string, rate: number]>): Promise<void> {
  await db('fx_rates')
    .insert(rows.map(([base, quote, date, rate]) => ({ base, quote, date, rate })))
    .onConflict(['base', 'quote', 'date'])
    .merge();
}
