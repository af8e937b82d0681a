import type { Knex } from 'knex';
import { stampChanges } from '../db/change-clock.js';
import { FxTable, loadFxTable, roundCents } from './fx.js';

/** The declaration columns a conversion reads. */
export interface AmountRow {
  id: string;
  total_amount: number | null;
  currency: string | null;
  transaction_date: string | null;
  /** The publication's UTC calendar day, used when the filing gives no transaction date. */
  pub_day: string;
  nature: string | null;
  /** Only read when `currency` is null (lines in several currencies). */
  lines: unknown;
  total_amount_eur: number | null;
  total_amount_usd: number | null;
}

export interface ConvertedAmounts {
  eur: number | null;
  usd: number | null;
}

interface LineAmount {
  kind: string | null;
  nature: string | null;
  amount: number | null;
  currency: string | null;
  transactionDate: string | null;
}

function readLines(value: unknown): LineAmount[] | null {
  const list = typeof value === 'string' ? safeJson(value) : value;
  if (!Array.isArray(list)) return null;
  return list.map((raw) => {
    const l = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    return {
      kind: typeof l.kind === 'string' ? l.kind : null,
      nature: typeof l.nature === 'string' ? l.nature : null,
      amount: typeof l.amount === 'number' && Number.isFinite(l.amount) ? l.amount : null,
      currency: typeof l.currency === 'string' ? l.currency : null,
      transactionDate: typeof l.transactionDate === 'string' ? l.transactionDate : null,
    };
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Total of the summarized lines in `target`, each line converted in its own currency at its own
 * date. Used when the lines mix currencies (the summary currency is then null). The lines summed
 * are those the summary chose (transactions of the summary's nature); if they do not add up to the
 * stored total, the stored total came from elsewhere and no conversion is claimed.
 */
function convertLines(row: AmountRow, fx: FxTable, target: string, day: string): number | null {
  const lines = readLines(row.lines);
  if (!lines || row.total_amount === null) return null;
  const chosen = lines.filter((l) => l.kind === 'transaction' && l.nature === row.nature);
  if (chosen.length === 0) return null;
  const rawSum = chosen.reduce((s, l) => s + (l.amount ?? Number.NaN), 0);
  if (!Number.isFinite(rawSum) || Math.abs(rawSum - row.total_amount) > 1e-6 * Math.max(1, Math.abs(rawSum))) return null;
  let total = 0;
  for (const line of chosen) {
    const converted = fx.convert(line.amount, line.currency, target, line.transactionDate ?? day);
    if (converted === null) return null;
    total += converted;
  }
  return roundCents(total);
}

/**
 * A declaration's total in EUR and USD at the rate of its transaction date (the publication day
 * when the filing gives none). GBp/GBX amounts are pence. Null where a rate or currency is missing.
 */
export function convertedAmounts(row: AmountRow, fx: FxTable): ConvertedAmounts {
  if (row.total_amount === null) return { eur: null, usd: null };
  const day = row.transaction_date ?? row.pub_day;
  if (row.currency !== null) {
    return {
      eur: fx.convert(row.total_amount, row.currency, 'EUR', day),
      usd: fx.convert(row.total_amount, row.currency, 'USD', day),
    };
  }
  return { eur: convertLines(row, fx, 'EUR', day), usd: convertLines(row, fx, 'USD', day) };
}

export interface ConvertOptions {
  /** Only these declarations (e.g. just ingested); default: all. */
  ids?: readonly string[];
  /**
   * Only declarations dated on or after this day, plus any whose converted amounts are missing or
   * stale-without-amount (what new FX closes can change); default: every date.
   */
  fromDate?: string;
  batchSize?: number;
  /** Reuse rates already loaded (a refresh converts after storing them). */
  fx?: FxTable;
}

export interface ConvertSummary {
  examined: number;
  changed: number;
  /** Declarations with an amount that still have no EUR value (no rate or unknown currency). */
  withoutEur: number;
}

/**
 * Fills `total_amount_eur` / `total_amount_usd` from `total_amount` + `currency`. Rows whose values
 * change are written, and stamped through the change clock, in one transaction per batch, so API
 * pollers following `updatedSince` see the new amounts; unchanged rows are left untouched.
 */
export async function convertDeclarationAmounts(db: Knex, options: ConvertOptions = {}): Promise<ConvertSummary> {
  const fx = options.fx ?? (await loadFxTable(db));
  const batchSize = options.batchSize ?? 2000;
  const summary: ConvertSummary = { examined: 0, changed: 0, withoutEur: 0 };
  const idBatches: Array<readonly string[] | null> = options.ids
    ? chunk([...new Set(options.ids)], batchSize)
    : [null];

  for (const ids of idBatches) {
    let afterId: string | null = null;
    for (;;) {
      const query = db('declarations')
        .select<AmountRow[]>(
          'id',
          'total_amount',
          'currency',
          'transaction_date',
          db.raw(`to_char(pub_date at time zone 'UTC', 'YYYY-MM-DD') as pub_day`),
          'nature',
          db.raw('case when currency is null and total_amount is not null then lines end as lines'),
          'total_amount_eur',
          'total_amount_usd',
        )
        .orderBy('id')
        .limit(batchSize);
      if (ids) query.whereIn('id', ids);
      if (afterId !== null) query.where('id', '>', afterId);
      if (options.fromDate) {
        const fromDate = options.fromDate;
        query.where((w) =>
          w
            .whereRaw(`coalesce(transaction_date, (pub_date at time zone 'UTC')::date) >= ?::date`, [fromDate])
            .orWhereRaw('total_amount is not null and (total_amount_eur is null or total_amount_usd is null)')
            .orWhereRaw('total_amount is null and (total_amount_eur is not null or total_amount_usd is not null)'),
        );
      }
      const rows = await query;
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1]!.id;
      summary.examined += rows.length;

      const changed: Array<{ id: string } & ConvertedAmounts> = [];
      for (const row of rows) {
        const next = convertedAmounts(row, fx);
        if (row.total_amount !== null && next.eur === null) summary.withoutEur += 1;
        if (next.eur !== row.total_amount_eur || next.usd !== row.total_amount_usd) changed.push({ id: row.id, ...next });
      }
      if (changed.length > 0) {
        await db.transaction(async (trx) => {
          await trx.raw(
            `update declarations d
                set total_amount_eur = u.eur, total_amount_usd = u.usd
               from unnest(?::text[], ?::double precision[], ?::double precision[]) as u(id, eur, usd)
              where d.id = u.id`,
            // node-pg sends null array members as SQL NULL; knex's binding type just does not say so.
            [changed.map((c) => c.id), changed.map((c) => c.eur) as number[], changed.map((c) => c.usd) as number[]],
          );
          await stampChanges(trx, changed.map((c) => c.id));
        });
        summary.changed += changed.length;
      }
      if (rows.length < batchSize) break;
    }
  }
  return summary;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
