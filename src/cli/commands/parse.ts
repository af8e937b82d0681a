import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ADAPTERS, adapterFor, knownSources } from '../../../adapters/registry.js';
import { isSkipped, type RawDocument, type SourceAdapter } from '../../../adapters/types.js';
import { parseDocument } from '../../ingest/runner.js';
import { draftToDeclaration } from '../../model/index.js';
import { parseCommandArgs, UsageError } from '../args.js';


function pickAdapter(file: string, body: Buffer, source: string | undefined): { adapter: SourceAdapter; doc: RawDocument } {
  const retrievedAt = new Date().toISOString();
  const candidates = source ? [adapterFor(source)] : ADAPTERS;
  if (source && !candidates[0]) throw new UsageError(`unknown --source ${source}; known: ${knownSources().join(', ')}`);
  for (const adapter of candidates) {
    const doc = adapter!.readArchiveFile(path.basename(file), body, retrievedAt);
    if (!isSkipped(doc)) return { adapter: adapter!, doc };
    if (source) throw new UsageError(`${file} is not a ${source} document: ${doc.skipped}`);
  }
  throw new UsageError(`no adapter recognizes ${file}; pass --source (${knownSources().join(', ')})`);
}

/**
 * Parses one raw document exactly as ingestion would (parse → normalize → validate) and prints the
 * declaration(s) in the API's shape, or the reason it would be quarantined. No database needed.
 */
export async function parseCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    source: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('give exactly one FILE');
  const body = await readFile(file);
  const { adapter, doc } = pickAdapter(file, body, values.source);
  const result = parseDocument(adapter, doc);
  const declarations = result.drafts.map(draftToDeclaration);
  if (values.json) {
    console.log(JSON.stringify(result.skipped ? { skipped: true } : declarations.length === 1 && result.rejects.length === 0 ? declarations[0] : { declarations, rejects: result.rejects }, null, 2));
  } else {
    if (result.skipped) console.log(`${file}: out of scope for ${adapter.source}`);
    for (const d of declarations) {
      console.log(
        `${d.id}  ${d.pubDate}  ${d.company.name} (${d.company.ticker ?? d.company.isin ?? '-'})  ${d.insider.name} [${d.insider.role}]  ` +
          `${d.direction ?? d.transaction.nature ?? '-'}  ${d.transaction.volume ?? '-'} @ ${d.transaction.unitPrice ?? '-'} ${d.transaction.currency ?? ''}  ` +
          `${d.lines.length} line(s)${d.coReporters.length ? `, ${d.coReporters.length} co-reporter(s)` : ''}`,
      );
    }
  }
  for (const r of result.rejects) console.error(`would be quarantined: ${r.sourceId}: ${r.error}`);
  return result.rejects.length > 0 && declarations.length === 0 ? 1 : 0;
}
