import type { Knex } from 'knex';
import {
  isSkipped,
  ParseError,
  type RawDocument,
  type SourceAdapter,
  type SourceCursor,
} from '../../adapters/types.js';
import type { Db } from '../db/knex.js';
import type { Logger } from '../log.js';
import { DeclarationDraftSchema, type DeclarationDraft } from '../model/index.js';
import { convertDeclarationAmounts } from '../prices/convert-declarations.js';
import { createFxCache } from '../prices/fx-cache.js';
import { quarantine, resolveQuarantined, type QuarantineEntry } from './quarantine.js';
import { loadRawDocument, storeRawDocuments } from './raw-store.js';
import { storeDrafts, type DraftLoader, type StoreOutcome } from './store.js';

export interface IngestSummary {
  fetched: number;
  parsed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  skipped: number;
}

export const emptySummary = (): IngestSummary => ({
  fetched: 0,
  parsed: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  quarantined: 0,
  skipped: 0,
});

/** A document on its way in; `storedId` is set when it is already in raw_documents (reparse). */
export type IncomingDocument = RawDocument & { storedId?: number };

/** A page of documents; `skipped` counts files the reader already found out of scope. */
export interface IncomingPage {
  documents: IncomingDocument[];
  cursor: SourceCursor | null;
  skipped?: number;
}

export interface IngestOptions {
  db: Db;
  adapter: SourceAdapter;
  pages: AsyncIterable<IncomingPage>;
  kind: 'poll' | 'backfill' | 'archive' | 'reparse';
  worker: string;
  log: Logger;
  /** Documents per transaction (bounded memory whatever the archive size). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (summary: IngestSummary) => void;
  /** Called after each committed batch with the declarations it inserted or updated. */
  onCommitted?: (changedIds: string[]) => Promise<void>;
}

interface ParsedDocument {
  doc: IncomingDocument;
  drafts: DeclarationDraft[];
  rejects: Array<{ sourceId: string; error: string }>;
  skipped: boolean;
}

function describe(error: unknown): string {
  if (error instanceof ParseError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Pure work of one document: parse, normalize and validate; every failure becomes a reject. */
export function parseDocument(adapter: SourceAdapter, doc: IncomingDocument): ParsedDocument {
  const result: ParsedDocument = { doc, drafts: [], rejects: [], skipped: false };
  let outcome;
  try {
    outcome = adapter.parse(doc);
  } catch (error) {
    result.rejects.push({ sourceId: error instanceof ParseError ? error.sourceId : doc.sourceId, error: describe(error) });
    return result;
  }
  if (isSkipped(outcome)) {
    result.skipped = true;
    return result;
  }
  for (const reject of outcome.rejects) result.rejects.push({ sourceId: reject.sourceId, error: reject.message });
  for (const record of outcome.records) {
    try {
      const draft = adapter.normalize(record, doc);
      const checked = DeclarationDraftSchema.safeParse(draft);
      if (!checked.success) {
        const problems = checked.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
        throw new Error(`normalized declaration ${draft.id} does not fit the common model (${problems.join('; ')})`);
      }
      if (draft.source !== adapter.source) throw new Error(`declaration ${draft.id} claims source ${draft.source}`);
      result.drafts.push(draft);
    } catch (error) {
      result.rejects.push({ sourceId: doc.sourceId, error: describe(error) });
    }
  }
  return result;
}

async function saveCursor(trx: Knex.Transaction, source: string, cursor: SourceCursor): Promise<void> {
  await trx('sources')
    .insert({ source, cursor: JSON.stringify(cursor) })
    .onConflict('source')
    .merge({ cursor: JSON.stringify(cursor), updated_at: trx.fn.now() });
}

const RETRYABLE_PG_CODES = new Set(['40001', '40P01', '23505']);

async function withRetry<T>(db: Db, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 4 || !code || !RETRYABLE_PG_CODES.has(code)) throw error;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
    }
  }
}

const fxTable = createFxCache();

/** Re-derives a stored declaration's own draft by parsing its raw document again. */
function draftLoader(trx: Knex.Transaction, adapter: SourceAdapter): DraftLoader {
  return async ({ id, rawDocumentId }) => {
    const doc = rawDocumentId === null ? null : await loadRawDocument(trx, rawDocumentId);
    return doc ? (parseDocument(adapter, doc).drafts.find((d) => d.id === id) ?? null) : null;
  };
}

/**
 * Writes one batch and (optionally) the cursor in a single transaction; new and changed
 * declarations get their EUR/USD amounts in that same transaction, so pollers see them complete.
 */
