import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isSkipped, type RawDocument, type SourceAdapter } from '../../adapters/types.js';
import type { IncomingPage } from './runner.js';

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

/** How many files lie under `dir` (what a progress bar over readArchive counts towards). */
export async function countArchiveFiles(dir: string): Promise<number> {
  let count = 0;
  for await (const _file of walk(path.resolve(dir))) count += 1;
  return count;
}

/**
 * Every raw document the adapter recognizes under `dir`, read lazily in pages (memory stays
 * bounded whatever the archive size). Files out of the adapter's scope are counted as skipped.
 */
export async function* readArchive(
  dir: string,
  adapter: SourceAdapter,
  pageSize = 250,
): AsyncGenerator<IncomingPage> {
  const root = path.resolve(dir);
  if (!(await stat(root)).isDirectory()) throw new Error(`${dir} is not a directory`);
  let documents: RawDocument[] = [];
  let skipped = 0;
  for await (const file of walk(root)) {
    const [body, info] = await Promise.all([readFile(file), stat(file)]);
    const doc = adapter.readArchiveFile(path.relative(root, file), body, info.mtime.toISOString());
    if (isSkipped(doc)) skipped += 1;
    else documents.push(doc);
    if (documents.length >= pageSize) {
      yield { documents, cursor: null, skipped };
      documents = [];
      skipped = 0;
    }
  }
  if (documents.length || skipped) yield { documents, cursor: null, skipped };
}
