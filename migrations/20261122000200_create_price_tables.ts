import type { Knex } from 'knex';

/**
 * Market data: Yahoo daily bars, quote snapshots (market cap over time, for point-in-time use),
 * FX daily rates and the symbol each company resolves to.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('price_bars', (t) => {
    t.text('symbol').notNullable();
    t.date('date').notNullable();
    t.double('open');
    t.double('high');
    t.double('low');
    t.double('close');
    // Split- and dividend-adjusted close, as Yahoo reports it.
    t.double('adj_close');
    t.double('volume');
    t.text('currency');
    t.timestamp('fetched_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['symbol', 'date']);
  });

  // One row per symbol and day a quote was taken: what was known about size on that day.
  await knex.schema.createTable('quote_snapshots', (t) => {
    t.text('symbol').notNullable();
    t.date('as_of').notNullable();
    t.text('currency');
    t.double('market_cap');
    t.double('shares_outstanding');
    t.double('price');
    t.text('exchange');
    t.text('long_name');
    t.timestamp('fetched_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['symbol', 'as_of']);
  });

  // 1 unit of base = rate units of quote, at that day's close.
  await knex.schema.createTable('fx_rates', (t) => {
    t.text('base').notNullable();
    t.text('quote').notNullable();
    t.date('date').notNullable();
    t.double('rate').notNullable();
    t.primary(['base', 'quote', 'date']);
  });

  // How a company was mapped to a Yahoo symbol (ticker, ISIN search…), cached; null symbol = not found.
  await knex.schema.createTable('symbol_resolutions', (t) => {
    t.bigInteger('company_id').primary().references('companies.id').onDelete('CASCADE');
    t.text('symbol');
    t.text('method').notNullable();
    t.text('query').notNullable();
    t.timestamp('resolved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Last successful refresh per data block (prices, fx, …), read by /health and meta.dataFreshness.
  await knex.schema.createTable('data_freshness', (t) => {
    t.text('block').primary();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.text('detail');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['data_freshness', 'symbol_resolutions', 'fx_rates', 'quote_snapshots', 'price_bars']) {
    await knex.schema.dropTableIfExists(table);
  }
}
