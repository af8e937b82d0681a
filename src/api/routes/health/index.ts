import { z } from 'zod';
import type { Config } from '../../../config.js';
import { pingDb, type Db } from '../../../db/knex.js';
import { errors } from '../../errors.js';
import { loadDataFreshness } from '../../freshness.js';
import { HealthSchema } from '../../responses.js';
import { defineRoute } from '../../types.js';

interface SourceRow {
  source: string;
  status: string;
  last_success_at: Date | null;
  last_attempt_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  consecutive_failures: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Its last attempt failed: it has errored since its last success. */
function lastAttemptFailed(s: SourceRow): boolean {
  return s.consecutive_failures > 0 || (s.last_error_at !== null && (s.last_success_at === null || s.last_error_at > s.last_success_at));
}

/**
 * A source whose last attempt failed is `refused` when we declined to fetch it (e.g. live SEC
 * without SEC_USER_AGENT: a setting to fix, not an outage) and `failing` otherwise.
 */
function shownStatus(s: SourceRow): string {
  if (!lastAttemptFailed(s)) return s.status;
  return s.status === 'refused' ? 'refused' : 'failing';
}

/**
 * Liveness without a key: database reachable and its round-trip time, each source's state, and
 * per-stage freshness. 200 with status ok or degraded (an enabled source failing or refused); 503
 * when the database cannot be reached.
 */
export async function health(db: Db, config: Config) {
  let latencyMs: number;
  try {
    latencyMs = await pingDb(db);
  } catch (error) {
    throw errors.serviceUnavailable(`The database cannot be reached (${error instanceof Error ? error.message : String(error)}); retry later.`);
  }
  const [rows, freshness] = await Promise.all([
    db('sources').orderBy('source') as Promise<SourceRow[]>,
    loadDataFreshness(db, config),
  ]);
  const known = new Set(rows.map((r) => r.source));
  const sources = [
    ...rows.map((s) => ({
      source: s.source,
      enabled: config.enabledSources.includes(s.source),
      status: shownStatus(s),
      lastSuccessAt: iso(s.last_success_at),
      lastAttemptAt: iso(s.last_attempt_at),
      lastError: s.last_error,
      lastErrorAt: iso(s.last_error_at),
      consecutiveFailures: s.consecutive_failures,
    })),
    ...config.enabledSources
      .filter((s) => !known.has(s))
      .map((source) => ({
        source,
        enabled: true,
        status: 'never_run',
        lastSuccessAt: null,
        lastAttemptAt: null,
        lastError: null,
        lastErrorAt: null,
        consecutiveFailures: 0,
      })),
  ];
  // A refused source degrades the service as much as a failing one: it is enabled but not ingesting.
  const degraded = rows.some((s) => config.enabledSources.includes(s.source) && lastAttemptFailed(s));
  return {
    status: degraded ? ('degraded' as const) : ('ok' as const),
    database: { reachable: true, latencyMs },
    sources,
    freshness,
  };
}

export const healthRoutes = [
  defineRoute({
    name: 'getHealth',
    path: '/health',
    tag: 'Service',
    summary: 'Liveness: database reachable and latency, per-source status, per-stage freshness (no key needed)',
    query: z.strictObject({}),
    response: HealthSchema,
    listing: false,
    sandbox: false,
    public: true,
    handler: ({ db, config }) => health(db, config),
  }),
];
