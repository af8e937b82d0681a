import type { Knex } from 'knex';

/**
 * Indexes for the API's listings at scale: each typical filter + sort of /declarations reads an
 * index in order and stops at `limit`, with the id tie-break included so no sort step is needed.
 * Partial on `is_canonical`, as listings are. Prefix indexes serve one- and two-letter searches,
 * which trigram indexes cannot.
 */
const INDEXES: Array<[string, string]> = [
  ['declarations_market_pub_date', 'declarations (market, pub_date desc, id desc) where is_canonical'],
  ['declarations_market_score', 'declarations (market, signal_score desc nulls last, id desc) where is_canonical'],
  ['declarations_score', 'declarations (signal_score desc nulls last, id desc) where is_canonical'],
  ['declarations_amount', 'declarations (total_amount_eur desc nulls last, id desc) where is_canonical'],
  ['declarations_company_pub_date', 'declarations (company_id, pub_date desc, id desc) where is_canonical'],
  ['declarations_insider_pub_date', 'declarations (insider_id, pub_date desc, id desc) where is_canonical'],
  ['declarations_updated_canonical', 'declarations (updated_at, id) where is_canonical'],
  ['declarations_source_pub_date', 'declarations (source, pub_date) where is_canonical'],
  ['declarations_isin', 'declarations (isin) where isin is not null'],
  ['companies_isin', 'companies (isin) where isin is not null'],
  ['companies_search_name_prefix', 'companies (search_name text_pattern_ops)'],
  ['insiders_search_name_prefix', 'insiders (search_name text_pattern_ops)'],
];

export async function up(knex: Knex): Promise<void> {
  for (const [name, definition] of INDEXES) await knex.raw(`create index ${name} on ${definition}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) await knex.raw(`drop index if exists ${name}`);
}
