import type { Knex } from 'knex';

/**
 * API accounts, keys (SHA-256 only), usage counters and rate-limit state. Everything the limits
 * need lives in PostgreSQL so several API processes sharing one database enforce one budget.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('email');
    t.text('plan').notNullable();
    t.integer('daily_quota').notNullable();
    t.integer('burst_per_second').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('disabled_at', { useTz: true });
  });
  await knex.raw('alter table accounts add constraint accounts_limits_positive check (daily_quota > 0 and burst_per_second > 0)');

  await knex.schema.createTable('api_keys', (t) => {
    t.bigIncrements('id');
    t.bigInteger('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.text('name').notNullable();
    // The first characters of the key (`sit_live_` + 4), enough to recognise it in a list.
    t.text('prefix').notNullable();
    t.text('key_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
  await knex.raw("alter table api_keys add constraint api_keys_hash_is_sha256 check (key_hash ~ '^[0-9a-f]{64}$')");
  await knex.raw('create index api_keys_account_active on api_keys (account_id) where revoked_at is null');

  // Requests served per key and UTC day; `last_used_at` rides along so a request writes one row.
  await knex.schema.createTable('api_key_usage', (t) => {
    t.bigInteger('key_id').notNullable().references('api_keys.id').onDelete('CASCADE');
    t.date('day').notNullable();
    t.bigInteger('requests').notNullable();
    t.timestamp('last_used_at', { useTz: true }).notNullable();
    t.primary(['key_id', 'day']);
  });

  // The daily quota is per account: one counter row per account and UTC day.
  await knex.schema.createTable('account_usage', (t) => {
    t.bigInteger('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    t.date('day').notNullable();
    t.bigInteger('requests').notNullable();
    t.primary(['account_id', 'day']);
  });

  // Per-key one-second window. Unlogged: it is worthless after a crash, and skipping WAL keeps the
  // per-request write cheap.
  await knex.raw(`
    create unlogged table api_burst (
      key_id bigint primary key references api_keys(id) on delete cascade,
      window_start timestamptz not null,
      requests integer not null
    )`);

  // meta.dataFreshness: one key per enabled source, then prices, fx, scoring, backtest (null = never).
  await knex.raw(`
    create function sigma_data_freshness(p_sources text[]) returns text
    language sql stable as $fn$
      select json_object_agg(b.block, to_char(b.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') order by b.ord)::text
        from (
          select s.block, s.ord, (select last_success_at from sources where source = s.block) as at
            from unnest(p_sources) with ordinality as s(block, ord)
          union all
          select f.block, 1000 + f.ord, (select updated_at from data_freshness where block = f.block)
            from unnest(array['prices', 'fx', 'scoring', 'backtest']) with ordinality as f(block, ord)
        ) b
    $fn$`);

  /*
   * One round trip per request (the data freshness for meta rides along): authenticate by hash, count the burst window, take one unit of
   * the account's daily quota, count usage. Each counter is an atomic upsert, so concurrent
   * requests from any number of processes never overshoot a limit. A request refused for burst
   * does not consume quota; one refused for quota is not counted as usage.
   *
   * The counters commit asynchronously (synchronous_commit off for this transaction only): a
   * crash may forget the last fraction of a second of counts, which is cheaper than making every
   * API call wait for a disk flush.
   */
  await knex.raw(`
    create function sigma_api_admit(p_key_hash text, p_sources text[])
    returns table (
      outcome text, key_id bigint, account_id bigint, daily_quota integer, burst_per_second integer,
      used_today bigint, burst_used integer, checked_at timestamptz, data_freshness text
    )
    language plpgsql as $fn$
    declare
      k record;
      v_now timestamptz := clock_timestamp();
      v_day date := (v_now at time zone 'UTC')::date;
      v_second timestamptz := date_trunc('second', v_now);
      v_burst integer;
      v_used bigint;
    begin
      select ak.id, ak.account_id, a.daily_quota, a.burst_per_second into k
        from api_keys ak join accounts a on a.id = ak.account_id
       where ak.key_hash = p_key_hash and ak.revoked_at is null and a.disabled_at is null;
      if not found then
        return query select 'invalid'::text, null::bigint, null::bigint, null::integer, null::integer,
                            null::bigint, null::integer, v_now, null::text;
        return;
      end if;
      perform set_config('synchronous_commit', 'off', true);

      insert into api_burst as b (key_id, window_start, requests) values (k.id, v_second, 1)
      on conflict on constraint api_burst_pkey do update
         set window_start = greatest(b.window_start, excluded.window_start),
             requests = case when excluded.window_start <= b.window_start then b.requests + 1 else 1 end
      returning b.requests into v_burst;
      if v_burst > k.burst_per_second then
        select coalesce(max(u.requests), 0) into v_used
          from account_usage u where u.account_id = k.account_id and u.day = v_day;
        return query select 'burst'::text, k.id, k.account_id, k.daily_quota, k.burst_per_second,
                            v_used, v_burst, v_now, null::text;
        return;
      end if;

      insert into account_usage as u (account_id, day, requests) values (k.account_id, v_day, 1)
      on conflict on constraint account_usage_pkey do update
         set requests = u.requests + 1
       where u.requests < k.daily_quota
      returning u.requests into v_used;
      if not found then
        return query select 'quota'::text, k.id, k.account_id, k.daily_quota, k.burst_per_second,
                            k.daily_quota::bigint, v_burst, v_now, null::text;
        return;
      end if;

      insert into api_key_usage as ku (key_id, day, requests, last_used_at) values (k.id, v_day, 1, v_now)
      on conflict on constraint api_key_usage_pkey do update
         set requests = ku.requests + 1, last_used_at = greatest(ku.last_used_at, excluded.last_used_at);

      return query select 'ok'::text, k.id, k.account_id, k.daily_quota, k.burst_per_second,
                          v_used, v_burst, v_now, sigma_data_freshness(p_sources);
    end
    $fn$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function if exists sigma_api_admit(text, text[])');
  await knex.raw('drop function if exists sigma_data_freshness(text[])');
  for (const table of ['api_burst', 'account_usage', 'api_key_usage', 'api_keys', 'accounts']) {
    await knex.schema.dropTableIfExists(table);
  }
}
