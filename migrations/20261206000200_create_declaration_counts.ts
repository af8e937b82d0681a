import type { Knex } from 'knex';

/**
 * How many canonical declarations each company and each source has, and each company's latest
 * publication, kept by triggers in the same transaction as the declarations they count (so they
 * are never stale). `/companies?sort=declarations` and `?sort=recent` counted or probed every
 * company's declarations on each request (0.2–0.35 s at a million), `/markets` counted the whole
 * table per source (0.2–0.45 s); every company listing and `/search` counted each listed company.
 *
 * Inserts and deletes are counted per statement from their transition tables (one upsert per
 * company touched, whatever the batch size); updates, which rarely change what is counted (an
 * amendment folding its original, a declaration moved to another company), per row, and only
 * when canonical status, company, source or publication date changed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table company_declaration_counts (
      company_id bigint primary key references companies(id) on delete cascade,
      declarations bigint not null,
      last_pub_date timestamptz
    )`);
  await knex.raw(`
    create table source_declaration_counts (
      source text primary key,
      declarations bigint not null
    )`);

  // Rows are upserted in key order so that concurrent writers lock them in the same order.
  await knex.raw(`
    create function sigma_count_declarations_inserted() returns trigger language plpgsql as $fn$
    begin
      insert into company_declaration_counts as c (company_id, declarations, last_pub_date)
      select company_id, count(*), max(pub_date) from inserted where is_canonical group by company_id order by company_id
      on conflict (company_id) do update
         set declarations = c.declarations + excluded.declarations,
             last_pub_date = greatest(c.last_pub_date, excluded.last_pub_date);
      insert into source_declaration_counts as s (source, declarations)
      select source, count(*) from inserted where is_canonical group by source order by source
      on conflict (source) do update set declarations = s.declarations + excluded.declarations;
      return null;
    end
    $fn$`);

  await knex.raw(`
    create function sigma_recount_company(p_company_id bigint) returns void language sql as $fn$
      update company_declaration_counts
         set last_pub_date = (select max(pub_date) from declarations where company_id = p_company_id and is_canonical)
       where company_id = p_company_id
    $fn$`);

  await knex.raw(`
    create function sigma_count_declarations_deleted() returns trigger language plpgsql as $fn$
    declare
      gone record;
    begin
      for gone in select company_id, count(*) as n from deleted where is_canonical group by company_id order by company_id loop
        update company_declaration_counts set declarations = declarations - gone.n where company_id = gone.company_id;
        perform sigma_recount_company(gone.company_id);
      end loop;
      update source_declaration_counts s set declarations = s.declarations - d.n
        from (select source, count(*) as n from deleted where is_canonical group by source) d
       where s.source = d.source;
      return null;
    end
    $fn$`);

  await knex.raw(`
    create function sigma_count_declaration_updated() returns trigger language plpgsql as $fn$
    begin
      if old.is_canonical then
        update company_declaration_counts set declarations = declarations - 1 where company_id = old.company_id;
        update source_declaration_counts set declarations = declarations - 1 where source = old.source;
      end if;
      if new.is_canonical then
        insert into company_declaration_counts as c (company_id, declarations, last_pub_date)
        values (new.company_id, 1, new.pub_date)
        on conflict (company_id) do update
           set declarations = c.declarations + 1, last_pub_date = greatest(c.last_pub_date, excluded.last_pub_date);
        insert into source_declaration_counts as s (source, declarations) values (new.source, 1)
        on conflict (source) do update set declarations = s.declarations + 1;
      end if;
      -- The latest publication may have been the one that left.
      if old.is_canonical then
        perform sigma_recount_company(old.company_id);
      end if;
      return null;
    end
    $fn$`);

  await knex.raw(`
    create function sigma_count_declarations_truncated() returns trigger language plpgsql as $fn$
    begin
      delete from company_declaration_counts;
      delete from source_declaration_counts;
      return null;
    end
    $fn$`);

  await knex.raw(`
    create trigger declarations_counted_on_insert after insert on declarations
    referencing new table as inserted for each statement execute function sigma_count_declarations_inserted()`);
  await knex.raw(`
    create trigger declarations_counted_on_delete after delete on declarations
    referencing old table as deleted for each statement execute function sigma_count_declarations_deleted()`);
  await knex.raw(`
    create trigger declarations_counted_on_update after update of is_canonical, company_id, source, pub_date on declarations
    for each row
    when ((old.is_canonical or new.is_canonical)
          and (old.is_canonical, old.company_id, old.source, old.pub_date) is distinct from (new.is_canonical, new.company_id, new.source, new.pub_date))
    execute function sigma_count_declaration_updated()`);
  await knex.raw(`
    create trigger declarations_counted_on_truncate after truncate on declarations
    for each statement execute function sigma_count_declarations_truncated()`);

  // Existing rows, counted under the lock the triggers were created with (no write can slip between).
  await knex.raw(`
    insert into company_declaration_counts (company_id, declarations, last_pub_date)
    select company_id, count(*), max(pub_date) from declarations where is_canonical group by company_id`);
  await knex.raw(`
    insert into source_declaration_counts (source, declarations)
    select source, count(*) from declarations where is_canonical group by source`);
}

export async function down(knex: Knex): Promise<void> {
  for (const trigger of ['declarations_counted_on_insert', 'declarations_counted_on_delete', 'declarations_counted_on_update', 'declarations_counted_on_truncate']) {
    await knex.raw(`drop trigger if exists ${trigger} on declarations`);
  }
  for (const fn of [
    'sigma_count_declarations_inserted()',
    'sigma_count_declarations_deleted()',
    'sigma_count_declaration_updated()',
    'sigma_count_declarations_truncated()',
    'sigma_recount_company(bigint)',
  ]) {
    await knex.raw(`drop function if exists ${fn}`);
  }
  await knex.raw('drop table if exists source_declaration_counts');
  await knex.raw('drop table if exists company_declaration_counts');
}
