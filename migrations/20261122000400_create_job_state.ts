import type { Knex } from 'knex';

/** Schedule and health of every recurring job (source polls, reference refreshes, prices, scoring). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('job_state', (t) => {
    t.text('name').primary();
    t.text('status').notNullable().defaultTo('idle');
    t.timestamp('next_run_at', { useTz: true });
    t.timestamp('last_started_at', { useTz: true });
    t.timestamp('last_success_at', { useTz: true });
    t.timestamp('last_error_at', { useTz: true });
    t.text('last_error');
    t.integer('consecutive_failures').notNullable().defaultTo(0);
    t.text('last_worker');
    t.double('last_duration_ms');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('job_state');
}
