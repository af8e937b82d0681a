import type { Db } from '../db/knex.js';

/** Blocks reported beside the sources in `meta.dataFreshness` (see API.md, Conventions). */
export const DERIVED_BLOCKS = ['prices', 'fx', 'scoring', 'backtest'] as const;

export type DataFreshness = Record<string, string | null>;

/**
 * `meta.dataFreshness`: the last successful update of each enabled source and derived block,
 * null when it never succeeded. The keyed API computes the same thing; the sandbox takes its
 * function when mounted in the app and falls back to this one standing alone.
 */
export async function readDataFreshness(db: Db, enabledSources: readonly string[]): Promise<DataFreshness> {
  const [sources, blocks] = await Promise.all([
    db('sources').select('source', 'last_success_at') as Promise<Array<{ source: string; last_success_at: Date | null }>>,
    db('data_freshness').select('block', 'updated_at') as Promise<Array<{ block: string; updated_at: Date }>>,
  ]);
  const freshness: DataFreshness = {};
  const bySource = new Map(sources.map((s) => [s.source, s.last_success_at]));
  for (const source of enabledSources) freshness[source] = bySource.get(source)?.toISOString() ?? null;
  const byBlock = new Map(blocks.map((b) => [b.block, b.updated_at]));
  for (const block of DERIVED_BLOCKS) freshness[block] = byBlock.get(block)?.toISOString() ?? null;
  return freshness;
}
