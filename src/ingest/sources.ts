import type { FetchContext, SourceAdapter, SourceCursor } from '../../adapters/types.js';
import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import { createHttpClient, type HttpClient } from '../http/client.js';
import { sharedSlotReserver } from '../http/shared-rate-limiter.js';
import type { Logger } from '../log.js';
import { runIngest, type IngestSummary } from './runner.js';
import type { ScheduledJob } from './scheduler.js';

export class SourceRefusedError extends Error {
  constructor(readonly source: string, reason: string) {
    super(`${source}: live fetching refused: ${reason}`);
    this.name = 'SourceRefusedError';
  }
}

/**
 * The polite client for one adapter: its User-Agent and its per-host rate limits, enforced across
 * every process on the database when one is given.
 */
export function httpClientFor(adapter: SourceAdapter, config: Config, log: Logger, db?: Db): HttpClient {
  const ua = adapter.userAgent(config);
  if ('refused' in ua) throw new SourceRefusedError(adapter.source, ua.refused);
  return createHttpClient({
    userAgent: ua.userAgent,
    timeoutMs: config.http.timeoutMs,
    retries: config.http.retries,
    perHostPerSecond: adapter.hostRateLimits(config),
    reserveSlot: db ? sharedSlotReserver(db) : undefined,
    onRetry: ({ url, attempt, status, waitMs, reason }) =>
      log.info('retrying request', { source: adapter.source, url, attempt, status, waitMs: Math.round(waitMs), reason }),
  });
}

export function fetchContext(adapter: SourceAdapter, config: Config, log: Logger, signal: AbortSignal, db?: Db): FetchContext {
  return { http: httpClientFor(adapter, config, log, db), signal, config, log: log.child({ source: adapter.source }) };
}

export async function readCursor(db: Db, source: string): Promise<SourceCursor | null> {
  const row = (await db('sources').select('cursor').where({ source }).first()) as { cursor: SourceCursor | null } | undefined;
  return row?.cursor ?? null;
}

/** Status shown by /health and /markets: one row per source, updated after every attempt. */
export async function recordSourceAttempt(
  db: Db,
  source: string,
  outcome: { ok: true } | { ok: false; error: string; refused?: boolean },
): Promise<void> {
  const now = new Date();
  const base = { source, last_attempt_at: now, updated_at: now };
  const row = outcome.ok
    ? { ...base, status: 'ok', last_success_at: now, consecutive_failures: 0 }
    : { ...base, status: outcome.refused ? 'refused' : 'failing', last_error: outcome.error, last_error_at: now };
  // A source's first attempt inserts its row, so a first failure must count itself there too.
  await db('sources')
    .insert(outcome.ok ? row : { ...row, consecutive_failures: 1 })
    .onConflict('source')
    .merge({
      ...row,
      ...(outcome.ok ? {} : { consecutive_failures: db.raw('sources.consecutive_failures + 1') }),
    });
}

export interface SourceJobDeps {
  db: Db;
  config: Config;
  log: Logger;
  worker: string;
  onCommitted?: (changedIds: string[]) => Promise<void>;
  onSummary?: (summary: IngestSummary) => void;
}

/** The lock name shared by live polling and CLI backfills of a source (one fetcher per source). */
export const sourceLockName = (source: string) => `poll:${source}`;

/** Live polling of one source from its stored cursor, as a scheduled job. */
export function sourcePollJob(adapter: SourceAdapter, deps: SourceJobDeps): ScheduledJob {
  const intervalMs = adapter.pollIntervalSeconds(deps.config) * 1000;
  let refused = false;
  return {
    name: sourceLockName(adapter.source),
    retryBaseMs: Math.max(intervalMs, 30_000),
    nextRunAfterSuccess: (start) => new Date(start.getTime() + intervalMs),
    async run(signal) {
      refused = false;
      let ctx: FetchContext;
      try {
        ctx = fetchContext(adapter, deps.config, deps.log, signal, deps.db);
      } catch (error) {
        refused = error instanceof SourceRefusedError;
        throw error;
      }
      const cursor = await readCursor(deps.db, adapter.source);
      const summary = await runIngest({
        db: deps.db,
        adapter,
        pages: adapter.poll(cursor, ctx),
        kind: 'poll',
        worker: deps.worker,
        log: deps.log,
        signal,
        onCommitted: deps.onCommitted,
      });
      deps.onSummary?.(summary);
      if (summary.fetched > 0) deps.log.info(`${adapter.source} poll`, { ...summary });
    },
    onOutcome: (outcome) => recordSourceAttempt(deps.db, adapter.source, outcome.ok ? outcome : { ...outcome, refused }),
  };
}

/** Daily refresh of issuers' tickers/exchanges from the source's reference files, when it has them. */
export function companyReferenceJob(adapter: SourceAdapter, deps: SourceJobDeps): ScheduledJob | null {
  const fetchReference = adapter.companyReference?.bind(adapter);
  if (!fetchReference) return null;
  return {
    name: `reference:${adapter.source}`,
    lock: sourceLockName(adapter.source),
    retryBaseMs: 5 * 60_000,
    nextRunAfterSuccess: (start) => new Date(start.getTime() + 24 * 3600_000),
    async run(signal) {
      const references = await fetchReference(fetchContext(adapter, deps.config, deps.log, signal, deps.db));
      const updated = await applyCompanyReferences(deps.db, references);
      deps.log.info(`${adapter.source} company reference refreshed`, { references: references.length, updated });
    },
  };
}

/** Sets ticker and exchange of known companies matched by identifier; returns how many changed. */
export async function applyCompanyReferences(
  db: Db,
  references: Awaited<ReturnType<NonNullable<SourceAdapter['companyReference']>>>,
): Promise<number> {
  let updated = 0;
  const batchSize = 1000;
  for (let i = 0; i < references.length; i += batchSize) {
    const chunk = references.slice(i, i + batchSize).flatMap((r) => {
      const match = r.match.cik ? ['CIK', r.match.cik] : r.match.isin ? ['ISIN', r.match.isin] : r.match.lei ? ['LEI', r.match.lei] : null;
      return match ? [{ scheme: match[0]!, value: match[1]!, ticker: r.ticker, exchange: r.exchange }] : [];
    });
    if (chunk.length === 0) continue;
    const result = await db.raw(
      `update companies c
          set ticker = coalesce(v.ticker, c.ticker), exchange = coalesce(v.exchange, c.exchange), updated_at = now()
         from jsonb_to_recordset(?::jsonb) as v(scheme text, value text, ticker text, exchange text)
         join company_identifiers ci on ci.scheme = v.scheme and ci.value = v.value
        where ci.company_id = c.id
          and (c.ticker is distinct from coalesce(v.ticker, c.ticker) or c.exchange is distinct from coalesce(v.exchange, c.exchange))`,
      [JSON.stringify(chunk)],
    );
    updated += (result as { rowCount: number }).rowCount;
  }
  return updated;
}
