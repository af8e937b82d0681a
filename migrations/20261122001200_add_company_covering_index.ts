import type { Knex } from 'knex';

/**
 * /companies/{slug}/flow aggregates every discretionary declaration of an issuer; read from the
 * table, that is one heap page per declaration (thousands for a large issuer). The company index
 * now carries the columns the flow needs, so it is answered by an index-only scan, while still
 * serving the issuer's listing in (pub_date desc, id desc) order.
 */
const COVERING =
  'declarations (company_id, pub_date desc, id desc) include (direction, transaction_date, total_amount_eur, insider_id, signal_score, insider_role) where is_canonical';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index declarations_company_flow on ${COVERING}`);
  await knex.raw('drop index if exists declarations_company_pub_date');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('create index declarations_company_pub_date on declarations (company_id, pub_date desc, id desc) where is_canonical');
  await knex.raw('drop index if exists declarations_company_flow');
}
