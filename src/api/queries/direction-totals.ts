import type { Knex } from 'knex';

/** `buy_eur` and `sell_eur`: EUR amounts of the BUY and SELL declarations aliased `d` (0 when none). */
export function amountsByDirection(db: Knex): Knex.Raw[] {
  return [
    db.raw("coalesce(sum(d.total_amount_eur) filter (where d.direction = 'BUY'), 0) as buy_eur"),
    db.raw("coalesce(sum(d.total_amount_eur) filter (where d.direction = 'SELL'), 0) as sell_eur"),
  ];
}

/** `buys` and `sells`: how many BUY and SELL declarations aliased `d`. */
export function countsByDirection(db: Knex): Knex.Raw[] {
  return [db.raw("count(*) filter (where d.direction = 'BUY') as buys"), db.raw("count(*) filter (where d.direction = 'SELL') as sells")];
}

/** An EUR sum to the cent: amounts are doubles, and adding many leaves float noise (0.1 + 0.2). */
export function eurCents(eur: number): number {
  return Math.round(eur * 100) / 100;
}
