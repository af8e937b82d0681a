import { z } from 'zod';
import type { Config } from '../../../config.js';
import type { Db } from '../../../db/knex.js';
import { MARKET_COUNTRIES, SOURCE_CATALOGUE } from '../../catalogue.js';
import { marketsParam, paginationParams } from '../../params.js';
import { listingOf, MarketSchemaOut } from '../../responses.js';
import { defineRoute } from '../../types.js';

interface SourceRow {
  source: string;
  status: string;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
}

interface CountRow {
  source: string;
  market: string;
  regulator: string;
  declarations: string | number;
  companies: string | number;
  first_at: Date | null;
  last_at: Date | null;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Every regulator that is enabled, has a source row, or has declarations; one entry per source. */
export async function listMarkets(db: Db, config: Config, q: { market?: string[]; limit: number; offset: number }) {
  const [sources, counts] = await Promise.all([
    db('sources').select('source', 'status', 'last_success_at', 'last_error', 'last_error_at') as Promise<SourceRow[]>,
    db('declarations')
      .where('is_canonical', true)
      .groupBy('source', 'market', 'regulator')
      .select(
        'source',
        'market',
        'regulator',
        db.raw('count(*) as declarations'),
        db.raw('count(distinct company_id) as companies'),
        db.raw('min(pub_date) as first_at'),
        db.raw('max(pub_date) as last_at'),
      ) as Promise<CountRow[]>,
  ]);
  const names = new Set<string>([...config.enabledSources, ...sources.map((s) => s.source), ...counts.map((c) => c.source)]);
  const all = [...names].sort().map((source) => {
    const state = sources.find((s) => s.source === source);
    const rows = counts.filter((c) => c.source === source);
    const known = SOURCE_CATALOGUE[source];
    const market = rows[0]?.market ?? known?.market ?? 'xx';
    const firsts = rows.map((r) => r.first_at).filter((d): d is Date => d !== null);
    const lasts = rows.map((r) => r.last_at).filter((d): d is Date => d !== null);
    return {
      market,
      source,
      regulator: rows[0]?.regulator ?? known?.regulator ?? source.toUpperCase(),
      country: MARKET_COUNTRIES[market]?.country ?? null,
      currency: MARKET_COUNTRIES[market]?.currency ?? null,
      enabled: config.enabledSources.includes(source),
      counters: {
        declarations: rows.reduce((s, r) => s + Number(r.declarations), 0),
        companies: rows.reduce((s, r) => s + Number(r.companies), 0),
      },
      coverage: {
        from: firsts.length ? new Date(Math.min(...firsts.map((d) => d.getTime()))).toISOString() : null,
        to: lasts.length ? new Date(Math.max(...lasts.map((d) => d.getTime()))).toISOString() : null,
      },
      lastIngestAt: iso(state?.last_success_at),
      status: state?.status ?? 'never_run',
      lastError: state?.last_error ?? null,
      lastErrorAt: iso(state?.last_error_at),
    };
  });
  const items = q.market ? all.filter((m) => q.market!.includes(m.market)) : all;
  return { items: items.slice(q.offset, q.offset + q.limit), total: items.length, limit: q.limit, offset: q.offset };
}

export const marketRoutes = [
  defineRoute({
    name: 'listMarkets',
    path: '/markets',
    tag: 'Markets',
    summary: 'Catalogue of regulators: counters, coverage window, last ingest, status and last error',
    query: z.strictObject({ market: marketsParam.optional(), ...paginationParams }),
    response: listingOf(MarketSchemaOut),
    listing: true,
    sandbox: true,
    handler: ({ db, config, query }) => listMarkets(db, config, query),
  }),
];
