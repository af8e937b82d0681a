import { adapterFor, knownSources } from '../../../adapters/registry.js';
import { openDatabase } from '../../db/connect.js';
import { countLatestRawDocuments, readRawDocuments } from '../../ingest/raw-store.js';
import { runIngest, type IncomingPage } from '../../ingest/runner.js';
import { parseCommandArgs, UsageError } from '../args.js';
import type { CliContext } from '../context.js';
import { formatSummary, progressReporter } from '../progress.js';


/**
 * Re-runs parse → normalize → store over every stored raw document of a source (after a parser
 * fix): declarations whose content changes are updated, quarantined documents that now parse are
 * resolved. No network.
 */
export async function reparseCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parseCommandArgs(argv, {});
  const source = positionals[0];
  const adapter = source ? adapterFor(source) : undefined;
  if (!adapter) throw new UsageError(`name one source to reparse (${knownSources().join(', ')})`);
  const handle = await openDatabase(ctx.config, ctx.log);
  const total = process.stderr.isTTY ? await countLatestRawDocuments(handle.db, adapter.source) : undefined;
  const progress = progressReporter(`reparse ${adapter.source}`, { total });
  const started = performance.now();
  try {
    async function* pages(): AsyncGenerator<IncomingPage> {
      for await (const docs of readRawDocuments(handle.db, { source: adapter!.source })) {
        yield { documents: docs.map((d) => ({ ...d, storedId: d.id })), cursor: null };
      }
    }
    const summary = await runIngest({
      db: handle.db,
      adapter,
      pages: pages(),
      kind: 'reparse',
      worker: ctx.worker,
      log: ctx.log,
      onProgress: progress.update,
    });
    progress.done();
    console.log(`reparse ${adapter.source}: ${formatSummary(summary, (performance.now() - started) / 1000)}`);
    return 0;
  } finally {
    await handle.close();
  }
}
