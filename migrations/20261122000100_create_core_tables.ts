import type { Knex } from 'knex';

/**
 * The foundation: sources and their cursors, raw documents, companies, insiders, declarations,
 * quarantine, ingest runs and the change clock that orders every update for pollers.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pg_trgm');

  await knex.schema.createTable('sources', (t) => {
    t.text('source').primary();
    t.jsonb('cursor');
    t.text('status').notNullable().defaultTo('idle');
    t.timestamp('last_attempt_at', { useTz: true });
    t.timestamp('last_success_at', { useTz: true });
    t.timestamp('last_error_at', { useTz: true });
    t.text('last_error');
    t.integer('consecutive_failures').notNullable().defaultTo(0);
    t.timestamp('next_poll_at', { useTz: true });
    t.text('locked_by');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('raw_documents', (t) => {
    t.bigIncrements('id');
    t.text('source').notNullable();
    t.text('source_id').notNullable();
    t.text('url');
    t.text('media_type').notNullable();
    t.timestamp('retrieved_at', { useTz: true }).notNullable();
    t.specificType('sha256', 'char(64)').notNullable();
    t.integer('size_bytes').notNullable();
    t.binary('body_gzip').notNullable();
    t.timestamp('stored_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['source', 'source_id', 'sha256']);
  });

  await knex.schema.createTable('companies', (t) => {
    t.bigIncrements('id');
    t.text('slug').notNullable().unique();
    t.text('name').notNullable();
    t.text('search_name').notNullable();
    t.text('market').notNullable();
    t.text('cik');
    t.text('isin');
    t.text('lei');
    t.text('source_company_id');
    t.text('ticker');
    t.text('exchange');
    t.text('yahoo_symbol');
    t.text('currency');
    t.double('market_cap');
    t.text('market_cap_currency');
    t.double('market_cap_eur');
    t.date('market_cap_as_of');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index companies_search_name_trgm on companies using gin (search_name gin_trgm_ops)');
  await knex.raw('create index companies_ticker on companies (upper(ticker))');

  // Every identifier ever seen for an issuer (several ISINs, CIK, LEI, a regulator's own id).
  await knex.schema.createTable('company_identifiers', (t) => {
    t.text('scheme').notNullable();
    t.text('value').notNullable();
    t.bigInteger('company_id').notNullable().references('companies.id').onDelete('CASCADE');
    t.primary(['scheme', 'value']);
    t.index(['company_id']);
  });

  await knex.schema.createTable('insiders', (t) => {
    t.bigIncrements('id');
    t.text('slug').notNullable().unique();
    t.text('name').notNullable();
    t.text('search_name').notNullable();
    // SEC_CIK:<cik> when the regulator has a person id, else NAME:<company id>:<name key>.
    t.text('identity_key').notNullable().unique();
    t.text('external_id');
    t.text('external_id_scheme');
    t.boolean('is_entity');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index insiders_search_name_trgm on insiders using gin (search_name gin_trgm_ops)');

  await knex.schema.createTable('declarations', (t) => {
    t.text('id').primary();
    t.text('source').notNullable();
    t.text('source_id').notNullable();
    t.text('market').notNullable();
    t.text('regulator').notNullable();
    t.text('form_type').notNullable();
    t.text('filing_url');
    t.timestamp('pub_date', { useTz: true }).notNullable();
    t.date('transaction_date');
    t.integer('filing_delay_days');
    t.text('direction');
    t.boolean('is_amendment').notNullable();
    t.text('amends');
    t.text('amended_by');
    t.text('link_key');
    t.text('amends_key');
    t.text('amends_id');
    // False for an amendment whose content has been folded into its original's canonical record.
    t.boolean('is_canonical').notNullable().defaultTo(true);
    t.boolean('is_planned');
    t.text('planned_evidence');
    t.bigInteger('company_id').notNullable().references('companies.id');
    t.bigInteger('insider_id').notNullable().references('insiders.id');
    t.specificType('co_reporter_ids', 'bigint[]').notNullable().defaultTo('{}');
    t.text('insider_role').notNullable();
    t.text('insider_role_raw');
    t.boolean('is_director').notNullable();
    t.boolean('is_officer').notNullable();
    t.boolean('is_ten_pct_owner').notNullable();
    t.boolean('is_closely_associated').notNullable();
    t.jsonb('co_reporters').notNullable();
    t.text('nature');
    t.text('nature_raw');
    t.text('instrument');
    t.text('isin');
    t.double('unit_price');
    t.double('volume');
    t.double('total_amount');
    t.text('currency');
    t.double('total_amount_eur');
    t.double('total_amount_usd');
    t.text('venue');
    t.jsonb('lines').notNullable();
    t.text('remarks');
    t.jsonb('footnotes').notNullable();
    t.jsonb('extras').notNullable();
    t.text('content_hash').notNullable();
    t.bigInteger('raw_document_id').references('raw_documents.id');
    t.double('signal_score');
    t.text('signal_version');
    t.boolean('signal_is_cluster');
    t.integer('signal_cluster_size');
    t.timestamp('signal_computed_at', { useTz: true });
    t.timestamp('ingested_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.unique(['source', 'source_id']);
  });
  await knex.raw('create index declarations_pub_date on declarations (pub_date, id) where is_canonical');
  await knex.raw('create index declarations_updated_at on declarations (updated_at, id)');
  await knex.raw('create index declarations_company on declarations (company_id, pub_date desc)');
  await knex.raw('create index declarations_insider on declarations (insider_id, pub_date desc)');
  await knex.raw('create index declarations_co_reporters on declarations using gin (co_reporter_ids)');
  await knex.raw('create index declarations_link_key on declarations (link_key) where link_key is not null');
  await knex.raw('create index declarations_amends_key on declarations (amends_key) where amends_key is not null');
  await knex.raw('create index declarations_amends_id on declarations (amends_id) where amends_id is not null');

  await knex.schema.createTable('quarantine', (t) => {
    t.bigIncrements('id');
    t.text('source').notNullable();
    t.text('source_id').notNullable();
    t.text('url');
    t.text('error').notNullable();
    t.integer('attempts').notNullable().defaultTo(1);
    t.timestamp('first_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.bigInteger('raw_document_id').references('raw_documents.id');
    t.timestamp('resolved_at', { useTz: true });
    t.unique(['source', 'source_id']);
  });

  await knex.schema.createTable('ingest_runs', (t) => {
    t.bigIncrements('id');
    t.text('source').notNullable();
    t.text('kind').notNullable();
    t.text('worker').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.integer('fetched').notNullable().defaultTo(0);
    t.integer('parsed').notNullable().defaultTo(0);
    t.integer('inserted').notNullable().defaultTo(0);
    t.integer('updated').notNullable().defaultTo(0);
    t.integer('unchanged').notNullable().defaultTo(0);
    t.integer('quarantined').notNullable().defaultTo(0);
    t.integer('skipped').notNullable().defaultTo(0);
    t.text('error');
    t.index(['source', 'started_at']);
  });

  // One row whose lock serializes the last step of every writing transaction, so updated_at values
  // are strictly increasing in commit order and a poller never skips a change (see store.ts).
  await knex.schema.createTable('change_clock', (t) => {
    t.integer('id').primary();
    t.timestamp('last_change_at', { useTz: true }).notNullable();
  });
  await knex.raw("insert into change_clock (id, last_change_at) values (1, 'epoch')");
  await knex.raw('alter table change_clock add constraint change_clock_single_row check (id = 1)');
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'change_clock',
    'ingest_runs',
    'quarantine',
    'declarations',
    'insiders',
    'company_identifiers',
    'companies',
    'raw_documents',
    'sources',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
