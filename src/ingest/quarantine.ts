import type { Knex } from 'knex';

export interface QuarantineEntry {
  sourceId: string;
  url: string | null;
  error: string;
  rawDocumentId: number | null;
}

/**
 * Records documents (or single records) that could not be parsed, with a clear error, counting
 * attempts; the run goes on. A later successful parse of the same id resolves the entry.
 */
export async function quarantine(trx: Knex.Transaction, source: string, entries: QuarantineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const unique = new Map(entries.map((e) => [e.sourceId, e]));
  await trx('quarantine')
    .insert(
      [...unique.values()].map((e) => ({
        source,
        source_id: e.sourceId,
        url: e.url,
        error: e.error.slice(0, 4000),
        raw_document_id: e.rawDocumentId,
      })),
    )
    .onConflict(['source', 'source_id'])
    .merge({
      url: trx.raw('excluded.url'),
      error: trx.raw('excluded.error'),
      raw_document_id: trx.raw('coalesce(excluded.raw_document_id, quarantine.raw_document_id)'),
      attempts: trx.raw('quarantine.attempts + 1'),
      last_seen_at: trx.fn.now(),
      resolved_at: null,
    });
}

export async function resolveQuarantined(trx: Knex.Transaction, source: string, sourceIds: string[]): Promise<void> {
  if (sourceIds.length === 0) return;
  await trx('quarantine')
    .where({ source })
    .whereIn('source_id', sourceIds)
    .whereNull('resolved_at')
    .update({ resolved_at: trx.fn.now() });
}
