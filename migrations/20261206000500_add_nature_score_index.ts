import type { Knex } from 'knex';

/**
 * `/declarations?nature=…&sort=signalScore`: awards, gifts, exercises and tax withholdings are
 * seldom scored (they have no buy or sell direction), so walking the score index for them found
 * their rows only among the unscored, at its end: 3.4 s at a million declarations. Within one
 * nature this index is already in score order (several natures are read as one range each).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index declarations_nature_score on declarations (nature, signal_score desc nulls last, id desc) where is_canonical');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists declarations_nature_score');
}
