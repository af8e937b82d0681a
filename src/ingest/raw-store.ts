import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Knex } from 'knex';
import type { RawDocument } from '../../adapters/types.js';
import type { Db } from '../db/knex.js';

export function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Keeps every distinct version of every document verbatim (gzip + sha256), for audit and reparse.
 * Returns the stored row id of each document, parallel to `docs`.
 */
export async function storeRawDocuments(trx: Knex.Transaction, source: string, docs: RawDocument[]): Promise<number[]> {
  if (docs.length === 0) return [];
  const rows = docs.map((doc) => ({
    source,
    source_id: doc.sourceId,
    url: doc.url,
    media_type: doc.mediaType,
    retrieved_at: doc.retrievedAt,
    sha256: sha256(doc.body),
    size_bytes: doc.body.length,
    body_gzip: gzipSync(doc.body, { level: 6 }),
  }));
  const key = (r: { source_id: string; sha256: string }) => `${r.source_id}\u0000${r.sha256}`;
  const ids = new Map<string, number>();
  const inserted = (await trx('raw_documents')
    .insert(rows)
    .onConflict(['source', 'source_id', 'sha256'])
    .ignore()
    .returning(['id', 'source_id', 'sha256'])) as Array<{ id: number; source_id: string; sha256: string }>;
  for (const r of inserted) ids.set(key(r), r.id);
  const missing = rows.filter((r) => !ids.has(key(r)));
  if (missing.length) {
    const found = (await trx('raw_documents')
      .select('id', 'source_id', 'sha256')
      .where({ source })
      .whereIn(['source_id', 'sha256'], missing.map((r) => [r.source_id, r.sha256]))) as Array<{
      id: number;
      source_id: string;
      sha256: string;
    }>;
    for (const r of found) ids.set(key(r), r.id);
  }
  return rows.map((r) => ids.get(key(r))!);
}

export interface StoredRawDocument extends RawDocument {
  id: number;
  sha256: string;
}

interface RawRow {
  id: number;
  source_id: string;
  url: string | null;
  media_type: string;
  retrieved_at: Date;
  sha256: string;
  body_gzip: Buffer;
}

function toStored(r: RawRow): StoredRawDocument {
  return {
    id: r.id,
    sourceId: r.source_id,
    url: r.url,
    mediaType: r.media_type,
    retrievedAt: r.retrieved_at.toISOString(),
    sha256: r.sha256,
    body: gunzipSync(r.body_gzip),
  };
}

const RAW_COLUMNS = ['id', 'source_id', 'url', 'media_type', 'retrieved_at', 'sha256', 'body_gzip'] as const;

export async function loadRawDocument(db: Knex, id: number): Promise<StoredRawDocument | null> {
  const row = (await db('raw_documents').select(...RAW_COLUMNS).where({ id }).first()) as RawRow | undefined;
  return row ? toStored(row) : null;
}

/** Latest stored version of each document of a source, in id order, a page at a time. */
/** How many documents readRawDocuments yields for `source`: one (the latest copy) per source id. */
export async function countLatestRawDocuments(db: Db, source: string): Promise<number> {
  const [row] = (await db('raw_documents').where({ source }).countDistinct({ n: 'source_id' })) as Array<{ n: string | number }>;
  return Number(row?.n ?? 0);
}

export async function* readRawDocuments(
  db: Db,
  options: { source?: string; pageSize?: number } = {},
): AsyncGenerator<StoredRawDocument[]> {
  const pageSize = options.pageSize ?? 200;
  let afterId = 0;
  for (;;) {
    const q = db('raw_documents as r')
      .select(...RAW_COLUMNS.map((c) => `r.${c}`))
      .where('r.id', '>', afterId)
      .whereNotExists(
        db('raw_documents as newer')
          .whereRaw('newer.source = r.source and newer.source_id = r.source_id and newer.id > r.id'),
      )
      .orderBy('r.id')
      .limit(pageSize);
    if (options.source) q.andWhere('r.source', options.source);
    const rows = (await q) as RawRow[];
    if (rows.length === 0) return;
    afterId = rows.at(-1)!.id;
    yield rows.map(toStored);
  }
}
