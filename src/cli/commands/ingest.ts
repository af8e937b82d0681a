import { adapterFor, knownSources } from '../../../adapters/registry.js';
import type { SourceAdapter } from '../../../adapters/types.js';
import { openDatabase } from '../../db/connect.js';
import { withAdvisoryLock } from '../../db/locks.js';
import { countArchiveFiles, readArchive } from '../../ingest/archive.js';
import { runIngest, type IncomingPage, type IngestSummary } from '../../ingest/runner.js';
import { fetchContext, readCursor, recordSourceAttempt, sourceLockName } from '../../ingest/sources.js';
import { scoreDeclarations } from '../../signals/index.js';
import { parseCommandArgs, requireDate, UsageError } from '../args.js';
import type { CliContext } from '../context.js';
import { formatSummary, progressReporter } from '../progress.js';


export async function ingestCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    archive: { type: 'string' },
    'batch-size': { type: 'string' },
    'no-score': { type: 'boolean', default: false },
  });
  const source = positionals[0];
  if (!source || positionals.length > 1) throw new UsageError(`name one source (${knownSources().join(', ')})`);
  const adapter = adapterFor(source);
  if (!adapter) throw new UsageError(`unknown source ${source}; known: ${knownSources().join(', ')}`);
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) throw new UsageError('--batch-size must be a positive integer');
  if (values.archive && (values.from || values.to)) throw new UsageError('--archive and --from/--to are exclusive');
  const range = values.from || values.to ? { from: requireDate(values.from, '--from'), to: requireDate(values.to, '--to') } : null;
  if (range && range.from > range.to) throw new UsageError('--from must not be after --to');
  if (range && !adapter.backfill) throw new UsageError(`${source} has no date-range backfill`);

  const { config, log, worker } = ctx;
  const handle = await openDatabase(config, log);
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const total = values.archive && process.stderr.isTTY ? await countArchiveFiles(values.archive) : undefined;
  const progress = progressReporter(source, { total });
  const started = performance.now();
  try {
    const ingest = (pages: AsyncIterable<IncomingPage>, kind: 'archive' | 'backfill' | 'poll') =>
      runIngest({ db: handle.db, adapter, pages, kind, worker, log, batchSize, signal: controller.signal, onProgress: progress.update });
    let summary: IngestSummary;
    if (values.archive) {
      summary = await ingest(readArchive(values.archive, adapter), 'archive');
    } else {
      // Live fetching shares the poller's lock: one fetcher per source across every process.
      const fetchCtx = fetchContext(adapter, config, log, controller.signal, handle.db);
      const locked = await withAdvisoryLock(handle.db, sourceLockName(adapter.source), { wait: true }, async () =>
        range
          ? ingest(backfillPages(adapter, range, fetchCtx), 'backfill')
          : ingest(adapter.poll(await readCursor(handle.db, adapter.source), fetchCtx), 'poll'),
      );
      summary = (locked as { value: IngestSummary }).value;
      await recordSourceAttempt(handle.db, adapter.source, { ok: true });
    }
    progress.done();
    console.log(`${source}: ${formatSummary(summary, (performance.now() - started) / 1000)}`);
    if (!values['no-score'] && summary.inserted + summary.updated > 0) {
      const report = await scoreDeclarations(handle.db, { staleOnly: true, log });
      console.log(`scored ${report.scored} declaration(s) (${report.unscored} without a discretionary direction) in ${(report.durationMs / 1000).toFixed(1)}s`);
    }
    return 0;
  } finally {
    progress.done();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await handle.close();
  }
}

function backfillPages(adapter: SourceAdapter, range: { from: string; to: string }, ctx: Parameters<NonNullable<SourceAdapter['backfill']>>[1]) {
  return adapter.backfill!(range, ctx);
}
