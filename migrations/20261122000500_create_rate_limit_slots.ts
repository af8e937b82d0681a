import type { Knex } from 'knex';

/**
 * The next free request slot per remote host, shared by every Sigma process on this database, so a
 * regulator's request ceiling (the SEC's 10/s) holds however many workers and CLI runs fetch.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbound_rate_slots', (t) => {
    t.text('host').primary();
    t.timestamp('next_slot', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('outbound_rate_slots');
}
