import type { Knex } from 'knex';

/**
 * Scores and backtests. `signals` keeps the full audit (factors and the point-in-time inputs used);
 * the headline numbers are mirrored on `declarations.signal_*` for fast listing and sorting.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signals', (t) => {
    t.text('declaration_id').primary().references('declarations.id').onDelete('CASCADE');
    t.text('version').notNullable();
    t.text('direction');
    t.double('score');
    t.text('null_reason');
    t.jsonb('factors').notNullable();
    t.jsonb('inputs').notNullable();
    t.boolean('is_cluster').notNullable();
    t.integer('cluster_size').notNullable();
    t.timestamp('computed_at', { useTz: true }).notNullable();
  });

  // Returns from the first close after pubDate, per horizon in trading days; rows exist only once matured.
  await knex.schema.createTable('backtest_returns', (t) => {
    t.text('declaration_id').notNullable().references('declarations.id').onDelete('CASCADE');
    t.integer('horizon').notNullable();
    t.text('symbol').notNullable();
    t.date('entry_date').notNullable();
    t.double('entry_price').notNullable();
    t.date('exit_date').notNullable();
    t.double('exit_price').notNullable();
    t.double('raw_return').notNullable();
    t.text('benchmark_symbol');
    t.double('benchmark_return');
    t.double('excess_return');
    t.timestamp('computed_at', { useTz: true }).notNullable();
    t.primary(['declaration_id', 'horizon']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('backtest_returns');
  await knex.schema.dropTableIfExists('signals');
}