async function commitBatch(
  db: Db,
  adapter: SourceAdapter,
  parsed: ParsedDocument[],
  cursor: SourceCursor | null,
): Promise<{ outcome: StoreOutcome; quarantined: number }> {
  return withRetry(db, async (trx) => {
    const kept = parsed.filter((p) => !p.skipped);
    const toStore = kept.filter((p) => p.doc.storedId === undefined).map((p) => p.doc);
    const newIds = await storeRawDocuments(trx, adapter.source, toStore);
    const rawIdOf = new Map<IncomingDocument, number>();
    toStore.forEach((doc, i) => rawIdOf.set(doc, newIds[i]!));
    for (const p of kept) if (p.doc.storedId !== undefined) rawIdOf.set(p.doc, p.doc.storedId);

    const entries: QuarantineEntry[] = kept.flatMap((p) =>
      p.rejects.map((r) => ({ sourceId: r.sourceId, url: p.doc.url, error: r.error, rawDocumentId: rawIdOf.get(p.doc) ?? null })),
    );
    await quarantine(trx, adapter.source, entries);
    const outcome = await storeDrafts(
      trx,
      kept.flatMap((p) => p.drafts.map((draft) => ({ draft, rawDocumentId: rawIdOf.get(p.doc) ?? null }))),
      draftLoader(trx, adapter),
    );
    if (outcome.touched.length) await convertDeclarationAmounts(trx, { ids: outcome.touched, fx: await fxTable(trx) });
    const cleanIds = kept.filter((p) => p.rejects.length === 0 && p.drafts.length > 0).map((p) => p.doc.sourceId);
    await resolveQuarantined(trx, adapter.source, cleanIds);
    if (cursor) await saveCursor(trx, adapter.source, cursor);
    return { outcome, quarantined: entries.length };
  });
}

async function* batches(pages: AsyncIterable<IncomingPage>, size: number): AsyncGenerator<IncomingPage> {
  for await (const page of pages) {
    if (page.documents.length === 0) {
      if (page.cursor || page.skipped) yield page;
      continue;
    }
    for (let i = 0; i < page.documents.length; i += size) {
      const first = i === 0;
      const last = i + size >= page.documents.length;
      yield {
        documents: page.documents.slice(i, i + size),
        cursor: last ? page.cursor : null,
        skipped: first ? page.skipped : 0,
      };
    }
  }
}

/**
 * The ingest loop shared by polling, backfill, archive and reparse: fetch pages → parse and
 * normalize (pure, outside the transaction) → one transaction per batch storing raw documents,
 * quarantine entries, declarations and the cursor together. Parsing the next batch overlaps with
 * the database writing the previous one.
 */
export async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  const { db, adapter, log } = options;
  const summary = emptySummary();
  const [run] = (await db('ingest_runs')
    .insert({ source: adapter.source, kind: options.kind, worker: options.worker })
    .returning('id')) as Array<{ id: number }>;
  let pending: Promise<void> | null = null;
  let failure: unknown = null;
  try {
    for await (const batch of batches(options.pages, options.batchSize ?? 250)) {
      options.signal?.throwIfAborted();
      summary.fetched += batch.documents.length + (batch.skipped ?? 0);
      summary.skipped += batch.skipped ?? 0;
      const parsed = batch.documents.map((doc) => parseDocument(adapter, doc));
      for (const p of parsed) {
        if (p.skipped) summary.skipped += 1;
        else if (p.drafts.length > 0) summary.parsed += 1;
      }
      if (pending) await pending;
      pending = commitBatch(db, adapter, parsed, batch.cursor).then(async ({ outcome, quarantined }) => {
        summary.inserted += outcome.inserted.length;
        summary.updated += outcome.updated.length;
        summary.unchanged += outcome.unchanged.length;
        summary.quarantined += quarantined;
        for (const p of parsed) for (const r of p.rejects) log.warn('quarantined', { source: adapter.source, sourceId: r.sourceId, error: r.error });
        options.onProgress?.(summary);
        if (outcome.touched.length && options.onCommitted) await options.onCommitted(outcome.touched);
      });
      // Handled here so a failure surfacing while the next batch is parsed is not "unhandled";
      // the await above (or below) still rethrows it.
      pending.catch(() => undefined);
    }
    if (pending) await pending;
  } catch (error) {
    failure = error;
    if (pending) await pending.catch(() => undefined);
    throw error;
  } finally {
    await db('ingest_runs')
      .where({ id: run!.id })
      .update({ ...summary, finished_at: db.fn.now(), error: failure ? describe(failure) : null })
      .catch(() => undefined);
  }
  return summary;
}

