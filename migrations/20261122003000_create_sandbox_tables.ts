import type { Knex } from 'knex';

/**
 * Anonymous-sandbox state, shared by every API process: the generated master key (when the
 * operator sets none) and one row per accepted call. The call log is at once the replay guard
 * (a challenge id can be inserted once), the sliding 24-hour counter per fingerprint, and what
 * `sigma sandbox trace` shows; rows carry their own expiry and are purged after it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sandbox_secrets', (t) => {
    t.text('name').primary();
    t.binary('secret').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('sandbox_calls', (t) => {
    t.bigIncrements('id');
    t.text('challenge_id').notNullable().unique();
    // Keyed HMACs of (client IP or IPv6 /64, User-Agent) and of the address alone: never the
    // address itself. The address one bounds what rotating User-Agents can get from one network.
    t.text('fingerprint_hash').notNullable();
    t.text('address_hash').notNullable();
    t.boolean('is_bot').notNullable();
    t.integer('difficulty').notNullable();
    t.text('route').notNullable();
    t.timestamp('called_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['fingerprint_hash', 'called_at']);
    t.index(['address_hash', 'called_at']);
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sandbox_calls');
  await knex.schema.dropTableIfExists('sandbox_secrets');
}
