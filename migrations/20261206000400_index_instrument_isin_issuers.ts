import type { Knex } from 'knex';

/**
 * `/declarations?isin=` matches a declaration by its issuer's ISIN or by the instrument's own. The
 * listing finds first which issuers can match (see resolveLookupFilters), among them those whose
 * declarations carry the ISIN as an instrument: with the issuer beside the ISIN in the index that
 * is an index-only scan, not a heap visit per declaration of a large issuer.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index declarations_isin_company on declarations (isin, company_id) where isin is not null');
  await knex.raw('drop index if exists declarations_isin');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('create index declarations_isin on declarations (isin) where isin is not null');
  await knex.raw('drop index if exists declarations_isin_company');
}
