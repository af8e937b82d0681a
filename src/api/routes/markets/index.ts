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

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

interface SourceStatsRow {
  source: string;
  declarations: string | number;
  market: string | null;
  regulator: string | null;
  first_at: Date | null;
  last_at: Date | null;
}

/**
 * Every regulator that is enabled, has a source row, or has declarations; one entry per source.
 * One statement: the sources with declarations and their counts (source_declaration_counts,
 * kept by triggers), then per source its market, regulator and the two ends of its coverage from
 * the (source, pub_date) index.
 */
export async function listMarkets(db: Db, config: Config, q: { market?: string[]; limit: number; offset: number }) {
  const [sources, stats, companies] = await Promise.all([
    db('sources').select('source', 'status', 'last_success_at', 'last_error', 'last_error_at') as Promise<SourceRow[]>,
    db.raw<{ rows: SourceStatsRow[] }>(
      `with wanted as (
         select source from source_declaration_counts where declarations > 0
         union select unnest(?::text[]) union select source from sources)
       select w.source,
              coalesce((select c.declarations from source_declaration_counts c where c.source = w.source), 0) as declarations,
              (select market from declarations d where d.source = w.source and d.is_canonical limit 1) as market,
              (select regulator from declarations d where d.source = w.source and d.is_canonical limit 1) as regulator,
              (select min(pub_date) from declarations d where d.source = w.source and d.is_canonical) as first_at,
              (select max(pub_date) from declarations d where d.source = w.source and d.is_canonical) as last_at
         from wanted w order by w.source`,
      [[...config.enabledSources]],
    ),
    db('companies').groupBy('market').select('market', db.raw('count(*) as companies')) as Promise<Array<{ market: string; companies: string | number }>>,
  ]);
  const all = stats.rows.map((detail) => {
    const source = detail.source;
    const state = sources.find((s) => s.source === source);
    const known = SOURCE_CATALOGUE[source];
    const market = detail.market ?? known?.market ?? 'xx';
    return {
      market,
      source,
      regulator: detail.regulator ?? known?.regulator ?? source.toUpperCase(),
      country: MARKET_COUNTRIES[market]?.country ?? null,
      currency: MARKET_COUNTRIES[market]?.currency ?? null,
      enabled: config.enabledSources.includes(source),
      counters: {
        declarations: Number(detail.declarations),
        companies: Number(companies.find((c) => c.market === market)?.companies ?? 0),
      },
      coverage: { from: iso(detail.first_at), to: iso(detail.last_at) },
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
