import type { Knex } from 'knex';
import { stampChanges } from '../../../src/db/change-clock.js';
import type { Line } from '../../../src/model/declaration.js';
import { foldText, slugify } from '../../../src/model/slug.js';
import { makeLine } from './drafts.js';

/**
 * Rows written straight into the core tables (columns of 20261122000100_create_core_tables), for
 * API tests that need precise data. Every helper takes overrides for any column.
 */
let counter = 0;
const next = () => {
  counter += 1;
  return counter;
};

export interface CompanyInput {
  name?: string;
  slug?: string;
  market?: string;
  isin?: string | null;
  ticker?: string | null;
  cik?: string | null;
  marketCapEur?: number | null;
}

export async function insertCompany(db: Knex, input: CompanyInput = {}): Promise<{ id: number; slug: string; name: string }> {
  const n = next();
  const name = input.name ?? `Company ${n}`;
  const slug = input.slug ?? `${slugify(name)}-${n}`;
  const [row] = await db('companies')
    .insert({
      slug,
      name,
      search_name: foldText(name),
      market: input.market ?? 'us',
      isin: input.isin ?? null,
      ticker: input.ticker ?? null,
      cik: input.cik ?? null,
      market_cap_eur: input.marketCapEur ?? null,
    })
    .returning(['id', 'slug', 'name']);
  return { id: Number(row.id), slug: row.slug, name: row.name };
}

export async function insertInsider(db: Knex, input: { name?: string; slug?: string; externalId?: string | null } = {}) {
  const n = next();
  const name = input.name ?? `Insider ${n}`;
  const slug = input.slug ?? `${slugify(name)}-${n}`;
  const [row] = await db('insiders')
    .insert({
      slug,
      name,
      search_name: foldText(name),
      identity_key: `TEST:${slug}`,
      external_id: input.externalId ?? null,
      external_id_scheme: input.externalId ? 'SEC_CIK' : null,
      is_entity: false,
    })
    .returning(['id', 'slug', 'name']);
  return { id: Number(row.id), slug: row.slug as string, name: row.name as string };
}

export function line(overrides: Partial<Line> = {}): Line {
  return { ...makeLine({ transactionDate: '2026-03-02', sharesOwnedAfter: 1100 }), ...overrides };
}

export interface DeclarationInput {
  id?: string;
  companyId: number;
  insiderId: number;
  market?: string;
  source?: string;
  regulator?: string;
  pubDate?: string;
  transactionDate?: string | null;
  direction?: 'BUY' | 'SELL' | null;
  nature?: string | null;
  totalAmount?: number | null;
  totalAmountEur?: number | null;
  currency?: string | null;
  isAmendment?: boolean;
  amends?: string | null;
  amendedBy?: string | null;
  isCanonical?: boolean;
  isPlanned?: boolean | null;
  role?: string;
  signalScore?: number | null;
  signalIsCluster?: boolean | null;
  isin?: string | null;
  coReporterIds?: number[];
  coReporters?: Array<{ name: string; externalId: string | null; role: string; roleRaw: string | null }>;
  lines?: Line[];
}

export function declarationRow(input: DeclarationInput): Record<string, unknown> {
  const n = next();
  const source = input.source ?? 'sec';
  const id = input.id ?? `${source.toUpperCase()}:T-${String(n).padStart(8, '0')}`;
  const direction = input.direction === undefined ? 'BUY' : input.direction;
  const scored = input.signalScore !== undefined && input.signalScore !== null;
  const pubDate = input.pubDate ?? '2026-03-03T21:15:00.000Z';
  const amount = input.totalAmount === undefined ? 1000 : input.totalAmount;
  return {
    id,
    source,
    source_id: id.slice(id.indexOf(':') + 1),
    market: input.market ?? 'us',
    regulator: input.regulator ?? 'SEC',
    form_type: input.isAmendment ? '4/A' : '4',
    filing_url: `https://example.test/${id}`,
    pub_date: pubDate,
    transaction_date: input.transactionDate === undefined ? '2026-03-02' : input.transactionDate,
    filing_delay_days: 1,
    direction,
    is_amendment: input.isAmendment ?? false,
    amends: input.amends ?? null,
    amended_by: input.amendedBy ?? null,
    is_canonical: input.isCanonical ?? true,
    is_planned: input.isPlanned === undefined ? false : input.isPlanned,
    planned_evidence: null,
    company_id: input.companyId,
    insider_id: input.insiderId,
    co_reporter_ids: input.coReporterIds ?? [],
    insider_role: input.role ?? 'DIRECTOR',
    insider_role_raw: 'Director',
    is_director: (input.role ?? 'DIRECTOR') === 'DIRECTOR',
    is_officer: false,
    is_ten_pct_owner: false,
    is_closely_associated: false,
    co_reporters: JSON.stringify(input.coReporters ?? []),
    nature: input.nature === undefined ? direction : input.nature,
    nature_raw: direction === 'SELL' ? 'S' : 'P',
    instrument: 'Common Stock',
    isin: input.isin ?? null,
    unit_price: 10,
    volume: 100,
    total_amount: amount,
    currency: input.currency === undefined ? 'USD' : input.currency,
    total_amount_eur: input.totalAmountEur === undefined ? (amount === null ? null : amount * 0.9) : input.totalAmountEur,
    total_amount_usd: amount,
    venue: null,
    lines: JSON.stringify(input.lines ?? [line({ nature: direction === 'SELL' ? 'SELL' : 'BUY', code: direction === 'SELL' ? 'S' : 'P' })]),
    remarks: null,
    footnotes: JSON.stringify({}),
    extras: JSON.stringify({}),
    content_hash: `hash-${n}`,
    signal_score: scored ? input.signalScore : null,
    signal_version: scored ? 'v3' : null,
    signal_is_cluster: scored ? (input.signalIsCluster ?? false) : null,
    signal_cluster_size: scored ? 1 : null,
    signal_computed_at: scored ? '2026-03-04T00:00:00.000Z' : null,
    ingested_at: pubDate,
    updated_at: pubDate,
  };
}

/** Inserts declarations and stamps them in one transaction, as the ingest store does. */
export async function insertDeclarations(db: Knex, inputs: DeclarationInput[]): Promise<string[]> {
  const rows = inputs.map(declarationRow);
  await db.transaction(async (trx) => {
    await trx('declarations').insert(rows);
    await stampChanges(trx, rows.map((r) => r.id as string));
  });
  return rows.map((r) => r.id as string);
}

export async function insertDeclaration(db: Knex, input: DeclarationInput): Promise<string> {
  const [id] = await insertDeclarations(db, [input]);
  return id!;
}
