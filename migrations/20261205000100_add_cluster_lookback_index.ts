import type { Knex } from 'knex';

/**
 * /clusters reads every canonical declaration of one direction over its look-back. Without an
 * index led by (direction, pub_date) PostgreSQL walked the whole company index (a million entries
 * at the benchmark's size) to find the last 90 days; this one answers it with an index-only range
 * scan, carrying every column the clustering reads.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'create index declarations_direction_pub_date on declarations (direction, pub_date) include (id, company_id, insider_id, insider_role, transaction_date, total_amount_eur, signal_score, market) where is_canonical',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists declarations_direction_pub_date');
}
