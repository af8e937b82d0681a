import type { Knex } from 'knex';

/**
 * Admits several requests in one call: what an API process sends when requests arrive while its
 * previous call is still in flight (src/auth/admit.ts). One call per request made every request
 * upsert the same three rows (the key's burst window, the account's day, the key's day); with a
 * few dozen connections doing so at once, each waited for the others' row locks, and the waiting
 * cost more than the updates.
 *
 * The outcome of each request is what one call per request would have given, had the batch's
 * requests arrived grouped by key in key order (any order of arrival within one call is a valid
 * one): a request over the burst is refused and still counted in the window; one within the burst
 * but over the account's quota is refused and not counted as usage. Rows are locked by kind (burst
 * windows, then account days, then key days) and by id within a kind, so two batches, or a batch
 * and sigma_api_admit, never wait for each other in a cycle.
 *
 * `p_now` exists for tests; callers leave it null (the database clock, one clock for every process).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function sigma_api_admit_batch(p_key_hashes text[], p_sources text[], p_now timestamptz default null)
    returns table (
      ord integer, outcome text, key_id bigint, account_id bigint, daily_quota integer, burst_per_second integer,
      used_today bigint, burst_used integer, checked_at timestamptz, data_freshness text
    )
    language plpgsql as $fn$
    declare
      v_now timestamptz := coalesce(p_now, clock_timestamp());
      v_day date := (v_now at time zone 'UTC')::date;
      v_second timestamptz := date_trunc('second', v_now);
      -- One entry per valid key in the batch, ordered by key id.
      v_hashes text[];
      v_keys bigint[];
      v_accounts bigint[];
      v_quotas integer[];
      v_bursts integer[];
      v_counts integer[];
      v_burst_before integer[];
      v_passed integer[];
      v_used_before bigint[];
      v_admitted integer[];
      v_after integer;
      v_used bigint;
      v_account bigint;
      v_freshness text;
      i integer;
      j integer;
      n integer;
    begin
      select array_agg(g.hash order by ak.id), array_agg(ak.id order by ak.id), array_agg(ak.account_id order by ak.id),
             array_agg(a.daily_quota order by ak.id), array_agg(a.burst_per_second order by ak.id), array_agg(g.n order by ak.id)
        into v_hashes, v_keys, v_accounts, v_quotas, v_bursts, v_counts
        from (select h as hash, count(*)::integer as n from unnest(p_key_hashes) as h group by h) g
        join api_keys ak on ak.key_hash = g.hash and ak.revoked_at is null
        join accounts a on a.id = ak.account_id and a.disabled_at is null;
      n := coalesce(cardinality(v_keys), 0);
      if n > 0 then
        perform set_config('synchronous_commit', 'off', true);
      end if;

      -- Burst windows, by key id. Every request counts in its window, refused or not.
      v_burst_before := array_fill(0, array[greatest(n, 1)]);
      v_passed := array_fill(0, array[greatest(n, 1)]);
      for i in 1 .. n loop
        insert into api_burst as b (key_id, window_start, requests) values (v_keys[i], v_second, v_counts[i])
        on conflict on constraint api_burst_pkey do update
           set window_start = greatest(b.window_start, excluded.window_start),
               requests = case when excluded.window_start <= b.window_start then b.requests + excluded.requests else excluded.requests end
        returning b.requests into v_after;
        v_burst_before[i] := v_after - v_counts[i];
        v_passed[i] := greatest(0, least(v_counts[i], v_bursts[i] - v_burst_before[i]));
      end loop;

      -- Account days, by account id: each account's keys draw on its quota in key order.
      v_used_before := array_fill(0::bigint, array[greatest(n, 1)]);
      v_admitted := array_fill(0, array[greatest(n, 1)]);
      for v_account in select distinct x from unnest(v_accounts) as x order by x loop
        if exists (select 1 from generate_subscripts(v_keys, 1) s where v_accounts[s] = v_account and v_passed[s] > 0) then
          loop
            select u.requests into v_used from account_usage u where u.account_id = v_account and u.day = v_day for update;
            exit when found;
            insert into account_usage (account_id, day, requests) values (v_account, v_day, 0) on conflict do nothing;
          end loop;
        else
          select coalesce(max(u.requests), 0) into v_used from account_usage u where u.account_id = v_account and u.day = v_day;
        end if;
        for i in 1 .. n loop
          continue when v_accounts[i] <> v_account;
          v_used_before[i] := v_used;
          v_admitted[i] := greatest(0, least(v_passed[i], v_quotas[i] - v_used));
          v_used := v_used + v_admitted[i];
        end loop;
        if exists (select 1 from generate_subscripts(v_keys, 1) s where v_accounts[s] = v_account and v_admitted[s] > 0) then
          update account_usage u set requests = v_used where u.account_id = v_account and u.day = v_day;
        end if;
      end loop;

      -- Key days, by key id: requests served.
      for i in 1 .. n loop
        continue when v_admitted[i] = 0;
        insert into api_key_usage as ku (key_id, day, requests, last_used_at) values (v_keys[i], v_day, v_admitted[i], v_now)
        on conflict on constraint api_key_usage_pkey do update
           set requests = ku.requests + excluded.requests, last_used_at = greatest(ku.last_used_at, excluded.last_used_at);
      end loop;

      if exists (select 1 from unnest(v_admitted) as x where x > 0) then
        v_freshness := sigma_data_freshness(p_sources);
      end if;

      -- One row per request, in the order given; j = its place among its key's requests.
      return query
        select r.ord::integer,
               case when k.i is null then 'invalid'
                    when r.j > v_passed[k.i] then 'burst'
                    when r.j > v_admitted[k.i] then 'quota'
                    else 'ok' end,
               v_keys[k.i], v_accounts[k.i], v_quotas[k.i], v_bursts[k.i],
               case when k.i is null then null
                    when r.j > v_passed[k.i] then v_used_before[k.i] + v_admitted[k.i]
                    when r.j > v_admitted[k.i] then v_quotas[k.i]::bigint
                    else v_used_before[k.i] + r.j end,
               case when k.i is null then null else v_burst_before[k.i] + r.j::integer end,
               v_now,
               case when k.i is not null and r.j <= v_admitted[k.i] then v_freshness end
          from (select h.hash, h.ord, row_number() over (partition by h.hash order by h.ord) as j
                  from unnest(p_key_hashes) with ordinality as h(hash, ord)) r
          left join (select s as i, v_hashes[s] as hash from generate_subscripts(v_keys, 1) as s) k on k.hash = r.hash
         order by r.ord;
    end
    $fn$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function if exists sigma_api_admit_batch(text[], text[], timestamptz)');
}
